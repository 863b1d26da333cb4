import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { KERNEL_NAMES, Matrix, clearMatmulCaches, matmul, matmulCacheBytes } from "../../src/matmul";
import { closePool, parallelMatmul, setParallelEnabled, type Dispatch, type Grain, type Transport } from "../../src/parallel";

// Small and not square, so a swapped index or a lost row cannot hide.
const A = Matrix.rand(13, 11, { seed: 1 });
const B = Matrix.rand(11, 9, { seed: 2 });
const GRAINS: Grain[] = ["element", "row", "rows:4", "auto"];
const DISPATCHES: Dispatch[] = ["message", "shared"];
const TRANSPORTS: Transport[] = ["shared", "copy"];

after(() => closePool());

describe("parallelMatmul equals the serial kernel", () => {
  for (const kernel of KERNEL_NAMES) {
    test(kernel, async () => {
      const serial = matmul(A, B, { kernel });
      for (const grain of GRAINS) {
        for (const dispatch of DISPATCHES) {
          for (const transport of TRANSPORTS) {
            const { result, trace } = await parallelMatmul(A, B, { kernel, grain, dispatch, transport, workers: 2, trace: true });
            assert.ok(result.allclose(serial, 1e-12), `${kernel} ${grain} ${dispatch} ${transport}`);
            const expectedUnits = grain === "element" ? A.rows * B.cols : A.rows;
            assert.equal(trace.units, expectedUnits);
            assert.equal(trace.dispatch, dispatch);
            assert.equal(trace.transport, transport);
          }
        }
      }
    });
  }

  test("element grain with the naive kernel sums exactly as the serial loop does", async () => {
    const serial = matmul(A, B, { kernel: "naive" });
    const result = await parallelMatmul(A, B, { kernel: "naive", grain: "element", dispatch: "shared", workers: 2 });
    assert.deepEqual(Array.from(result.data), Array.from(serial.data));
  });

  test("a product's preparation is kept for the next one, which reuses it correctly", async () => {
    for (const kernel of ["dot", "wasm"] as const) {
      for (const inline of [true, false]) {
        clearMatmulCaches();
        // Shapes shrink then grow, so a reused buffer is sometimes larger than needed.
        for (const [m, k, n] of [[40, 30, 20], [7, 5, 3], [40, 30, 20]] as const) {
          const a = Matrix.rand(m, k, { seed: m });
          const b = Matrix.rand(k, n, { seed: n });
          const result = await parallelMatmul(a, b, { kernel, inline, grain: "rows:3", workers: 2 });
          assert.ok(result.allclose(matmul(a, b, { kernel: "naive" }), 1e-12), `${kernel} inline=${inline} ${m}×${k}·${k}×${n}`);
          assert.ok(matmulCacheBytes() >= k * n * 8, `${kernel} inline=${inline}: preparation not kept after the run`);
        }
      }
    }
  });

  test("writes into `out` under every dispatch and transport, and checks it first", async () => {
    const serial = matmul(A, B, { kernel: "blocked" });
    for (const dispatch of DISPATCHES) {
      for (const transport of TRANSPORTS) {
        for (const grain of ["element", "rows:4"] as const) {
          const out = Matrix.zeros(A.rows, B.cols);
          out.data.fill(Number.NaN);
          const result = await parallelMatmul(A, B, { out, dispatch, transport, grain, workers: 2 });
          assert.equal(result, out);
          assert.ok(out.allclose(serial, 1e-12), `${dispatch} ${transport} ${grain}`);
        }
      }
    }
    await assert.rejects(parallelMatmul(A, B, { out: Matrix.zeros(B.cols, A.rows) }), /out is 9×13, the product is 13×9/);
    const square = Matrix.rand(4, 4, { seed: 5 });
    await assert.rejects(parallelMatmul(square, Matrix.rand(4, 4), { out: square }), /out must not share memory with A or B/);
  });

  test("inline option and parallel off run serially on this thread", async () => {
    const serial = matmul(A, B, { kernel: "dot" });
    const { result, trace } = await parallelMatmul(A, B, { kernel: "dot", inline: true, trace: true });
    assert.ok(result.allclose(serial, 0));
    assert.equal(trace.mode, "inline");
    setParallelEnabled(false);
    try {
      const off = await parallelMatmul(A, B, { kernel: "dot", dispatch: "message", grain: "element", trace: true });
      assert.equal(off.trace.mode, "inline");
      assert.ok(off.result.allclose(serial, 0));
    } finally {
      setParallelEnabled(true);
    }
    const on = await parallelMatmul(A, B, { kernel: "dot", workers: 2, trace: true });
    assert.equal(on.trace.mode, "pool");
  });

  test("bad input is a one-line error before anything runs", async () => {
    await assert.rejects(parallelMatmul(A, A, { kernel: "naive" }), /inner dimensions 11 and 13 differ/);
    await assert.rejects(parallelMatmul(A, B, { kernel: "fast" as never }), /unknown matmul kernel "fast"/);
    await assert.rejects(parallelMatmul(A, B, { grain: "rows:0" as Grain }), { name: "UsageError" });
    await assert.rejects(parallelMatmul(A, B, { dispatch: "pigeon" as Dispatch }), { name: "UsageError" });
    await assert.rejects(parallelMatmul(A, B, { transport: "mail" as Transport }), { name: "UsageError" });
    await assert.rejects(parallelMatmul(A, B, { workers: 0 }), { name: "UsageError" });
  });
});
