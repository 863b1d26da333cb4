import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { CACHE_BYTES, KERNEL_NAMES, kernels } from "../../src";

/** Bytes of an n×n float64 matrix, written out so the expectations below can be checked by hand. */
const m = (n: number) => 8 * n * n;

describe("kernel traffic (flop and bytes moved from memory, per the stated assumption)", () => {
  it("counts 2n³ flop for every kernel", () => {
    for (const name of KERNEL_NAMES) assert.equal(kernels[name].traffic(10).flops, 2000, name);
  });

  it("naive and sum: B once while it fits the cache, once per row of A past it", () => {
    for (const name of ["naive", "sum"] as const) {
      assert.deepEqual(kernels[name].traffic(4), { flops: 128, bytes: 384, intensity: 1 / 3 });
      // 256² doubles are exactly 512 KiB: still in the cache; one more row and column and they are not.
      assert.equal(m(256), CACHE_BYTES);
      assert.equal(kernels[name].traffic(256).bytes, 3 * m(256));
      assert.equal(kernels[name].traffic(257).bytes, 2 * m(257) + 257 * m(257));
      assert.ok(Math.abs(kernels[name].traffic(1000).intensity - 2e9 / 8.016e9) < 1e-12);
    }
  });

  it("mathjs: the column sweep plus three conversions, each read and written", () => {
    assert.equal(kernels.mathjs.traffic(4).bytes, 384 + 6 * 128);
  });

  it("dot: the transpose (read and write), A, C, and Bᵀ once per row of A past the cache", () => {
    assert.equal(kernels.dot.traffic(4).bytes, 640);
    assert.equal(kernels.dot.traffic(1000).bytes, 2 * m(1000) + 2 * m(1000) + 1000 * m(1000));
  });

  it("blocked: B once, A once per 128 columns of B, C read and written per 256-deep slice", () => {
    assert.equal(kernels.blocked.traffic(4).bytes, 4 * 128);
    assert.equal(kernels.blocked.traffic(1000).bytes, m(1000) * (1 + 8 + 2 * 4));
    assert.ok(Math.abs(kernels.blocked.traffic(1000).intensity - 2e9 / 136e6) < 1e-12);
  });

  it("wasm: B packed, then read per 126 or 128 rows of A; A packed; C per 256-deep slice and copied out", () => {
    assert.equal(kernels.wasm.traffic(4).bytes, 9 * 128);
    // 8 blocks of rows at n = 1000 with either tile's block (126 rows for 3×6, 128 for 4×4).
    assert.equal(kernels.wasm.traffic(1000).bytes, m(1000) * (2 + 8 + 2 + 2 * 4 + 2));
  });

  it("the cache-aware kernels move far fewer bytes per flop than the column sweeps at n = 1000", () => {
    const at = (name: (typeof KERNEL_NAMES)[number]) => kernels[name].traffic(1000).intensity;
    assert.ok(at("blocked") > 50 * at("naive") && at("wasm") > 30 * at("naive"));
  });

  it("every kernel states its assumption in one line, and refuses a size that is not a positive integer", () => {
    for (const name of KERNEL_NAMES) {
      const kernel = kernels[name];
      assert.ok(kernel.intensityAssumption.length > 20 && !kernel.intensityAssumption.includes("\n"), name);
      for (const n of [0, -1, 2.5, Number.NaN]) assert.throws(() => kernel.traffic(n), RangeError, `${name} at ${n}`);
    }
  });
});
