import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { cellContextStorage } from "../../src/cell/context";
import type { OutputSink } from "../../src/cell/output-sink";
import { closePool, parallelFor, pool, type Dispatch } from "../../src/parallel";

after(() => closePool());

function sharedVector(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * 8));
}

/** The pool still works: a small loop runs and gives the right answer. */
async function assertPoolUsable(): Promise<void> {
  const y = sharedVector(50);
  await parallelFor(50, "y[i] = 2 * i", { y }, { dispatch: "shared" });
  assert.deepEqual(Array.from(y), Array.from({ length: 50 }, (_, i) => 2 * i));
  await parallelFor(50, "y[i] = 3 * i", { y }, { dispatch: "message" });
  assert.deepEqual(Array.from(y), Array.from({ length: 50 }, (_, i) => 3 * i));
  assert.equal(pool.stats().alive, pool.workers);
}

// Each iteration spins ~2 ms, so the whole loop would take ~0.4 s on 2 workers.
const SLOW_ITERATION = "const t = Date.now(); while (Date.now() - t < 2) {} marks[i] = 1;";

const silentSink: OutputSink = { stream() {}, display() {}, clearOutput() {} };

describe("faults leave the pool usable", { timeout: 60_000 }, () => {
  for (const dispatch of ["shared", "message"] as Dispatch[]) {
    test(`a throw reaches the caller with the worker's stack and cancels the rest (${dispatch})`, async () => {
      const n = 400;
      const marks = sharedVector(n);
      await assert.rejects(
        parallelFor(n, `if (i === 0) throw new RangeError("boom at " + i); ${SLOW_ITERATION}`, { marks }, { dispatch, grain: "row", workers: 2 }),
        (error: Error & { workerStack?: string }) => {
          assert.equal(error.name, "ParallelTaskError");
          assert.match(error.message, /loop body threw in worker \d+ \(unit 0\): boom at 0/);
          assert.match(error.workerStack ?? "", /RangeError: boom at 0\n\s+at .*parallel-body:1:\d+/);
          return true;
        },
      );
      const ran = marks.reduce((a, b) => a + b, 0);
      assert.ok(ran < n / 2, `cancelled run still ran ${ran} of ${n} iterations`);
      await assertPoolUsable();
    });
  }

  test("a worker that exits is replaced and the run fails with its exit code", async () => {
    const marks = sharedVector(20);
    const before = pool.stats().replacements;
    await assert.rejects(parallelFor(20, `if (i === 3) process.exit(7); marks[i] = 1;`, { marks }, { dispatch: "message", grain: "row" }), {
      name: "WorkerDiedError",
      message: /a worker died \(exit code 7\); it was replaced/,
    });
    assert.ok(pool.stats().replacements > before);
    await assertPoolUsable();
  });

  test("a worker out of memory is replaced and the run fails clearly", async () => {
    await pool.configure({ memoryLimitMb: 32 });
    try {
      const marks = sharedVector(4);
      await assert.rejects(
        parallelFor(4, `const keep = []; for (;;) keep.push(new Array(100000).fill(i)); marks[i] = keep.length;`, { marks }, { dispatch: "shared" }),
        { name: "WorkerDiedError", message: /ran out of memory \(limit 32 MB per worker\)/ },
      );
      await assertPoolUsable();
    } finally {
      await pool.configure({ memoryLimitMb: undefined });
    }
  });

  for (const dispatch of ["shared", "message"] as Dispatch[]) {
    test(`an AbortSignal stops a body stuck in a loop (${dispatch})`, async () => {
      const controller = new AbortController();
      const marks = sharedVector(8);
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(parallelFor(8, "while (marks[i] === 0) {}", { marks }, { dispatch, signal: controller.signal }), {
        name: "ParallelInterruptedError",
      });
      await assertPoolUsable();
    });
  }

  test("the running cell's interrupt stops a run (no explicit signal)", async () => {
    const controller = new AbortController();
    const marks = sharedVector(400);
    setTimeout(() => controller.abort(), 100);
    const run = cellContextStorage.run({ sink: silentSink, signal: controller.signal }, () =>
      parallelFor(400, SLOW_ITERATION + "while (marks[0] < 2) {}", { marks }, { dispatch: "shared" }),
    );
    await assert.rejects(run, { name: "ParallelInterruptedError" });
    await assertPoolUsable();
  });

  test("an already aborted signal rejects before anything runs", async () => {
    const before = pool.stats().tasksRun;
    await assert.rejects(parallelFor(4, "marks[i] = 1", { marks: sharedVector(4) }, { signal: AbortSignal.abort() }), {
      name: "ParallelInterruptedError",
    });
    assert.equal(pool.stats().tasksRun, before);
  });
});
