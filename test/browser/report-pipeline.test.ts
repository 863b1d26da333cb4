import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { checkPlotsRendered, scratchDir } from "./check-plots";

const repo = resolve(__dirname, "..", "..", "..");
const artifacts = join(repo, "test-artifacts", "browser");

/** A notebook with a parameters cell, a sweep under a progress display, a table and two figures. */
function pipelineNotebook(): string {
  const code = (source: string, tags: string[] = []) => ({ cell_type: "code", execution_count: null, metadata: { tags }, outputs: [], source });
  const cells = [
    { cell_type: "markdown", metadata: {}, source: "# Pipeline check\nA report made the way `npm run reports` makes them." },
    code("const n = 1000; // points in the sweep", ["parameters"]),
    code(
      'import { plot, table, withProgress } from "tsparallel";\n' +
        "const xs = Array.from({ length: n }, (_, i) => i + 1);\n" +
        'const ys = await withProgress(xs, async (x) => x * x, { label: "squares", result: (r) => plot.line(xs, { squares: r }, { title: "Squares" }) });\n' +
        "ys.length",
    ),
    code("table([{ n: n, sum: ys.reduce((a, b) => a + b, 0) }])"),
    code('plot.stackedBar(["worker 0", "worker 1"], { queued: [1, 2], compute: [5, 6], idle: [1, 0] }, { title: "Breakdown", yTitle: "ms" })'),
  ];
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tsparallel", display_name: "TypeScript (tsparallel)", language: "typescript" } },
    cells: cells.map((cell, i) => ({ id: `c${i}`, ...cell })),
  });
}

function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value);
}

describe("npm run reports: kernel → figures → nbconvert HTML → browser", () => {
  let dir = "";
  before(() => {
    dir = scratchDir("tsparallel-reports-test-");
    mkdirSync(join(dir, "notebooks"));
    writeFileSync(join(dir, "notebooks", "pipeline.ipynb"), pipelineNotebook());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("executes with a parameter override and writes a report whose plots draw offline", async () => {
    const out = join(dir, "reports");
    const run = spawnSync(process.execPath, [join(repo, "scripts", "reports.mjs"), "--notebooks", join(dir, "notebooks"), "--out", out, "--param", "n=3"], {
      encoding: "utf8",
      timeout: 300_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const index = JSON.parse(readFileSync(join(out, "index.json"), "utf8")) as { notebooks: { name: string; error: string | null; parameters: string[] }[] };
    assert.deepEqual(index.notebooks.map((n) => [n.name, n.error, n.parameters]), [["pipeline", null, ["n"]]]);
    assert.match(readFileSync(join(out, "index.html"), "utf8"), /<a href="pipeline\.html">Pipeline check<\/a>/);

    const executed = JSON.parse(readFileSync(join(out, "pipeline.ipynb"), "utf8")) as { cells: { outputs: { data?: Record<string, unknown> }[] }[] };
    const sweep = executed.cells[2].outputs;
    assert.equal(text(sweep[0].data?.["text/plain"]), 'Figure: Squares\n  scatter "squares": x = [1, 2, 3], y = [1, 4, 9]', "the progress display ended as the figure");
    assert.equal(text(sweep[1].data?.["text/plain"]), "3");

    const check = await checkPlotsRendered(join(out, "pipeline.html"), { minPlots: 2, screenshot: join(artifacts, "report-pipeline.png") });
    assert.deepEqual(check.plots.map((p) => p.traces), [1, 3]);
  });
});
