import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { homeRange } from "../../src/parallel/job";
import { closePool, parallelFor } from "../../src/parallel";

after(() => closePool());

describe("shared dispatch claims", () => {
  test("home ranges partition the chunks in order", () => {
    for (const [total, workers] of [[0, 2], [1, 3], [7, 2], [10, 3], [1000, 7], [5, 8]] as const) {
      let next = 0;
      for (let w = 0; w < workers; w++) {
        const { first, end } = homeRange(total, workers, w);
        assert.equal(first, next, `${total} chunks, ${workers} workers, worker ${w}`);
        assert.ok(end >= first);
        next = end;
      }
      assert.equal(next, total, `${total} chunks, ${workers} workers`);
    }
  });

  test("every iteration runs exactly once, with more workers than iterations too", async () => {
    for (const [n, workers] of [[1000, 3], [2, 3], [1, 2]] as const) {
      const y = new Float64Array(new SharedArrayBuffer(n * 8));
      const { trace } = await parallelFor(n, "y[i] += 1", { y }, { dispatch: "shared", grain: "row", workers, trace: true });
      assert.deepEqual(Array.from(y), new Array(n).fill(1), `${n} iterations on ${workers} workers`);
      assert.equal(trace.chunks, n);
    }
  });

  test("a worker stuck in its own range has the rest of it claimed by another", async () => {
    // Iterations 0 and 1 are worker 0's home range; 2 and 3 worker 1's. Iteration 0
    // waits until iteration 1 has run, which only a worker that claims from another's
    // counter can do while worker 0 is stuck.
    const flag = new Int32Array(new SharedArrayBuffer(8));
    const body = `
      if (i === 1) Atomics.store(flag, 0, 1);
      if (i === 0) {
        const since = Date.now();
        while (Atomics.load(flag, 0) === 0) {
          if (Date.now() - since > 10000) throw new Error("iteration 1 was never claimed by another worker");
          Atomics.wait(flag, 1, 0, 5);
        }
      }`;
    const { trace } = await parallelFor(4, body, { flag }, { dispatch: "shared", grain: "row", workers: 2, trace: true });
    assert.equal(Atomics.load(flag, 0), 1);
    assert.deepEqual(trace.perWorker.map((w) => w.chunks).sort(), [1, 3]);
  });
});
