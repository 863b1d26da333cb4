import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { closePool, parallelFor, parallelMatmul, pool, Matrix, type RunTrace } from "../../src";
import { maxBars, Timeline } from "../../src/timeline";
import { assertChromeTrace } from "./chrome-trace-schema";

/** The invariants every recorded timeline keeps, whatever the machine's load. */
function assertTimeline(trace: RunTrace): void {
  const timeline = trace.timeline;
  assert.ok(timeline, "the run recorded a timeline");
  // The trace counts auto grain's probe as a chunk; the timeline keeps it apart.
  const chunks = trace.chunks - (timeline.probe ? 1 : 0);
  assert.equal(timeline.chunks.length, chunks, "every chunk the trace counts is on the timeline");
  assert.deepEqual(timeline.chunks.map((c) => c.chunk), [...Array(chunks).keys()], "each chunk once, in chunk order");
  const workers = new Set(trace.perWorker.map((w) => w.threadId));
  for (const chunk of timeline.chunks) {
    assert.ok(workers.has(chunk.threadId), `chunk ${chunk.chunk} ran on one of the run's workers`);
    // One clock for every thread: a chunk cannot start before the calling thread sent its task.
    assert.ok(chunk.dispatchedUs <= chunk.startUs, `chunk ${chunk.chunk} started ${chunk.startUs - chunk.dispatchedUs} µs after it was dispatched`);
    assert.ok(chunk.startUs <= chunk.endUs, `chunk ${chunk.chunk} ends after it starts`);
    assert.ok(trace.startUs <= chunk.dispatchedUs && chunk.endUs <= trace.startUs + trace.wallUs, `chunk ${chunk.chunk} lies inside the run`);
  }
  for (const threadId of workers) {
    const mine = timeline.chunks.filter((c) => c.threadId === threadId).sort((a, b) => a.startUs - b.startUs);
    for (let k = 1; k < mine.length; k++) assert.ok(mine[k - 1]!.endUs <= mine[k]!.startUs, `thread ${threadId}: chunks ${mine[k - 1]!.chunk} and ${mine[k]!.chunk} overlap`);
    const ran: number = trace.perWorker.find((w) => w.threadId === threadId)!.chunks - (timeline.probe?.threadId === threadId ? 1 : 0);
    assert.equal(mine.length, ran, `thread ${threadId}: as many chunks on its lane as its trace counts`);
  }
  for (let k = 1; k < timeline.sends.length; k++) assert.ok(timeline.sends[k - 1]!.endUs <= timeline.sends[k]!.startUs, "the calling thread sends one task after another");
}

