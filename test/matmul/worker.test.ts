import { strict as assert } from "node:assert";
import * as path from "node:path";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { type KernelName, Matrix, type MatrixView, type WasmPrepared, kernels } from "../../src/matmul";
import { referenceProduct } from "./reference";

const LIBRARY = path.resolve(__dirname, "..", "..", "src", "matmul");

/** A worker that rebuilds matrices from views and runs one row range, as the parallel runner will. */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { Matrix, kernels } = require(${JSON.stringify(LIBRARY)});
parentPort.on("message", (task) => {
  const a = Matrix.fromView(task.a), b = Matrix.fromView(task.b), c = Matrix.fromView(task.c);
  const kernel = kernels[task.kernel];
  for (const [i0, i1] of task.ranges) kernel.run(a, b, c, i0, i1, task.prepared);
  if (task.release !== false) kernel.release?.(task.prepared);
  parentPort.postMessage("done");
});
`;

interface Task {
  a: MatrixView; b: MatrixView; c: MatrixView; kernel: KernelName; prepared: unknown; ranges: Array<[number, number]>;
  release?: boolean;
}

function runInWorker(worker: Worker, task: Task): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
    worker.postMessage(task);
  });
}

describe("kernels across threads", () => {
  for (const name of ["wasm", "dot", "blocked"] as const) {
    it(`${name}: two workers fill disjoint row ranges of one shared C with one preparation`, async () => {
      const a = Matrix.rand(90, 70, { seed: 5 });
      const b = Matrix.rand(70, 50, { seed: 6 });
      const c = Matrix.zeros(90, 50);
      const prepared = kernels[name].prepare(a, b);
      const workers = [new Worker(WORKER_SOURCE, { eval: true }), new Worker(WORKER_SOURCE, { eval: true })];
      try {
        const base = { a: a.view(), b: b.view(), c: c.view(), kernel: name, prepared };
        await Promise.all([
          runInWorker(workers[0]!, { ...base, ranges: [[0, 20], [20, 45]] }),
          runInWorker(workers[1]!, { ...base, ranges: [[45, 90]] }),
        ]);
      } finally {
        await Promise.all(workers.map((w) => w.terminate()));
      }
      assert.ok(c.allclose(referenceProduct(a, b), 1e-9));
    });
  }
});

describe("wasm memory reuse across products", () => {
  it("a worker still holding the previous product cannot free a slot of the next one", async () => {
    const wasm = kernels.wasm;
    const a = Matrix.rand(40, 30, { seed: 8 });
    const b = Matrix.rand(30, 20, { seed: 9 });
    const c1 = Matrix.zeros(40, 20);
    const c2 = Matrix.zeros(40, 20);
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    try {
      const first = wasm.prepare(a, b) as WasmPrepared;
      const base = { a: a.view(), b: b.view(), kernel: "wasm" as const, release: false };
      await runInWorker(worker, { ...base, c: c1.view(), prepared: first, ranges: [[0, 40]] });
      wasm.dispose!(first); // the worker keeps its state for `first`: stale from here on

      const second = wasm.prepare(a, b) as WasmPrepared;
      assert.equal(second.memory, first.memory, "the disposed memory is reused");
      wasm.run(a, b, c2, 0, 20, second); // this thread claims slot 0 for `second`
      await runInWorker(worker, { ...base, c: c2.view(), prepared: second, ranges: [[20, 40]] });
      const slots = new Int32Array(second.memory.buffer as unknown as SharedArrayBuffer, 0, 3);
      assert.deepEqual(Array.from(slots), [second.generation, second.generation, 0]);
      wasm.release!(second);
      wasm.dispose!(second);
    } finally {
      await worker.terminate();
    }
    const reference = referenceProduct(a, b);
    assert.ok(c1.allclose(reference, 1e-9));
    assert.ok(c2.allclose(reference, 1e-9));
  });
});
