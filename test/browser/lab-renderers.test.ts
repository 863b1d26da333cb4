import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { build } from "esbuild";
import { runCommand } from "../support/command";
import { launchBrowser } from "./browser";
import type { NotebookOutputs, RenderedOutput } from "./lab-renderers/page";

/**
 * What JupyterLab makes of the kernel's MIME bundles: every output of the notebooks,
 * executed with small sizes, rendered in Chromium by JupyterLab's own output area and
 * renderers (bundled from npm by esbuild, with jupyterlab-plotly's MIME extension
 * registered at its rank, as JupyterLab registers it). A screenshot goes to
 * test-artifacts/browser/ for a person to look at.
 */
const repo = resolve(__dirname, "..", "..", "..");
const artifacts = join(repo, "test-artifacts", "browser");
const PLOTLY = "application/vnd.plotly.v1+json";
const MINUTES = 60_000;
const SMALL_PARAMETERS = ["n=64", "nElement=40", "repeat=2", "maxWorkers=3"];

describe("JupyterLab's renderers on the executed notebooks", { timeout: 15 * MINUTES }, () => {
  let work: string;
  let rendered: RenderedOutput[];

  before(async () => {
    work = mkdtempSync(join(tmpdir(), "tsparallel-lab-"));
    const executed = join(work, "executed");
    const run = await runCommand(
      process.execPath,
      [join(repo, "scripts", "reports.mjs"), "--notebooks", join(repo, "notebooks"), "--out", executed, ...SMALL_PARAMETERS.flatMap((p) => ["--param", p])],
      { cwd: repo, timeoutMs: 12 * MINUTES },
    );
    assert.equal(run.status, 0, `executing the notebooks failed:\n${run.stdout}\n${run.stderr}`);
    const notebooks = readdirSync(executed).filter((f) => f.endsWith(".ipynb")).sort().map((file) => notebookOutputs(join(executed, file)));
    await build({
      entryPoints: [join(repo, "test", "browser", "lab-renderers", "page.ts")],
      bundle: true,
      outfile: join(work, "page.js"),
      format: "iife",
      platform: "browser",
      loader: { ".svg": "dataurl" },
      define: { "process.env.NODE_ENV": '"production"' },
      logLevel: "error",
    });
    const page = join(work, "index.html");
    writeFileSync(
      page,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>tsparallel outputs in JupyterLab's renderers</title><link rel="stylesheet" href="page.css"></head><body>` +
        // `<` escaped so that no output can end the script element early.
        `<script>window.tsparallelNotebooks = ${JSON.stringify(notebooks).replace(/</g, "\\u003c")};</script><script src="page.js"></script></body></html>`,
    );
    rendered = await renderInBrowser(page);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("renders every output, none fails", (t) => {
    const figures = rendered.filter((output) => output.sent.includes(PLOTLY)).length;
    t.diagnostic(`${rendered.length} outputs from ${new Set(rendered.map((o) => o.notebook)).size} notebooks; ${figures} plotly figures`);
    assert.ok(rendered.length > 20, `the notebooks have outputs (${rendered.length})`);
    assert.deepEqual(rendered.filter((output) => output.rendered === null).map(where), [], "every output has a renderer");
    assert.deepEqual(rendered.filter((output) => output.failure !== null).map((o) => `${where(o)}: ${o.failure}`), [], "no renderer failed");
  });

  it("draws plotly figures through plotly's MIME renderer, not the HTML fallback", () => {
    const figures = rendered.filter((output) => output.sent.includes(PLOTLY));
    assert.ok(figures.length >= 10, `the notebooks draw figures (${figures.length})`);
    for (const figure of figures) {
      assert.equal(figure.rendered, PLOTLY, where(figure));
      assert.ok(figure.svgs > 0 && figure.traces > 0, `${where(figure)} drew its SVG and traces`);
    }
  });

  it("renders text/markdown as markdown and tables as HTML tables", () => {
    const markdown = rendered.filter((output) => output.sent.includes("text/markdown"));
    assert.ok(markdown.length > 0, "the notebooks send markdown");
    for (const output of markdown) {
      assert.equal(output.rendered, "text/markdown", where(output));
      assert.ok(output.text.trim().length > 0, `${where(output)} shows text`);
    }
    const tables = rendered.filter((output) => output.rendered === "text/html" && output.tables > 0);
    assert.ok(tables.length >= 5, `tables are rendered (${tables.length})`);
  });
});

function where(output: RenderedOutput): string {
  return `${output.notebook} code cell ${output.cell + 1} (${output.sent.join(", ")})`;
}

/**
 * The code cells' outputs, with multi-line strings joined as nbformat's reader
 * (and so Jupyter's contents API) joins them before JupyterLab sees them.
 */
function notebookOutputs(file: string): NotebookOutputs {
  const notebook = JSON.parse(readFileSync(file, "utf8")) as { cells: Array<{ cell_type: string; outputs?: Array<Record<string, unknown>> }> };
  const join = (value: unknown) => (Array.isArray(value) && value.every((line) => typeof line === "string") ? value.join("") : value);
  const cells = notebook.cells
    .filter((cell) => cell.cell_type === "code")
    .map((cell) =>
      (cell.outputs ?? []).map((output) => {
        const joined: Record<string, unknown> = { ...output };
        if (output.text !== undefined) joined.text = join(output.text);
        if (output.data) joined.data = Object.fromEntries(Object.entries(output.data as Record<string, unknown>).map(([type, value]) => [type, join(value)]));
        return joined;
      }),
    );
  return { name: file.replace(/^.*\//, "").replace(/\.ipynb$/, ""), cells } as NotebookOutputs;
}

async function renderInBrowser(page: string): Promise<RenderedOutput[]> {
  const browser = await launchBrowser();
  try {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const pageErrors: string[] = [];
    tab.on("pageerror", (error) => pageErrors.push(error.message));
    await tab.goto(pathToFileURL(page).href);
    await tab.waitForFunction(() => window.tsparallelRendered !== undefined || window.tsparallelRenderError !== undefined, null, { timeout: 2 * MINUTES });
    const error = await tab.evaluate(() => window.tsparallelRenderError);
    assert.equal(error, undefined, "the page rendered the outputs");
    mkdirSync(artifacts, { recursive: true });
    await tab.screenshot({ path: join(artifacts, "jupyterlab-renderers.png"), fullPage: true });
    assert.deepEqual(pageErrors, [], "no script error on the page");
    return (await tab.evaluate(() => window.tsparallelRendered))!;
  } finally {
    await browser.close();
  }
}
