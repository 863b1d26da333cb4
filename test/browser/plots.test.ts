import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { jupyterDisplaySymbol, type MimeBundle } from "../../src/cell/mime";
import { plot, resetPlotlyInlining } from "../../src/display/plot";
import { table } from "../../src/display/table";
import { checkPlotsRendered, inspectPlots, scratchDir } from "./check-plots";

const artifacts = resolve(__dirname, "..", "..", "..", "test-artifacts", "browser");

function bundle(value: { [jupyterDisplaySymbol](): MimeBundle }): MimeBundle {
  return value[jupyterDisplaySymbol]();
}

/** Two figures and a table as one kernel session would send them. */
function sessionOutputs(): { first: MimeBundle; second: MimeBundle; modes: MimeBundle } {
  resetPlotlyInlining();
  return {
    first: bundle(plot.bar(["serial", "per row", "per element"], [1.02, 0.61, 16.3], { title: "Time per mode", yTitle: "s" })),
    second: bundle(
      plot.line([1, 2], { measured: [1, 1.7], ideal: [1, 2] }, { title: "Speedup", xTitle: "workers", dashed: ["ideal"] }),
    ),
    modes: bundle(table([{ mode: "serial", time: 1.02 }, { mode: "per row", time: 0.61 }])),
  };
}

function notebook(outputs: MimeBundle[]): string {
  const cells = outputs.map((data, index) => ({
    cell_type: "code",
    execution_count: index + 1,
    metadata: {},
    source: [`// cell ${index + 1}`],
    outputs: [{ output_type: "display_data", data, metadata: {} }],
  }));
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tsparallel", display_name: "TypeScript (tsparallel)", language: "typescript" } },
    cells: cells.map((cell, i) => ({ ...cell, id: `cell-${i}` })),
  });
}

function page(htmlOutputs: unknown[]): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>figures</title></head><body>${htmlOutputs
    .map((html) => `<div class="output">${String(html)}</div>`)
    .join("\n")}</body></html>`;
}

describe("figures render in a browser with the network off", () => {
  let dir = "";
  before(() => {
    dir = scratchDir("tsparallel-browser-");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("an nbconvert HTML export of two figures draws both", async () => {
    const { first, second, modes } = sessionOutputs();
    const ipynb = join(dir, "figures.ipynb");
    writeFileSync(ipynb, notebook([first, modes, second]));
    execFileSync("/usr/bin/python3", ["-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", dir, ipynb], { stdio: "pipe" });
    const check = await checkPlotsRendered(join(dir, "figures.html"), {
      minPlots: 2,
      screenshot: join(artifacts, "figures-nbconvert.png"),
    });
    assert.equal(check.plots.length, 2);
    assert.deepEqual(check.plots.map((p) => p.traces), [1, 2], "one bar trace, then the measured and ideal lines");
  });

  test("a later figure placed before the first still draws once plotly.js arrives", async () => {
    const { first, second } = sessionOutputs();
    const html = join(dir, "reversed.html");
    writeFileSync(html, page([second["text/html"], first["text/html"]]));
    const check = await checkPlotsRendered(html, { minPlots: 2, screenshot: join(artifacts, "figures-reversed.png") });
    assert.deepEqual(check.plots.map((p) => p.traces), [2, 1]);
  });

  test("a figure without the one that carries plotly.js is reported as not drawn", async () => {
    const { second } = sessionOutputs();
    const html = join(dir, "orphan.html");
    writeFileSync(html, page([second["text/html"]]));
    const check = await inspectPlots(html);
    assert.deepEqual(check.plots.map((p) => [p.mainSvgs, p.traces]), [[0, 0]]);
    await assert.rejects(checkPlotsRendered(html), /not drawn/);
  });
});
