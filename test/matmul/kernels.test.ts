import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  KERNEL_NAMES, Matrix, MatrixInputError, type MatmulKernel, allocateProduct, createWasmKernel,
  elementBodyOf, kernels, matmul, setMemoryLimit,
} from "../../src/matmul";
import { referenceProduct } from "./reference";

/** m×k by k×n shapes: tile/SIMD/block edges (3×6 and 4×4 tiles, 126- and 128-row blocks, 256 depth), degenerate and empty. */
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [0, 5, 3],
  [4, 0, 3],
  [3, 4, 0],
  [2, 3, 4],
  [17, 13, 9],
  [64, 64, 64],
  [33, 257, 70],
  [67, 300, 5],
  [130, 40, 129],
];

/** mathjs multiplies ~0.1 GFLOP/s: keep its shapes small. */
const MATHJS_MAX_FLOPS = 2e6;

const kernelsUnderTest: Array<[string, MatmulKernel<any>]> = [
  ...KERNEL_NAMES.map((name) => [name, kernels[name]] as [string, MatmulKernel<any>]),
  ["wasm (scalar build)", createWasmKernel("scalar")],
  ["wasm (simd build)", createWasmKernel("simd")],
];

function runWhole(kernel: MatmulKernel<any>, a: Matrix, b: Matrix, c: Matrix): void {
  const prepared = kernel.prepare(a, b);
  kernel.run(a, b, c, 0, a.rows, prepared);
  kernel.release?.(prepared);
}

for (const [label, kernel] of kernelsUnderTest) {
  describe(`kernel ${label}`, () => {
    for (const [m, k, n] of SHAPES) {
      if (label === "mathjs" && 2 * m * k * n > MATHJS_MAX_FLOPS) continue;
      it(`equals the float64 reference for ${m}×${k} · ${k}×${n}`, () => {
        const a = Matrix.rand(m, k, { seed: m * 1000 + k });
        const b = Matrix.rand(k, n, { seed: n * 1000 + k + 1 });
        const c = Matrix.zeros(m, n);
        runWhole(kernel, a, b, c);
        assert.ok(c.allclose(referenceProduct(a, b), 1e-9), `${label} differs from the reference`);
      });
    }

    it("composes over row ranges and overwrites stale rows of C", () => {
      const [m, k, n] = label === "mathjs" ? [9, 11, 7] : [70, 45, 38];
      const a = Matrix.rand(m, k, { seed: 11 });
      const b = Matrix.rand(k, n, { seed: 12 });
      const c = Matrix.zeros(m, n);
      c.data.fill(Number.NaN);
      const prepared = kernel.prepare(a, b);
      const split = 37 % m;
      kernel.run(a, b, c, split, m, prepared);
      kernel.run(a, b, c, 0, split, prepared);
      kernel.release?.(prepared);
      assert.ok(c.allclose(referenceProduct(a, b), 1e-9));
    });

    it("leaves rows outside its range untouched", () => {
      const a = Matrix.rand(10, 6, { seed: 21 });
      const b = Matrix.rand(6, 9, { seed: 22 });
      const c = Matrix.zeros(10, 9);
      c.data.fill(-7);
      const prepared = kernel.prepare(a, b);
      kernel.run(a, b, c, 3, 5, prepared);
      kernel.release?.(prepared);
      for (let i = 0; i < 10; i++) {
        const row = Array.from(c.data.subarray(i * 9, i * 9 + 9));
        if (i === 3 || i === 4) assert.ok(row.every((v) => v >= 0), `row ${i} not computed`);
        else assert.ok(row.every((v) => v === -7), `row ${i} was written`);
      }
    });

    it("computes elements [e0, e1) of C, row-major, and no other, at element grain", () => {
      const a = Matrix.rand(5, 7, { seed: 31 });
      const b = Matrix.rand(7, 6, { seed: 32 });
      const c = Matrix.zeros(5, 6);
      c.data.fill(-7);
      const prepared = kernel.prepare(a, b);
      const elements = elementBodyOf(kernel, a, b, c, prepared);
      // Two ranges that start and end inside rows, as chunks of single elements do.
      elements(8, 9);
      elements(13, 20);
      kernel.release?.(prepared);
      const reference = referenceProduct(a, b).data;
      for (let e = 0; e < 30; e++) {
        if (e === 8 || (e >= 13 && e < 20)) assert.ok(Math.abs(c.data[e]! - reference[e]!) < 1e-12, `element ${e}`);
        else assert.equal(c.data[e], -7, `element ${e} was written`);
      }
    });
  });
}

