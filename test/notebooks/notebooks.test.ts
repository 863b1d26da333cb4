import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { checkPlotsRendered } from "../browser/check-plots";
import { chromiumPath } from "../browser/chromium";
import { proseOf, texFormulas } from "./tex";

/**
 * CI for notebooks/: every notebook executes headless through `scripts/reports.mjs` with
 * small parameters, no cell may produce an error output (unless tagged raises-exception),
 * and an exported report must draw its plots in a browser with the network off.
 */
const repo = resolve(__dirname, "..", "..", "..");
const notebooksDir = join(repo, "notebooks");
const artifacts = join(repo, "test-artifacts", "notebooks");

/** Sizes that keep the whole run to a couple of minutes on a 2-core machine. */
const smallParameters = ["n=64", "nElement=40", "repeat=2", "maxWorkers=3"];
const requiredNotebooks = ["00-tour", "01-naive-parallel", "02-granularity", "03-library", "04-scaling-model"];

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
}
interface Notebook {
  nbformat: number;
  metadata: { kernelspec?: { name: string } };
  cells: Cell[];
}

const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join("") : (value ?? ""));
const readNotebook = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Notebook;
const notebookNames = () => readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).map((f) => f.replace(/\.ipynb$/, "")).sort();

function hasPython(): boolean {
  return [process.env.PYTHON, "python3", "/usr/bin/python3"]
    .filter((python): python is string => Boolean(python))
    .some((python) => spawnSync(python, ["-c", "import nbclient, nbconvert"], { stdio: "ignore" }).status === 0);
}

/** Runs a command to completion without blocking the test runner's event loop. */
function run(command: string, args: string[], timeoutMs: number): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      done({ status, output });
    });
  });
}

describe("notebooks/ as committed", () => {
  test("holds the five notebooks of the article, as nbformat 4 for the tsparallel kernel", () => {
    const names = notebookNames();
    for (const name of requiredNotebooks) assert.ok(names.includes(name), `notebooks/${name}.ipynb is missing`);
    for (const name of names) {
      const nb = readNotebook(join(notebooksDir, `${name}.ipynb`));
      assert.equal(nb.nbformat, 4, name);
      assert.equal(nb.metadata.kernelspec?.name, "tsparallel", name);
    }
  });

  test("every notebook has no stored outputs, a parameters cell declaring n and seed, and an environment cell next", () => {
    for (const name of notebookNames()) {
      const nb = readNotebook(join(notebooksDir, `${name}.ipynb`));
      const code = nb.cells.filter((c) => c.cell_type === "code");
      for (const cell of code) {
        assert.deepEqual(cell.outputs, [], `${name}: a cell has stored outputs`);
        assert.equal(cell.execution_count, null, `${name}: a cell has an execution count`);
      }
      const index = code.findIndex((c) => c.metadata.tags?.includes("parameters"));
      assert.ok(index >= 0, `${name}: no cell tagged parameters`);
      assert.match(text(code[index].source), /^const n = \d+;/m, `${name}: parameters cell declares no n`);
      assert.match(text(code[index].source), /^const seed = \d+;/m, `${name}: parameters cell declares no seed`);
      assert.match(text(code[index + 1]?.source), /\benvironment\(\{ seed \}\)/, `${name}: the cell after the parameters is not the environment cell`);
    }
  });
});

describe("formulas render offline", () => {
  // Report pages load MathJax from a CDN: TeX in a notebook shows raw in a report read offline.
  test("no markdown cell writes a formula in TeX", () => {
    for (const name of notebookNames()) {
      for (const cell of readNotebook(join(notebooksDir, `${name}.ipynb`)).cells.filter((c) => c.cell_type === "markdown")) {
        assert.deepEqual(texFormulas(text(cell.source)), [], `${name}: write the formula in HTML and Unicode`);
      }
    }
  });
});

