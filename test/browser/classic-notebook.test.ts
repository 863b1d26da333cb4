import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startClassicNotebook, type RunningNotebookServer } from "../support/classic-notebook";
import { installKernelspecInTempPrefix, type InstalledKernelspec } from "../support/kernelspec";
import { launchBrowser } from "./browser";

/**
 * A live notebook in a real browser: Debian's classic Notebook page (notebook 6) on a
 * server started here, the tour notebook with small parameters, run from the page's
 * own menu and toolbar as a person would. Screenshots go to test-artifacts/browser/.
 */
const repo = resolve(__dirname, "..", "..", "..");
const artifacts = join(repo, "test-artifacts", "browser");
const MINUTES = 60_000;
/** Values put into the tour's parameters cell; its other parameters keep their defaults. */
const SMALL_PARAMETERS: Record<string, string> = { n: "64", repeat: "2", workers: "2" };

/** Rewrites `const NAME = VALUE` lines of a parameters cell, as scripts/reports.py does for `--param`. */
function withParameters(source: string[], values: Record<string, string>): string[] {
  return source.map((line) => line.replace(/^(const (\w+) = )[^;\n]*/, (whole, head: string, name: string) => (name in values ? `${head}${values[name]}` : whole)));
}

/** The classic page's JavaScript API, as far as these tests use it. */
interface ClassicOutput {
  output_type: string;
  ename?: string;
  evalue?: string;
  data?: Record<string, unknown>;
}
interface ClassicCell {
  cell_type: string;
  input_prompt_number?: number | string;
  output_area: { outputs: ClassicOutput[] };
  set_text(text: string): void;
}
interface ClassicPage {
  Jupyter: {
    notebook: {
      get_cells(): ClassicCell[];
      get_cell(index: number): ClassicCell;
      insert_cell_at_bottom(type: string): ClassicCell;
      select(index: number): void;
      ncells(): number;
      kernel: { is_connected(): boolean; name: string };
      events: { one(event: string, handler: () => void): void };
    };
  };
  tsparallelKernelReady?: boolean;
}
declare const window: ClassicPage;

