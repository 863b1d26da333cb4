import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Matrix } from "../../src/matmul";
import { closePool, lastTrace, parallelFor, parallelMatmul, traceTotalUs, type Dispatch, type RunTrace, type Transport } from "../../src/parallel";
import { formatTrace, unequalSpeedNote } from "../../src/parallel/trace-format";

after(() => closePool());

function assertAccountsForWall(trace: RunTrace): void {
  assert.ok(trace.wallUs > 0);
  for (const w of trace.perWorker) {
    for (const part of [w.queuedUs, w.transferUs, w.computeUs, w.idleUs]) assert.ok(part >= 0, `negative part in ${JSON.stringify(w)}`);
    const total = traceTotalUs(w);
    assert.ok(Math.abs(total - trace.wallUs) <= 0.05 * trace.wallUs, `worker ${w.threadId}: parts sum to ${total} µs, wall ${trace.wallUs} µs`);
  }
  assert.ok(trace.serialUs >= 0 && trace.serialUs <= trace.wallUs * 1.0001);
  assert.equal(trace.perWorker.reduce((sum, w) => sum + w.chunks, 0), trace.chunks);
  assert.equal(trace.perWorker.reduce((sum, w) => sum + w.units, 0), trace.units);
}

describe("run traces", () => {
  const A = Matrix.rand(40, 30, { seed: 1 });
  const B = Matrix.rand(30, 20, { seed: 2 });

  for (const dispatch of ["message", "shared"] as Dispatch[]) {
    for (const transport of ["shared", "copy"] as Transport[]) {
      test(`per-worker parts sum to the wall time (${dispatch}, ${transport})`, async () => {
        const { trace } = await parallelMatmul(A, B, { kernel: "naive", grain: "rows:3", dispatch, transport, workers: 2, trace: true });
        assertAccountsForWall(trace);
        assert.equal(trace.perWorker.length, 2);
        assert.equal(trace.chunks, Math.ceil(40 / 3));
        assert.ok(trace.perWorker.some((w) => w.computeUs > 0));
        if (transport === "copy") {
          assert.ok(trace.dispatcher.copyUs > 0);
          assert.ok(trace.perWorker.some((w) => w.transferUs > 0));
        }
        if (dispatch === "shared") assert.ok(trace.perWorker.every((w) => w.tasks <= 1));
        else assert.equal(trace.perWorker.reduce((sum, w) => sum + w.tasks, 0), trace.chunks);
        assert.equal(lastTrace(), trace);
      });
    }
  }

  test("element grain counts one chunk per output element", async () => {
    const { trace } = await parallelMatmul(A, B, { kernel: "naive", grain: "element", dispatch: "shared", workers: 2, trace: true });
    assert.equal(trace.grain, "element");
    assert.equal(trace.chunks, 40 * 20);
    assertAccountsForWall(trace);
  });

  test("auto grain says what it picked and why", async () => {
    const { trace } = await parallelMatmul(A, B, { kernel: "naive", grain: "auto", dispatch: "message", workers: 2, trace: true });
    assert.match(trace.grain, /^(row|rows:\d+)$/);
    assert.match(trace.grainReason ?? "", /message dispatch costs [\d.]+ µs per task, a row [\d.]+ µs of work: rows:\d+/);
    assertAccountsForWall(trace);
  });

  test("an inline run is one worker that only computes", async () => {
    const y = new Float64Array(new SharedArrayBuffer(800));
    const { trace } = await parallelFor(100, "y[i] = i", { y }, { inline: true, trace: true });
    assert.equal(trace.mode, "inline");
    assert.equal(trace.perWorker.length, 1);
    assertAccountsForWall(trace);
  });

  test("an inline run records the transport that ran, not the one asked for", async () => {
    const y = new Float64Array(new SharedArrayBuffer(80));
    const { trace } = await parallelFor(10, "y[i] = i", { y }, { inline: true, transport: "copy", trace: true });
    assert.equal(trace.transport, "shared", "inline bodies write the caller's arrays in place: nothing is copied");
    assert.deepEqual(Array.from(y), Array.from({ length: 10 }, (_, i) => i));
  });

  test("a worker that took much longer per unit is named, in the trace's text too", async () => {
    // Two one-row chunks on two workers; row 1 spins four times as long as row 0 (a
    // worker's first task also compiles the body, so the measured ratio is a bit less).
    const body = "const t0 = Date.now(); while (Date.now() - t0 < (i === 1 ? 160 : 40)) {}";
    const { trace } = await parallelFor(2, body, {}, { dispatch: "message", grain: "row", workers: 2, trace: true });
    assert.deepEqual(trace.perWorker.map((w) => w.units).sort(), [1, 1]);
    const slow = trace.perWorker.findIndex((w) => w.computeUs >= 150_000);
    const note = unequalSpeedNote(trace) ?? "";
    const named = new RegExp(`^worker ${slow} \\(thread \\d+\\) took (\\d+\\.\\d\\d)× as long per unit as worker ${1 - slow} `).exec(note);
    assert.ok(named, note);
    assert.ok(Number(named[1]) >= 2 && Number(named[1]) <= 4.2, note);
    assert.ok(formatTrace(trace).includes(note));
  });

  test("equal work at equal speed gets no such note", async () => {
    const body = "const t0 = Date.now(); while (Date.now() - t0 < 40) {}";
    const { trace } = await parallelFor(2, body, {}, { dispatch: "message", grain: "row", workers: 2, trace: true });
    assert.equal(unequalSpeedNote(trace), undefined);
    const inline = await parallelFor(2, body, {}, { inline: true, trace: true });
    assert.equal(unequalSpeedNote(inline.trace), undefined);
  });
});