describe("every notebook executes with small parameters", { skip: hasPython() ? false : "needs Python with nbclient and nbconvert" }, () => {
  let out = "";
  let status: number | null = null;
  let output = "";

  before(async () => {
    out = mkdtempSync(join(tmpdir(), "tsparallel-notebooks-"));
    const args = [join(repo, "scripts", "reports.mjs"), "--notebooks", notebooksDir, "--out", out, ...smallParameters.flatMap((p) => ["--param", p])];
    ({ status, output } = await run(process.execPath, args, 900_000));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  test("the reports script succeeds and applies the parameters everywhere", () => {
    assert.equal(status, 0, output);
    const index = JSON.parse(readFileSync(join(out, "index.json"), "utf8")) as { notebooks: { name: string; error: string | null; parameters: string[] }[] };
    assert.deepEqual(index.notebooks.map((n) => n.name), notebookNames());
    for (const entry of index.notebooks) {
      assert.equal(entry.error, null, `${entry.name} failed`);
      assert.ok(entry.parameters.includes("n"), `${entry.name}: n was not overridden`);
    }
  });

  test("no cell has an error output, except cells tagged raises-exception", () => {
    for (const name of notebookNames()) {
      const nb = readNotebook(join(out, `${name}.ipynb`));
      for (const cell of nb.cells.filter((c) => c.cell_type === "code" && !c.metadata.tags?.includes("raises-exception"))) {
        const errors = (cell.outputs ?? []).filter((o) => o.output_type === "error");
        assert.deepEqual(errors.map((e) => `${e.ename}: ${e.evalue}`), [], `${name}: cell\n${text(cell.source)}`);
        assert.notEqual(cell.execution_count, null, `${name}: a cell did not run:\n${text(cell.source)}`);
      }
      const parameters = nb.cells.find((c) => c.metadata.tags?.includes("parameters"));
      assert.match(text(parameters?.source), /^const n = 64;/m, `${name}: executed with another n`);
    }
  });

  test("every notebook records its environment and draws at least one figure", () => {
    for (const name of notebookNames()) {
      const outputs = readNotebook(join(out, `${name}.ipynb`)).cells.flatMap((c) => c.outputs ?? []);
      const plain = outputs.map((o) => text(o.data?.["text/plain"] as string | string[] | undefined)).join("\n");
      assert.match(plain, /^CPU\s+\S/m, `${name}: no CPU in the environment table`);
      assert.match(plain, /^Node \/ V8\s+v\d+/m, `${name}: no Node version in the environment table`);
      assert.match(plain, /^random seed\s+\d+/m, `${name}: no seed in the environment table`);
      assert.ok(outputs.some((o) => o.data?.["application/vnd.plotly.v1+json"] !== undefined), `${name}: no plotly figure`);
    }
  });

  test("every notebook states its verdict first, from its measurements, and the index carries it", () => {
    const index = JSON.parse(readFileSync(join(out, "index.json"), "utf8")) as { notebooks: { name: string; verdict: string | null }[] };
    for (const name of notebookNames()) {
      const cells = readNotebook(join(out, `${name}.ipynb`)).cells;
      const at = cells.findIndex((c) => c.metadata.tags?.includes("verdict"));
      assert.ok(at >= 0 && at <= 5, `${name}: no cell tagged verdict near the top`);
      const shown = (cells[at].outputs ?? []).map((o) => text(o.data?.["text/markdown"] as string | string[] | undefined)).join("\n");
      // The placeholder is replaced once the notebook has measured.
      assert.match(shown, /^\*\*What this run found\*\* \(/, `${name}: the verdict was not filled in: ${shown}`);
      assert.match(shown, /^- /m, `${name}: the verdict lists no finding`);
      assert.equal(index.notebooks.find((entry) => entry.name === name)?.verdict, shown, `${name}: index.json carries another verdict`);
    }
    assert.match(readFileSync(join(out, "index.html"), "utf8"), /<th>what this run found<\/th>/);
  });

  test("each report's page is titled with its notebook's heading", () => {
    for (const name of notebookNames()) {
      const page = readFileSync(join(out, `${name}.html`), "utf8");
      const heading = text(readNotebook(join(notebooksDir, `${name}.ipynb`)).cells[0].source).match(/^#\s+(.+)$/m)?.[1];
      assert.ok(heading, `${name}: no heading`);
      const title = /<title>([^<]*)<\/title>/.exec(page)?.[1] ?? "";
      const decoded = title.replace(/&#39;|&#x27;/g, "'").replace(/&quot;|&#34;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
      assert.equal(decoded, heading, `${name}: page title is not its heading`);
    }
  });

  test("no exported report leaves a formula for MathJax from a CDN to typeset", () => {
    for (const name of notebookNames()) {
      const page = readFileSync(join(out, `${name}.html`), "utf8");
      assert.deepEqual(texFormulas(proseOf(page)), [], `${name}.html`);
    }
  });

  // No skip without a browser: CI installs Debian's chromium, so its absence is a failure.
  test("every exported report draws its plots with the network off", async () => {
    assert.ok(existsSync(chromiumPath), `no browser at ${chromiumPath} (install Debian's chromium or set CHROMIUM)`);
    assert.ok(existsSync(join(out, "01-naive-parallel.html")), "no exported report");
    // The figures each notebook draws whatever its measurements (plots, not their values).
    const figures: Record<string, number> = { "00-tour": 5, "01-naive-parallel": 4, "02-granularity": 5, "03-library": 1, "04-scaling-model": 3 };
    for (const [name, minPlots] of Object.entries(figures)) {
      const check = await checkPlotsRendered(join(out, `${name}.html`), { minPlots: minPlots, screenshot: join(artifacts, `${name}.png`) });
      assert.ok(check.plots.every((p) => p.traces > 0), `${name}: ${JSON.stringify(check.plots)}`);
    }
  });
});
