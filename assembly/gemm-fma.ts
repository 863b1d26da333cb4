// C block += packed A block × packed B panels, with WebAssembly relaxed SIMD: f64x2
// fused multiply-add (f64x2.relaxed_madd). Built as matmul-relaxed.wasm; engines
// without relaxed SIMD run gemm-simd.ts (separate multiply and add, 4×4 tile) instead.
//
// Layouts (prepared by src/matmul/wasm/packing.ts for this tile, all float64):
// - packed A: MR-row strips; within a strip, for each p the MR values A[i..i+MR, p].
// - packed B: per KC-deep block, NR-column panels `panelStride` bytes apart; within a
//   panel, for each p the NR values B[p, j..j+NR].
// - C block: row-major scratch with `cStride` bytes per row.
//
// Micro-tile MR×NR = 3×6: 9 v128 accumulators + 3 v128 of B + 3 splats of A = 15,
// every xmm register V8 allocates on x64 (xmm15 is its scratch). TurboFan issues all
// of an iteration's loads before its multiply-adds, so each loaded value holds a
// register through the iteration: the tile is bounded by accumulators + MR + NR/2,
// and 3×6 is the only shape with more than 8 accumulators that fits (5×4 needs 17
// registers and 3×8 needs 19: V8 spills them and they ran at 46% of the probe). Zen 5 issues
// two 128-bit FMAs per cycle with 4 cycles' latency, so 8 independent chains just
// cover it and any late operand stalls a chain; 9 leave one cycle of slack in 4.
// Per p, 6 loads feed 9 FMAs, where the 4×4 tile loaded 6 for 8. Measured with A in
// L2 and B in L1 (64×256 A block, 48-wide B), interleaved with the register-only probe
// on one thread, fastest-decile call times: 95% of the probe against 91% for 4×4.

export { packAStrips, packBRows } from "./pack";

export const MR: i32 = 3;
export const NR: i32 = 6;

// @ts-ignore: decorator
@inline
function microTile(a: usize, b: usize, c: usize, kc: i32, cStride: usize, first: i32): void {
  // The accumulators start at zero and C is added after the loop, not loaded before it:
  // a C row is 8 KiB from the next (n = 1000), its lines often gone from L2 by the time
  // the tile comes back to them, and a chain that starts from a load waits for it,
  // while an add after the loop overlaps the next tile's multiply-adds.
  let c00 = f64x2.splat(0), c01 = c00, c02 = c00;
  let c10 = c00, c11 = c00, c12 = c00;
  let c20 = c00, c21 = c00, c22 = c00;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const b2 = v128.load(b, 32);
    let x = v128.load64_splat(a);
    c00 = f64x2.relaxed_madd(x, b0, c00);
    c01 = f64x2.relaxed_madd(x, b1, c01);
    c02 = f64x2.relaxed_madd(x, b2, c02);
    x = v128.load64_splat(a, 8);
    c10 = f64x2.relaxed_madd(x, b0, c10);
    c11 = f64x2.relaxed_madd(x, b1, c11);
    c12 = f64x2.relaxed_madd(x, b2, c12);
    x = v128.load64_splat(a, 16);
    c20 = f64x2.relaxed_madd(x, b0, c20);
    c21 = f64x2.relaxed_madd(x, b1, c21);
    c22 = f64x2.relaxed_madd(x, b2, c22);
    a += 24;
    b += 48;
  }
  const c1 = c + cStride;
  const c2 = c + 2 * cStride;
  if (!first) {
    c00 = f64x2.add(c00, v128.load(c)); c01 = f64x2.add(c01, v128.load(c, 16)); c02 = f64x2.add(c02, v128.load(c, 32));
    c10 = f64x2.add(c10, v128.load(c1)); c11 = f64x2.add(c11, v128.load(c1, 16)); c12 = f64x2.add(c12, v128.load(c1, 32));
    c20 = f64x2.add(c20, v128.load(c2)); c21 = f64x2.add(c21, v128.load(c2, 16)); c22 = f64x2.add(c22, v128.load(c2, 32));
  }
  v128.store(c, c00); v128.store(c, c01, 16); v128.store(c, c02, 32);
  v128.store(c1, c10); v128.store(c1, c11, 16); v128.store(c1, c12, 32);
  v128.store(c2, c20); v128.store(c2, c21, 16); v128.store(c2, c22, 32);
}

/**
 * C[0..mc, 0..panels·NR] (+)= A(mc×kc) · B(kc × panels·NR), as gemm-simd.ts's gemmBlock.
 * `mc` is a multiple of MR; `panelStride` is the byte distance between B panels;
 * `first` != 0 starts from zero instead of accumulating into C.
 * Loop order jr (panels) outside ir (strips): a B micro-panel of kc×NR (12 KiB at
 * kc = 256) stays in L1 while all strips of the A block (in L2) stream past it.
 */
export function gemmBlock(
  aPacked: usize, bPacked: usize, c: usize, mc: i32, panels: i32, kc: i32,
  panelStride: usize, cStride: usize, first: i32,
): void {
  const stripBytes = <usize>(MR * kc * 8);
  const rowStep = <usize>MR * cStride;
  for (let jp = 0; jp < panels; jp++) {
    const b = bPacked + <usize>jp * panelStride;
    let a = aPacked;
    let cTile = c + <usize>(jp * NR * 8);
    for (let ir = 0; ir < mc; ir += MR) {
      microTile(a, b, cTile, kc, cStride, first);
      a += stripBytes;
      cTile += rowStep;
    }
  }
}
