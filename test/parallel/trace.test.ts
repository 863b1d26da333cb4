import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Matrix } from "../../src/matmul";
import { closePool, lastTrace, parallelFor, parallelMatmul, traceTotalUs, type Dispatch, type RunTrace, type Transport } from "../../src/parallel";

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
});
