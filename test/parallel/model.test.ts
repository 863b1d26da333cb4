import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Matrix } from "../../src/matmul";
import { amdahlSpeedup, calibrateModel, closePool, karpFlatt, parallelMatmul, predict, scaleModel, serialFraction, type RunTrace } from "../../src/parallel";

after(() => closePool());

/** A 1-worker message run: 100 chunks of 50 µs work, 10 µs gap each, 200 µs serial. */
function oneWorkerTrace(): RunTrace {
  return {
    label: "synthetic",
    mode: "pool",
    workers: 1,
    grain: "row",
    dispatch: "message",
    transport: "shared",
    units: 100,
    unitsPerChunk: 1,
    chunks: 100,
    startUs: 0,
    wallUs: 200 + 100 * 60,
    serialUs: 200,
    headUs: 150,
    tailUs: 50,
    dispatcher: { busyUs: 100 * 20, copyUs: 0 },
    perWorker: [{ threadId: 1, tasks: 100, chunks: 100, units: 100, queuedUs: 150 + 1000, transferUs: 0, computeUs: 5000, idleUs: 50 }],
  };
}

describe("the cost model", () => {
  test("calibrates per-chunk compute, overhead and dispatcher cost from a trace", () => {
    const model = calibrateModel(oneWorkerTrace());
    assert.equal(model.chunks, 100);
    assert.equal(model.serialUs, 200);
    assert.equal(model.computePerChunkUs, 50);
    assert.equal(model.overheadPerChunkUs, 10);
    assert.equal(model.dispatcherPerChunkUs, 20);
    assert.equal(model.baselineUs, 200 + 5000);
  });

  test("predicts the calibration run itself, then P workers until the dispatcher bounds it", () => {
    const model = { ...calibrateModel(oneWorkerTrace(), 5000), cores: 32 };
    assert.equal(predict(model, 1).wallUs, oneWorkerTrace().wallUs);
    const two = predict(model, 2);
    assert.equal(two.wallUs, 200 + 50 * 60);
    assert.equal(two.bound, "workers");
    // At 20 workers each runs 5 chunks (300 µs) but the dispatcher needs 100 × 20 µs.
    const twenty = predict(model, 20);
    assert.equal(twenty.wallUs, 200 + 2000);
    assert.equal(twenty.bound, "dispatcher");
    assert.ok(Math.abs(twenty.speedup - 5000 / 2200) < 1e-12);
    assert.ok(Math.abs(twenty.efficiency - twenty.speedup / 20) < 1e-12);
    // On 7 cores the calling thread shares them with 20 workers: 21/7 = 3× its time.
    assert.equal(predict(model, 20, { cores: 7 }).wallUs, 200 + 3 * 2000);
  });

  test("when threads outnumber cores, the cores' capacity bounds the run", () => {
    // Per chunk: 60 µs on a worker, 20 µs on the calling thread; 2 workers + caller on 2 cores.
    const model = { ...calibrateModel(oneWorkerTrace(), 5000), cores: 2 };
    const two = predict(model, 2);
    assert.equal(two.bound, "cores");
    assert.equal(two.wallUs, 200 + (100 * (60 + 20)) / 2);
    // With a core per thread the workers bound it again.
    assert.equal(predict({ ...model, cores: 3 }, 2).bound, "workers");
  });

  test("Amdahl and Karp–Flatt agree on a purely serial-fraction speedup", () => {
    const f = serialFraction(calibrateModel(oneWorkerTrace()));
    assert.ok(Math.abs(f - 200 / 6200) < 1e-12);
    assert.equal(amdahlSpeedup(0, 8), 8);
    assert.equal(amdahlSpeedup(1, 8), 1);
    for (const p of [2, 4, 20]) assert.ok(Math.abs(karpFlatt(amdahlSpeedup(0.1, p), p) - 0.1) < 1e-12);
    assert.throws(() => karpFlatt(1, 1), RangeError);
    assert.throws(() => predict(calibrateModel(oneWorkerTrace()), 0), RangeError);
  });

  test("calibrates from a real run", async () => {
    const A = Matrix.rand(60, 40, { seed: 1 });
    const B = Matrix.rand(40, 30, { seed: 2 });
    const { trace } = await parallelMatmul(A, B, { kernel: "naive", grain: "row", dispatch: "message", workers: 1, trace: true });
    const model = calibrateModel(trace);
    assert.equal(model.chunks, 60);
    assert.ok(model.computePerChunkUs > 0 && model.overheadPerChunkUs > 0 && model.dispatcherPerChunkUs > 0);
    const one = predict(model, 1).wallUs;
    assert.ok(Math.abs(one - trace.wallUs) <= 0.05 * trace.wallUs, `model says ${one} µs for the ${trace.wallUs} µs it was calibrated on`);
  });
});

describe("scaleModel", () => {
  const base = { calibratedOn: { workers: 1, dispatch: "shared" as const, grain: "row", wallUs: 1000 }, chunks: 100, serialUs: 50,
    computePerChunkUs: 10, overheadPerChunkUs: 2, dispatcherPerChunkUs: 0, baselineUs: 1000, cores: 2 };
  test("one task per row: n times as many tasks, each n² times the work, a baseline n³ times as long", () => {
    const scaled = scaleModel(base, { n: 100, grain: "row" }, 200);
    assert.equal(scaled.chunks, 200);
    assert.equal(scaled.computePerChunkUs, 40);
    assert.equal(scaled.overheadPerChunkUs, 2);
    assert.equal(scaled.serialUs, 50);
    assert.equal(scaled.baselineUs, 8000);
  });
  test("one task per element: n² times as many tasks, each n times the work", () => {
    const scaled = scaleModel({ ...base, chunks: 10_000 }, { n: 100, grain: "element" }, 200);
    assert.equal(scaled.chunks, 40_000);
    assert.equal(scaled.computePerChunkUs, 20);
  });
});
