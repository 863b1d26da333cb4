import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { kernelCellsForSuite } from "../execution/kernel-cells";
import { assertChromeTrace } from "../timeline/chrome-trace-schema";

interface PlotlyBar {
  type: string;
  name: string;
  orientation: string;
  y: string[];
  base: number[];
  x: number[];
  customdata: unknown[][];
  hovertemplate: string;
}

describe("%parallel --timeline in a real kernel", { timeout: 180_000 }, () => {
  const cells = kernelCellsForSuite();
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), "tsparallel-timeline-"));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));
  before(async () => {
    await cells.resultOf("const A = $tsp.Matrix.rand(16, 16, { seed: 1 });\nconst B = $tsp.Matrix.rand(16, 16, { seed: 2 });");
  });

  it("renders the timeline: a lane per worker and one for the calling thread, a bar per chunk with its index, start and duration on hover", async () => {
    const { reply, outputs } = await cells.execute("%parallel --timeline -w 2 -g rows:2 -d message await $tsp.parallelMatmul(A, B, { kernel: 'naive' })");
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    const bundles = outputs.filter((m) => m.header.msg_type === "display_data").map((m) => m.content.data as Record<string, unknown>);
    const timeline = bundles.find((bundle) => String(bundle["text/plain"]).startsWith("Task timeline"));
    assert.ok(timeline, `a timeline among ${bundles.map((b) => String(b["text/plain"]).split("\n")[0]).join(" | ")}`);
    assert.match(String(timeline["text/plain"]), /^Task timeline of matmul:naive, grain rows:2, message dispatch: 3 lanes \(calling thread, worker 0 \(thread \d+\), worker 1 \(thread \d+\)\), 8 chunks over [\d.]+ (µs|ms) .*8 tasks sent/);
    assert.match(String(timeline["text/plain"]), /consecutive chunks on a worker were [\d.]+ (µs|ms) apart \(median of 6 gaps\)/);
    assert.match(String(timeline["text/html"]), /Plotly/, "HTML that draws the chart offline");
    const figure = timeline["application/vnd.plotly.v1+json"] as { data: PlotlyBar[]; layout: { yaxis: { categoryarray: string[] } } };
    assert.deepEqual(figure.layout.yaxis.categoryarray.map((lane) => lane.replace(/\d+\)$/, "N)")), ["calling thread", "worker 0 (thread N)", "worker 1 (thread N)"]);
    const chunks = figure.data.find((trace) => trace.name === "chunk")!;
    assert.equal(chunks.orientation, "h");
    assert.equal(chunks.x.length, 8);
    assert.ok(chunks.y.every((lane) => lane.startsWith("worker ")), "chunks lie on worker lanes");
    assert.deepEqual(chunks.customdata.map((d) => d[0]).sort((a, b) => Number(a) - Number(b)), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.match(chunks.hovertemplate, /chunk %\{customdata\[0\]\}.*start.*duration/);
    const sends = figure.data.find((trace) => trace.name === "task sent")!;
    assert.ok(sends.y.length === 8 && sends.y.every((lane) => lane === "calling thread"));
  });

  it("-o returns the runs with their timelines, and chromeTrace() passes the Trace Event Format check", async () => {
    await cells.resultOf("const runs = %parallel -o -q --timeline -w 2 -g row await $tsp.parallelMatmul(A, B, { kernel: 'naive' }); await $tsp.parallelFor(40, 'noop', {}, { dispatch: 'message' }); 7");
    assert.equal(await cells.resultOf("[runs.value, runs.traces.length, runs.timelines.length, runs.timelines[0]!.chunks.length, runs.timelines[1]!.chunks.length]"), "[ 7, 2, 2, 16, 40 ]");
    // The file as a user would write it and open it in Perfetto.
    const file = path.join(folder, "runs.json");
    await cells.resultOf(`import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(file)}, JSON.stringify(runs.chromeTrace()));`);
    const events = assertChromeTrace(JSON.parse(readFileSync(file, "utf8")));
    const processes = events.filter((e) => e.name === "process_name").map((e) => (e.args as { name: string }).name);
    assert.deepEqual(processes, ["matmul:naive, grain row, shared dispatch", "noop, grain row, message dispatch"]);
    assert.equal(events.filter((e) => e.ph === "X" && e.cat === "chunk").length, 56);
  });

  it("%%parallel --timeline records the loop's run", async () => {
    await cells.resultOf("const y = new Float64Array(new SharedArrayBuffer(8 * 32));");
    const { reply, outputs } = await cells.execute("%%parallel --timeline -n 32 -w 2 -g rows:4 --out y\ny[i] = i * 2;");
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    const texts = outputs.filter((m) => m.header.msg_type === "display_data").map((m) => String((m.content.data as Record<string, unknown>)["text/plain"]));
    assert.ok(texts.some((text) => /^Task timeline of source, grain rows:4, shared dispatch: 3 lanes .* 8 chunks over .*no recorded gap/s.test(text)), texts.join("\n---\n"));
  });

  it("without --timeline nothing is recorded; bad uses are one-line UsageErrors and the session keeps its variables", async () => {
    await cells.resultOf("const plain = %parallel -o -q -w 2 await $tsp.parallelMatmul(A, B)");
    assert.equal(await cells.resultOf("[plain.timelines.length, plain.traces[0]!.timeline === undefined]"), "[ 0, true ]");
    assert.match(String(await cells.resultOf("plain")), /^ParallelRuns: 1 parallel run \(\.traces\), none recording a timeline/);
    assert.match(String(await cells.resultOf("runs")), /^Task timeline of matmul:naive, grain row, shared dispatch: .*\nTask timeline of noop, grain row, message dispatch: /s);
    for (const [cell, message] of [
      ["%parallel --timeline --compare serial,2 await $tsp.parallelMatmul(A, B)", "%parallel: --timeline applies to one run of a statement, not to --compare or --sweep (whose result is kept without -o, and whose runs are timed unrecorded)"],
      ["%parallel --timeline", "%parallel: no statement given (only -w N works without one)"],
      ["%parallel --timeline off", "%parallel off takes no options"],
      ["%%parallel -o -n 4 --out y\ny[i] = 0;", "%%parallel: -o applies only to the line magic %parallel"],
    ]) {
      await cells.assertUsageError(cell!, message!);
    }
    assert.equal(await cells.resultOf("plain.chromeTrace === undefined ? 'gone' : A.rows"), "16");
    const { reply } = await cells.execute("plain.chromeTrace()");
    assert.match(String(reply.content.evalue), /no run recorded a timeline: run the statement with %parallel -o --timeline/);
  });

  it("%parallel? documents --timeline and -o", async () => {
    const { outputs } = await cells.execute("%parallel?");
    const text = outputs.map((m) => JSON.stringify(m.content)).join("\n");
    assert.match(text, /--timeline/);
    assert.match(text, /chromeTrace\(\) is Chrome Trace Event JSON/);
  });
});
