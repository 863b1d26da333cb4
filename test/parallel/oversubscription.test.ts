import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { cellContextStorage } from "../../src/cell/context";
import { closePool, parallelFor, pool } from "../../src/parallel";
import { cores, idleCloseMs, workersPerCoreWarning } from "../../src/parallel/oversubscription";
import { RecordingSink } from "../execution/recording-sink";

after(() => closePool());

function sharedVector(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * 8));
}

/** Runs `fn` as a cell would, with its output recorded. */
async function inCell<T>(fn: () => Promise<T>): Promise<{ value: T; sink: RecordingSink }> {
  const sink = new RecordingSink();
  const value = await cellContextStorage.run({ sink, signal: new AbortController().signal }, fn);
  return { value, sink };
}

async function untilNoThreadIsAlive(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (pool.stats().alive > 0) {
    assert.ok(Date.now() < deadline, `the pool still has ${pool.stats().alive} threads`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("worker counts far above the cores", { timeout: 120_000 }, () => {
  const tooMany = workersPerCoreWarning * cores() + 1;

  test("a run warns once in the cell, its threads are reused by the next run and closed once the pool is idle", async () => {
    const y = sharedVector(tooMany * 2);
    const first = await inCell(() => parallelFor(y.length, "y[i] = i", { y }, { workers: tooMany }));
    assert.match(first.sink.text("stderr"), new RegExp(`^warning: ${tooMany} workers on ${cores()} cores? is more than ${workersPerCoreWarning} per core`));
    const second = await inCell(() => parallelFor(y.length, "y[i] = 2 * i", { y }));
    assert.equal(second.sink.text("stderr"), "", "threads already started: no second warning");
    assert.equal(y[3], 6);
    await untilNoThreadIsAlive();
    assert.equal(pool.workers, tooMany, "the size asked for stays; only the threads are closed");
    await parallelFor(y.length, "y[i] = 3 * i", { y });
    assert.equal(y[3], 9, "the pool starts again on the next run");
    await closePool();
  });

  test("a pool within the limit keeps its threads between runs", async () => {
    const y = sharedVector(8);
    const { sink } = await inCell(() => parallelFor(y.length, "y[i] = i", { y }, { workers: cores() }));
    assert.equal(sink.text("stderr"), "");
    await new Promise((resolve) => setTimeout(resolve, idleCloseMs + 500));
    assert.equal(pool.stats().alive, cores());
  });

  test("the stated maximum is refused before any thread starts", async () => {
    await assert.rejects(parallelFor(4, "y[i] = i", { y: sharedVector(4) }, { workers: 257 }), {
      name: "UsageError",
      message: "workers must be an integer from 1 to 256, not 257",
    });
  });
});
