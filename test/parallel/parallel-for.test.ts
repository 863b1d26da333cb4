import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Matrix } from "../../src/matmul";
import { cellContextStorage } from "../../src/cell/context";
import type { OutputSink } from "../../src/cell/output-sink";
import { closePool, parallelFor, pool, type Dispatch, type Transport } from "../../src/parallel";

after(() => closePool());

function sharedVector(n: number, fill = 0): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * 8)).fill(fill);
}

describe("parallelFor", () => {
  test("a source body over i writes every iteration once, in every mode", async () => {
    for (const dispatch of ["message", "shared"] as Dispatch[]) {
      for (const transport of ["shared", "copy"] as Transport[]) {
        for (const grain of ["row", "rows:7", "auto"] as const) {
          const n = 101;
          const y = sharedVector(n, 1);
          await parallelFor(n, "y[i] += i * scale", { y, scale: 3 }, { dispatch, transport, grain, workers: 2 });
          assert.deepEqual(Array.from(y), Array.from({ length: n }, (_, i) => 1 + 3 * i), `${dispatch} ${transport} ${grain}`);
        }
      }
    }
  });

  test("a body in TypeScript may declare typed locals and read matrix inputs", async () => {
    const m = Matrix.rand(8, 5, { seed: 3 });
    const sums = sharedVector(8);
    const body = `
      let s: number = 0;
      for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j];
      sums[i] = s;`;
    await parallelFor(8, body, { m, sums }, { dispatch: "shared" });
    for (let i = 0; i < 8; i++) {
      const expected = m.toArray()[i]!.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sums[i]! - expected) < 1e-12);
    }
  });

  test("a throw's stack points at the line of the body as written, types and all", async () => {
    const y = sharedVector(4);
    const body = "const a: number = 1;\ny[i] = a;\nif (i === 2) throw new Error('boom');";
    await assert.rejects(parallelFor(4, body, { y }, { dispatch: "shared", grain: "row" }), (error: Error & { workerStack?: string }) => {
      assert.match(error.workerStack ?? "", /Error: boom\n\s+at (\S+ \()?parallel-body:3:20\b/);
      return true;
    });
  });

  test("console output of a body reaches the running cell, every line of it", async () => {
    for (const dispatch of ["message", "shared"] as Dispatch[]) {
      const written: string[] = [];
      const sink: OutputSink = {
        stream: (name, text) => written.push(`${name}:${text}`),
        display() {},
        clearOutput() {},
      };
      const signal = new AbortController().signal;
      await cellContextStorage.run({ sink, signal }, () =>
        parallelFor(6, "console.log('row', i, { twice: 2 * i }); if (i === 5) console.error('last')", {}, { dispatch, grain: "row" }),
      );
      const expected = Array.from({ length: 6 }, (_, i) => `stdout:row ${i} { twice: ${2 * i} }\n`);
      assert.deepEqual(written.filter((w) => w.startsWith("stdout:")).sort(), expected.sort(), dispatch);
      assert.deepEqual(written.filter((w) => w.startsWith("stderr:")), ["stderr:last\n"]);
    }
  });

  test("copy transport brings back each iteration's row of an output matrix", async () => {
    const out = Matrix.zeros(6, 3);
    await parallelFor(6, "for (let j = 0; j < 3; j++) out.data[i * 3 + j] = i * 10 + j", { out }, { transport: "copy", grain: "rows:2" });
    assert.deepEqual(out.toArray(), Array.from({ length: 6 }, (_, i) => [i * 10, i * 10 + 1, i * 10 + 2]));
  });

  test("a [start, end) range and a registered body by name", async () => {
    const x = sharedVector(10, 2);
    const y = sharedVector(10, 1);
    await parallelFor([3, 7], "axpy", { x, y, alpha: 0.5 }, { dispatch: "message" });
    assert.deepEqual(Array.from(y), [1, 1, 1, 2, 2, 2, 2, 1, 1, 1]);
    await parallelFor({ start: 0, end: 10 }, { name: "axpy" }, { x, y, alpha: 1 });
    assert.deepEqual(Array.from(y), [3, 3, 3, 4, 4, 4, 4, 3, 3, 3]);
  });

  test("a body referring to a name it was not given errors before anything runs", async () => {
    const y = sharedVector(4);
    const before = pool.stats().tasksRun;
    await assert.rejects(parallelFor(4, "y[i] = notGiven * 2", { y }), (error: Error) => {
      assert.equal(error.name, "UsageError");
      assert.match(error.message, /'notGiven', not among its inputs \(y\)/);
      return true;
    });
    assert.equal(pool.stats().tasksRun, before);
    assert.deepEqual(Array.from(y), [0, 0, 0, 0]);
  });

  test("globals of the language are allowed; a property named like a variable is not a reference", async () => {
    const y = sharedVector(4);
    await parallelFor(4, "const o = { notGiven: 1 }; y[i] = Math.sqrt(i * i) + o.notGiven", { y });
    assert.deepEqual(Array.from(y), [1, 2, 3, 4]);
  });

  test("bodies that would leave the loop, syntax errors and bad inputs are UsageErrors", async () => {
    const y = sharedVector(4);
    const plain = new Float64Array(4);
    const cases: [Promise<unknown>, RegExp][] = [
      [parallelFor(4, "if (i > 1) return; y[i] = 1", { y }), /`return` would end the whole chunk/],
      [parallelFor(4, "if (i > 1) break; y[i] = 1", { y }), /bare `break`/],
      [parallelFor(4, "y[i] = (", { y }), /loop body: /],
      [parallelFor(4, "", { y }), /empty/],
      [parallelFor(4, "y[i] = 1", { y: plain }), /not on a SharedArrayBuffer/],
      [parallelFor(4, "y[i] = 1", { y, f: () => 1 }), /input f must be/],
      [parallelFor(-1, "y[i] = 1", { y }), /loop range/],
      [parallelFor(4, { name: "nope" }, { y }), /no loop body named "nope"/],
    ];
    for (const [promise, message] of cases) {
      await assert.rejects(promise, (error: Error) => error.name === "UsageError" && message.test(error.message));
    }
    // Nested loops may break, and continue skips one iteration.
    await parallelFor(4, "for (;;) { break; } if (i === 2) continue; y[i] = 5", { y });
    assert.deepEqual(Array.from(y), [5, 5, 0, 5]);
  });
});