describe("the classic Notebook page with the tsparallel kernel", { timeout: 10 * MINUTES }, () => {
  let kernelspec: InstalledKernelspec;
  let root: string;
  let server: RunningNotebookServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    kernelspec = installKernelspecInTempPrefix();
    root = mkdtempSync(join(tmpdir(), "tsparallel-notebook-root-"));
    const tour = JSON.parse(readFileSync(join(repo, "notebooks", "00-tour.ipynb"), "utf8")) as { cells: Array<{ metadata: { tags?: string[] }; source: string[] }> };
    const parameters = tour.cells.find((cell) => cell.metadata.tags?.includes("parameters"));
    assert.ok(parameters, "the tour has a parameters cell");
    parameters.source = withParameters(parameters.source, SMALL_PARAMETERS);
    writeFileSync(join(root, "00-tour.ipynb"), JSON.stringify(tour));
    mkdirSync(artifacts, { recursive: true });
    server = await startClassicNotebook(root, kernelspec.jupyterPath);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${server.baseUrl}notebooks/00-tour.ipynb?token=${server.token}`);
    await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected() === true, null, { timeout: MINUTES });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    kernelspec?.remove();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("runs every cell of the tour from Cell > Run All: no error, every figure drawn, tables shown", async (t) => {
    assert.equal(await page.evaluate(() => window.Jupyter.notebook.kernel.name), "tsparallel");
    const started = Date.now();
    await page.click("#celllink");
    await page.click("#run_all_cells");
    await page.waitForFunction(
      () => window.Jupyter.notebook.get_cells().every((cell) => cell.cell_type !== "code" || typeof cell.input_prompt_number === "number"),
      null,
      { timeout: 5 * MINUTES, polling: 250 },
    );
    const seconds = (Date.now() - started) / 1000;
    const found = await page.evaluate(() => {
      const cells = window.Jupyter.notebook.get_cells().filter((cell) => cell.cell_type === "code");
      const outputs = cells.flatMap((cell) => cell.output_area.outputs);
      const plots = Array.from(document.querySelectorAll(".js-plotly-plot"));
      return {
        prompts: cells.map((cell) => cell.input_prompt_number),
        errors: outputs.filter((output) => output.output_type === "error").map((output) => `${output.ename}: ${output.evalue}`),
        errorsShown: document.querySelectorAll(".output_error").length,
        figures: outputs.filter((output) => output.data?.["application/vnd.plotly.v1+json"] !== undefined).length,
        plots: plots.length,
        plotsDrawn: plots.filter((plot) => plot.querySelector("svg.main-svg") !== null && plot.querySelector(".trace") !== null).length,
        tables: document.querySelectorAll(".output_html table").length,
      };
    });
    t.diagnostic(`${found.prompts.length} code cells ran in ${seconds.toFixed(1)} s; ${found.plotsDrawn} of ${found.figures} figures drawn; ${found.tables} tables`);
    await screenshot(page, "classic-notebook-tour.png");
    assert.deepEqual(found.prompts, found.prompts.map((_, i) => i + 1), "every code cell ran, in order");
    assert.deepEqual(found.errors, []);
    assert.equal(found.errorsShown, 0);
    assert.ok(found.figures >= 3, `the tour draws figures (${found.figures})`);
    assert.equal(found.plots, found.figures, "one plot on the page per figure output");
    assert.equal(found.plotsDrawn, found.figures, "every figure drew its SVG with its traces");
    assert.ok(found.tables >= 3, `tables are shown (${found.tables})`);
    assert.deepEqual(pageErrors, [], "no script error on the page");
  });

  it("stops a busy cell when Interrupt is pressed, with KeyboardInterrupt, and keeps the state", async (t) => {
    const busy = await appendCell(page, "let spins = 0;\nwhile (true) { spins++; }");
    await page.click(RUN_BUTTON);
    await page.waitForSelector("#kernel_indicator_icon.kernel_busy_icon");
    await page.waitForTimeout(500); // inside the loop, not still starting it
    const pressed = Date.now();
    await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
    await page.waitForFunction((i) => window.Jupyter.notebook.get_cell(i).output_area.outputs.some((output) => output.output_type === "error"), busy, { timeout: MINUTES, polling: 20 });
    const latencyMs = Date.now() - pressed;
    t.diagnostic(`interrupt: the error showed ${latencyMs} ms after the button was pressed`);
    assert.deepEqual(await outputsOf(page, busy), ["KeyboardInterrupt: execution interrupted"]);
    await screenshot(page, "classic-notebook-interrupted.png");
    assert.deepEqual(await runCell(page, "A.rows"), ["64"], "the tour's matrices are still there");
  });

  it("restarts from Kernel > Restart: the state is gone and the next cell runs", async (t) => {
    await page.evaluate(() => {
      window.tsparallelKernelReady = false;
      window.Jupyter.notebook.events.one("kernel_ready.Kernel", () => (window.tsparallelKernelReady = true));
    });
    await page.click("#kernellink");
    await page.click("#restart_kernel");
    const confirmed = Date.now();
    await page.click(".modal-footer button.btn-danger");
    await page.waitForFunction(() => window.tsparallelKernelReady === true, null, { timeout: MINUTES });
    t.diagnostic(`restart: kernel ready ${Date.now() - confirmed} ms after confirming`);
    const [error] = await runCell(page, "A.rows");
    assert.match(error ?? "", /^TypeScriptError: .*Cannot find name 'A'/);
    assert.deepEqual(await runCell(page, "6 * 7"), ["42"]);
    await screenshot(page, "classic-notebook-restarted.png");
  });
});

/** The toolbar's Run button (run the selected cell, then select the next, adding one at the end). */
const RUN_BUTTON = 'button[data-jupyter-action="jupyter-notebook:run-cell-and-select-next"]';

/** Adds a code cell at the end and selects it; returns its index. */
async function appendCell(page: Page, source: string): Promise<number> {
  return page.evaluate((text) => {
    const notebook = window.Jupyter.notebook;
    notebook.insert_cell_at_bottom("code").set_text(text);
    notebook.select(notebook.ncells() - 1);
    return notebook.ncells() - 1;
  }, source);
}

/** Each output of a cell as text: `ename: evalue` for an error, else its text/plain. */
function outputsOf(page: Page, index: number): Promise<string[]> {
  return page.evaluate((i) =>
    window.Jupyter.notebook.get_cell(i).output_area.outputs.map((output) =>
      output.output_type === "error" ? `${output.ename}: ${output.evalue}` : String(output.data?.["text/plain"] ?? ""),
    ), index);
}

/**
 * Appends a cell, runs it with the toolbar's Run button and returns its outputs once the
 * kernel is idle again: the prompt number comes with the reply on shell, which can arrive
 * before the result on iopub; the idle status follows the result on iopub.
 */
async function runCell(page: Page, source: string): Promise<string[]> {
  const index = await appendCell(page, source);
  await page.click(RUN_BUTTON);
  await page.waitForFunction(
    (i) => typeof window.Jupyter.notebook.get_cell(i).input_prompt_number === "number" && document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null,
    index,
    { timeout: MINUTES, polling: 50 },
  );
  return outputsOf(page, index);
}

/** The classic page scrolls inside #site; let it grow so that a full-page screenshot shows every cell. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => {
    const site = document.getElementById("site");
    if (site) Object.assign(site.style, { height: "auto", overflow: "visible" });
    document.body.style.overflow = "visible";
  });
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}
