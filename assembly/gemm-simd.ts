// C block += packed A block × packed B panels, with WebAssembly SIMD (f64x2): a
// multiply then an add. Built as matmul-simd.wasm, for engines without relaxed SIMD;
// where it runs, gemm-fma.ts (fused multiply-add, 3×6 tile) is built instead.
//
// Layouts (prepared by src/matmul/wasm/packing.ts, all float64):
// - packed A: MR-row strips; within a strip, for each p the MR values A[i..i+MR, p].
// - packed B: per KC-deep block, NR-column panels `panelStride` bytes apart; within a
//   panel, for each p the NR values B[p, j..j+NR].
// - C block: row-major scratch with `cStride` bytes per row.
//
// Micro-tile MR×NR = 4×4: 8 v128 accumulators + 2 v128 of B + 4 splats of A = 14 of
// the 15 xmm registers V8 allocates on x64 (TurboFan issues all of an iteration's loads
// before its arithmetic, so every loaded value holds a register through it; seen in
// --print-wasm-code). Per p: 2 B loads, 4 A loads that splat as they load
// (v128.load64_splat = one vmovddup from memory; a splat of a scalar load costs a
// second, shuffle µop, and measured 0.83 of the FMA ceiling in cache against 0.91 with
// the load-splat), 8 multiplies and 8 adds. The 3×6 tile of gemm-fma.ts does not fit
// here: each separate multiply needs one more register, V8 spills, and it measured 36%
// of the probe against 88% for this tile (A in L2, B in L1). Unrolling the p loop by
// hand (V8 already unrolls it by 2) spills as well.

export { packAStrips, packBRows } from "./pack";

export const MR: i32 = 4;
export const NR: i32 = 4;

/**
 * acc + x·b: the separate multiply and add that fixed-width SIMD offers. With A and B
 * in L2, interleaved and timed by CPU time on this Zen 5: 14.6 GFLOP/s, against 19.3
 * when the same 4×4 tile fused them (f64x2.relaxed_madd).
 */
// @ts-ignore: decorator
@inline
function madd(x: v128, b: v128, acc: v128): v128 {
  return f64x2.add(acc, f64x2.mul(x, b));
}

// @ts-ignore: decorator
@inline
function microTile(a: usize, b: usize, c: usize, kc: i32, cStride: usize, first: i32): void {
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  if (first) {
    c00 = f64x2.splat(0); c01 = c00; c10 = c00; c11 = c00;
    c20 = c00; c21 = c00; c30 = c00; c31 = c00;
  } else {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + cStride); c11 = v128.load(c + cStride, 16);
    c20 = v128.load(c + 2 * cStride); c21 = v128.load(c + 2 * cStride, 16);
    c30 = v128.load(c + 3 * cStride); c31 = v128.load(c + 3 * cStride, 16);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load64_splat(a);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load64_splat(a, 8);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load64_splat(a, 16);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load64_splat(a, 24);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    a += 32;
    b += 32;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + cStride, c10); v128.store(c + cStride, c11, 16);
  v128.store(c + 2 * cStride, c20); v128.store(c + 2 * cStride, c21, 16);
  v128.store(c + 3 * cStride, c30); v128.store(c + 3 * cStride, c31, 16);
}

/**
 * C[0..mc, 0..panels·NR] (+)= A(mc×kc) · B(kc × panels·NR).
 * `mc` is a multiple of MR; `panelStride` is the byte distance between B panels;
 * `first` != 0 starts from zero instead of accumulating into C.
 * Loop order jr (panels) outside ir (strips): a B micro-panel of kc×NR (8 KiB at
 * kc = 256) stays in L1 while all strips of the A block (in L2) stream past it.
 */
export function gemmBlock(
  aPacked: usize, bPacked: usize, c: usize, mc: i32, panels: i32, kc: i32,
  panelStride: usize, cStride: usize, first: i32,
): void {
  const stripBytes = <usize>(MR * kc * 8);
  for (let jp = 0; jp < panels; jp++) {
    const b = bPacked + <usize>jp * panelStride;
    const cPanel = c + <usize>(jp * NR * 8);
    for (let ir = 0; ir < mc; ir += MR) {
      microTile(aPacked + <usize>(ir / MR) * stripBytes, b, cPanel + <usize>ir * cStride, kc, cStride, first);
    }
  }
}
