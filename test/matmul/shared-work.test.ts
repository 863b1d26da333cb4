import { strict as assert } from "node:assert";
import * as path from "node:path";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { finishSharedWork, sharedWork, type SharedWork } from "../../src/matmul/shared-work";

const MODULE = path.resolve(__dirname, "..", "..", "src", "matmul", "shared-work");

/**
 * A thread that helps with the work: each unit spins ~`unitUs`, adds 1 to the unit's
 * counter in `hits` (a unit done twice shows as 2) and records which thread did it;
 * then it checks that every unit is done when finishSharedWork returns. With `fail`,
 * its first unit raises gate[0], waits until another thread has done a unit (gate[1])
 * and throws, so the other thread is certainly left waiting for that unit.
 */
const HELPER = `
const { parentPort, workerData } = require("node:worker_threads");
const { finishSharedWork } = require(${JSON.stringify(MODULE)});
const { work, hits, by, id, unitUs, fail, gate } = workerData;
try {
  finishSharedWork(work, (unit) => {
    if (fail) {
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      Atomics.wait(gate, 1, 0);
      throw new Error("unit " + unit + " failed");
    }
    Atomics.store(gate, 1, 1);
    Atomics.notify(gate, 1);
    const t0 = performance.now();
    while ((performance.now() - t0) * 1000 < unitUs) {}
    Atomics.add(hits, unit, 1);
    Atomics.store(by, unit, id);
  });
  parentPort.postMessage({ complete: Array.from(hits).every((h) => h === 1) });
} catch (error) {
  parentPort.postMessage({ error: error.message });
}
`;

interface Outcome {
  complete?: boolean;
  error?: string;
}

const gate = (): Int32Array => new Int32Array(new SharedArrayBuffer(8));

function helper(
  work: SharedWork, hits: Int32Array, by: Int32Array, id: number, unitUs: number,
  { fail = false, gates = gate() }: { fail?: boolean; gates?: Int32Array } = {},
): Promise<Outcome> {
  const worker = new Worker(HELPER, { eval: true, workerData: { work, hits, by, id, unitUs, fail, gate: gates } });
  return new Promise<Outcome>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  }).finally(() => worker.terminate());
}

function counters(units: number): { hits: Int32Array; by: Int32Array } {
  return { hits: new Int32Array(new SharedArrayBuffer(units * 4)), by: new Int32Array(new SharedArrayBuffer(units * 4)) };
}

describe("shared preparation work", () => {
  it("three threads do every unit exactly once, share it, and each returns only when all are done", async () => {
    const units = 64;
    const work = sharedWork(units);
    const { hits, by } = counters(units);
    const outcomes = await Promise.all([1, 2, 3].map((id) => helper(work, hits, by, id, 5000)));
    assert.deepEqual(outcomes, [{ complete: true }, { complete: true }, { complete: true }]);
    assert.deepEqual(Array.from(hits), new Array(units).fill(1));
    // 5 ms units: a thread that starts while others work gets some of them.
    assert.ok(new Set(by).size >= 2, `units done by threads ${[...new Set(by)].join(", ")}`);
  });

  it("a lone thread does all of it; later calls return at once without redoing any", () => {
    const work = sharedWork(5);
    const done: number[] = [];
    finishSharedWork(work, (unit) => done.push(unit));
    finishSharedWork(work, (unit) => done.push(unit));
    assert.deepEqual(done, [0, 1, 2, 3, 4]);
  });

  it("no units: nothing to do", () => {
    finishSharedWork(sharedWork(0), () => assert.fail("no unit to do"));
  });

  it("a unit that throws fails its thread, and the waiting threads with a clear error instead of hanging", async () => {
    const units = 8;
    const work = sharedWork(units);
    const { hits, by } = counters(units);
    const gates = gate();
    const failing = helper(work, hits, by, 1, 0, { fail: true, gates });
    // Only once the failing thread holds its unit does the other start: it does the rest, then waits for that one.
    while (Atomics.load(gates, 0) === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const waiting = helper(work, hits, by, 2, 1000, { gates });
    const outcomes = await Promise.all([failing, waiting]);
    assert.deepEqual(outcomes[0], { error: "unit 0 failed" });
    assert.deepEqual(outcomes[1], { error: "the product's preparation failed on another thread" });
  });
});