describe("the task timeline, recorded by real workers", { timeout: 120_000 }, () => {
  after(() => closePool());

  it("is off by default: a traced run has no timeline", async () => {
    const { trace } = await parallelFor(100, "noop", {}, { workers: 2, trace: true });
    assert.equal(trace.timeline, undefined);
  });

  for (const dispatch of ["message", "shared"] as const) {
    it(`${dispatch} dispatch: every chunk once, on a worker of the run, dispatched before it starts, no overlap on a worker`, async () => {
      const { trace } = await parallelFor(300, "noop", {}, { workers: 2, dispatch, grain: "rows:3", trace: "timeline" });
      assert.equal(trace.chunks, 100);
      assertTimeline(trace);
      assert.equal(trace.timeline!.sends.length, dispatch === "message" ? 100 : 2, "a send per task: per chunk, or per worker's loop");
      assert.equal(trace.timeline!.clock, dispatch === "message" ? "start and end" : "one read per chunk");
    });
  }

  it("copy transport records into the same shared buffer: every chunk once, and the outputs come back", async () => {
    for (const dispatch of ["message", "shared"] as const) {
      const y = new Float64Array(40);
      const { trace } = await parallelFor(40, "y[i] = i + 1", { y }, { workers: 2, dispatch, transport: "copy", grain: "rows:4", trace: "timeline" });
      assertTimeline(trace);
      assert.equal(trace.timeline!.chunks.length, 10);
      assert.deepEqual([...y], Array.from({ length: 40 }, (_, i) => i + 1));
    }
  });

  it("under shared dispatch a worker's chunks follow one another: each starts where the previous one ended", async () => {
    const { trace } = await parallelFor(400, "noop", {}, { workers: 2, dispatch: "shared", grain: "row", trace: "timeline" });
    assertTimeline(trace);
    for (const w of trace.perWorker) {
      const mine = trace.timeline!.chunks.filter((c) => c.threadId === w.threadId).sort((a, b) => a.startUs - b.startUs);
      for (let k = 1; k < mine.length; k++) assert.equal(mine[k]!.startUs, mine[k - 1]!.endUs);
    }
  });

  it("a matmul at element grain records n² chunks, and auto grain records its probe apart from the chunks", async () => {
    const a = Matrix.rand(12, 12, { seed: 1 });
    const b = Matrix.rand(12, 12, { seed: 2 });
    const element = await parallelMatmul(a, b, { kernel: "naive", workers: 2, grain: "element", dispatch: "message", trace: "timeline" });
    assert.equal(element.trace.chunks, 144);
    assertTimeline(element.trace);
    const auto = await parallelMatmul(a, b, { kernel: "naive", workers: 2, grain: "auto", trace: "timeline" });
    assertTimeline(auto.trace);
    const probe = auto.trace.timeline!.probe!;
    assert.ok(probe.units >= 1 && probe.dispatchedUs <= probe.startUs && probe.startUs <= probe.endUs);
    const firstChunk = Math.min(...auto.trace.timeline!.chunks.map((c) => c.dispatchedUs));
    assert.ok(probe.endUs <= firstChunk, "the probe ends before the chunks are sent");
  });

  it("an inline run records its one chunk on the calling thread", async () => {
    const { trace } = await parallelFor(50, "noop", {}, { inline: true, trace: "timeline" });
    assert.equal(trace.timeline!.chunks.length, 1);
    assert.equal(trace.timeline!.chunks[0]!.threadId, 0);
    const timeline = new Timeline(trace);
    assert.deepEqual(timeline.lanes.map((l) => l.name), ["calling thread (inline)"]);
    assertChromeTrace(timeline.chromeTrace());
  });

  it("the Timeline names lanes as the tables do, counts gaps only where the clock recorded them, and exports a valid Chrome trace", async () => {
    const { trace } = await parallelFor(60, "noop", {}, { workers: 2, dispatch: "message", grain: "row", trace: "timeline" });
    const timeline = new Timeline(trace);
    assert.deepEqual(timeline.lanes.map((l) => l.name), ["calling thread", ...trace.perWorker.map((w, i) => `worker ${i} (thread ${w.threadId})`)]);
    const stats = timeline.stats();
    assert.equal(stats.chunks, 60);
    assert.equal(stats.gaps, 60 - trace.perWorker.filter((w) => w.chunks > 0).length, "one gap between each pair of a worker's consecutive chunks");
    assert.ok(stats.medianGapUs !== undefined && stats.medianGapUs >= 0);
    assert.match(String(timeline), /^Task timeline of noop, grain row, message dispatch: 3 lanes \(calling thread, worker 0 \(thread \d+\), worker 1 \(thread \d+\)\), 60 chunks over /);
    const events = assertChromeTrace(timeline.chromeTrace());
    assert.equal(events.filter((e) => e.ph === "X" && e.cat === "chunk").length, 60);
    assert.equal(events.filter((e) => e.ph === "X" && e.cat === "send").length, 60);
    const names = events.filter((e) => e.name === "thread_name").map((e) => (e.args as { name: string }).name);
    assert.deepEqual(names, timeline.lanes.map((l) => l.name));

    const shared = new Timeline((await parallelFor(60, "noop", {}, { workers: 2, dispatch: "shared", grain: "row", trace: "timeline" })).trace);
    assert.equal(shared.stats().medianGapUs, undefined, "one clock read per chunk records no gap");
    assert.match(String(shared), /no recorded gap/);
    assert.equal(pool.workers, 2);
  });

  it("a chart of more bars than it draws shows the run's beginning, every bar that starts before the cut, and says so", async () => {
    const { trace } = await parallelFor(maxBars + 5000, "noop", {}, { workers: 2, dispatch: "shared", grain: "row", trace: "timeline" });
    const figure = new Timeline(trace).figure();
    const drawn = figure.data.map((bars) => (bars.base as number[]).map((ms) => ms * 1000));
    const count = drawn.reduce((sum, bars) => sum + bars.length, 0);
    assert.equal(count, maxBars);
    const cut = Math.max(...drawn.flat());
    const left = trace.timeline!.chunks.filter((chunk) => chunk.startUs - trace.startUs > cut);
    assert.equal(left.length, trace.chunks + 2 - maxBars, "what is left out starts after everything drawn");
    assert.match(String((figure.layout.title as { text: string }).text), new RegExp(`\\(20,000 of ${(maxBars + 5002).toLocaleString("en")} bars drawn; the first [\\d.]+ ms of [\\d.]+ ms\\)`));
  });

  it("a run made without recording cannot be drawn as a timeline", async () => {
    const { trace } = await parallelFor(10, "noop", {}, { workers: 2, trace: true });
    assert.throws(() => new Timeline(trace), /recorded no timeline; run it with trace: "timeline"/);
  });
});
