// Scalar fallback of gemm-simd.ts for engines without WebAssembly SIMD: same layouts,
// same entry point, same MR×NR = 4×4 tile held in 16 f64 locals.

export { packAStrips, packBRows } from "./pack";

export const MR: i32 = 4;
export const NR: i32 = 4;

// @ts-ignore: decorator
@inline
function microTile(a: usize, b: usize, c: usize, kc: i32, cStride: usize, first: i32): void {
  const r1 = c + cStride;
  const r2 = c + 2 * cStride;
  const r3 = c + 3 * cStride;
  let c00 = 0.0, c01 = 0.0, c02 = 0.0, c03 = 0.0;
  let c10 = 0.0, c11 = 0.0, c12 = 0.0, c13 = 0.0;
  let c20 = 0.0, c21 = 0.0, c22 = 0.0, c23 = 0.0;
  let c30 = 0.0, c31 = 0.0, c32 = 0.0, c33 = 0.0;
  if (!first) {
    c00 = load<f64>(c); c01 = load<f64>(c, 8); c02 = load<f64>(c, 16); c03 = load<f64>(c, 24);
    c10 = load<f64>(r1); c11 = load<f64>(r1, 8); c12 = load<f64>(r1, 16); c13 = load<f64>(r1, 24);
    c20 = load<f64>(r2); c21 = load<f64>(r2, 8); c22 = load<f64>(r2, 16); c23 = load<f64>(r2, 24);
    c30 = load<f64>(r3); c31 = load<f64>(r3, 8); c32 = load<f64>(r3, 16); c33 = load<f64>(r3, 24);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = load<f64>(b), b1 = load<f64>(b, 8), b2 = load<f64>(b, 16), b3 = load<f64>(b, 24);
    let x = load<f64>(a);
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = load<f64>(a, 8);
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = load<f64>(a, 16);
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = load<f64>(a, 24);
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
    a += 32;
    b += 32;
  }
  store<f64>(c, c00); store<f64>(c, c01, 8); store<f64>(c, c02, 16); store<f64>(c, c03, 24);
  store<f64>(r1, c10); store<f64>(r1, c11, 8); store<f64>(r1, c12, 16); store<f64>(r1, c13, 24);
  store<f64>(r2, c20); store<f64>(r2, c21, 8); store<f64>(r2, c22, 16); store<f64>(r2, c23, 24);
  store<f64>(r3, c30); store<f64>(r3, c31, 8); store<f64>(r3, c32, 16); store<f64>(r3, c33, 24);
}

/** Same contract as gemm-simd.ts's gemmBlock. */
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