describe("matmul", () => {
  it("writes into `out` when given one and returns it", () => {
    const a = Matrix.rand(5, 7, { seed: 1 });
    const b = Matrix.rand(7, 3, { seed: 2 });
    const out = Matrix.zeros(5, 3);
    out.data.fill(Number.NaN);
    assert.equal(matmul(a, b, { kernel: "wasm", out }), out);
    assert.ok(out.allclose(referenceProduct(a, b), 1e-9));
  });

  it("rejects an `out` of the wrong shape or sharing memory with an operand", () => {
    const a = Matrix.rand(4, 4, { seed: 1 });
    assert.throws(() => matmul(a, a, { out: Matrix.zeros(4, 5) }), /out is 4×5, the product is 4×4/);
    assert.throws(() => matmul(a, Matrix.rand(4, 4), { out: a }), /out must not share memory with A or B/);
  });

  it("gives the same result when a kernel reuses a disposed preparation", () => {
    const a = Matrix.rand(33, 21, { seed: 3 });
    for (const kernel of ["dot", "wasm"] as const) {
      const b1 = Matrix.rand(21, 18, { seed: 4 });
      const b2 = Matrix.rand(21, 18, { seed: 5 });
      assert.ok(matmul(a, b1, { kernel }).allclose(referenceProduct(a, b1), 1e-9));
      assert.ok(matmul(a, b2, { kernel }).allclose(referenceProduct(a, b2), 1e-9), `${kernel} after reuse`);
    }
  });

  it("returns a new matrix computed by the chosen kernel (default blocked)", () => {
    const a = Matrix.from([[1, 2], [3, 4]]);
    const b = Matrix.from([[5, 6], [7, 8]]);
    assert.deepEqual(matmul(a, b).toArray(), [[19, 22], [43, 50]]);
    assert.deepEqual(matmul(a, b, { kernel: "wasm" }).toArray(), [[19, 22], [43, 50]]);
  });

  it("rejects mismatched inner dimensions", () => {
    assert.throws(
      () => matmul(Matrix.zeros(2, 3), Matrix.zeros(4, 2)),
      (e: unknown) => e instanceof MatrixInputError && /inner dimensions 3 and 4 differ/.test(e.message),
    );
  });

  it("rejects an unknown kernel with the list of names", () => {
    assert.throws(
      () => matmul(Matrix.zeros(1, 1), Matrix.zeros(1, 1), { kernel: "fast" as never }),
      /unknown matmul kernel "fast"; expected one of naive, sum, dot, blocked, wasm, mathjs/,
    );
  });

  it("rejects something that is not a matrix", () => {
    assert.throws(() => matmul({ rows: 1, cols: 1 } as never, Matrix.zeros(1, 1)), /A must be a Matrix/);
  });

  it("rejects a product over the memory limit before allocating C", () => {
    const a = Matrix.rand(300, 1, { seed: 1 });
    const b = Matrix.rand(1, 300, { seed: 2 });
    setMemoryLimit(300 * 300 * 8 - 1);
    try {
      assert.throws(() => allocateProduct(a, b), /product C of 300×300 needs/);
      assert.throws(() => matmul(a, b, { kernel: "naive" }), MatrixInputError);
    } finally {
      setMemoryLimit(undefined);
    }
  });

  it("rejects preparation buffers over the memory limit (dot's Bᵀ, wasm's packed B)", () => {
    const a = Matrix.rand(2, 400, { seed: 1 });
    const b = Matrix.rand(400, 400, { seed: 2 });
    setMemoryLimit(400 * 400 * 8 - 1);
    try {
      assert.throws(() => matmul(a, b, { kernel: "dot" }), /Bᵀ of 400×400 needs/);
      assert.throws(() => matmul(a, b, { kernel: "wasm" }), /packed B for the wasm kernel/);
    } finally {
      setMemoryLimit(undefined);
    }
  });
});

describe("wasm build selection", () => {
  it("detects SIMD on this engine (Node >= 16.4) and picks the best build it validates", async () => {
    const { wasmSimdSupported, variantSupported } = await import("../../src/matmul");
    const { wasmKernel } = await import("../../src/matmul/kernels/wasm");
    assert.equal(wasmSimdSupported(), true);
    assert.equal(wasmKernel.variant, variantSupported("relaxed") ? "relaxed" : "simd");
  });

  it("runs the relaxed-SIMD (FMA) build where the engine enables relaxed SIMD", () => {
    // V8 flags are per process, so the check runs in a child Node with the flag.
    const library = path.resolve(__dirname, "..", "..", "src", "matmul");
    const script = `
      const { Matrix, kernels } = require(${JSON.stringify(library)});
      const wasm = kernels.wasm;
      if (wasm.variant !== "relaxed") throw new Error("picked " + wasm.variant);
      for (const [m, k, n] of [[67, 300, 5], [130, 40, 129], [1, 1, 1]]) {
        const a = Matrix.rand(m, k, { seed: m }), b = Matrix.rand(k, n, { seed: n });
        const c = Matrix.zeros(m, n), ref = Matrix.zeros(m, n);
        const prepared = wasm.prepare(a, b);
        wasm.run(a, b, c, 0, m, prepared);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a.get(i, p) * b.get(p, j);
          ref.set(i, j, s);
        }
        if (!c.allclose(ref, 1e-9)) throw new Error("relaxed build differs at " + [m, k, n]);
      }
      process.stdout.write("ok");`;
    const result = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", "-e", script], { encoding: "utf8" });
    assert.equal(result.stderr.trim(), "");
    assert.equal(result.stdout, "ok");
  });
});
