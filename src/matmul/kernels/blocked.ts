import { checkTrafficSize, matrixBytes, productFlops, trafficOf } from "../traffic";
import type { MatmulKernel } from "../kernel";
import type { MatrixData } from "../view";

/**
 * Block sizes for Zen 3 (32 KiB L1d, 512 KiB L2 per core): a KC×NC panel of B is
 * 256×128×8 B = 256 KiB and stays in L2 while every 4-row strip of A sweeps over it;
 * the 4×KC strip of A (8 KiB) stays in L1.
 */
const KC = 256;
const NC = 128;

/** C[i0..i0+4, j0..j0+4] += A[i0..i0+4, p0..p1] · B[p0..p1, j0..j0+4] with 16 scalar accumulators. */
function microKernel4x4(
  A: Float64Array, B: Float64Array, C: Float64Array,
  k: number, n: number, i: number, j: number, p0: number, p1: number,
): void {
  const a0 = i * k;
  const a1 = a0 + k;
  const a2 = a1 + k;
  const a3 = a2 + k;
  const c0 = i * n + j;
  const c1 = c0 + n;
  const c2 = c1 + n;
  const c3 = c2 + n;
  let c00 = C[c0]!, c01 = C[c0 + 1]!, c02 = C[c0 + 2]!, c03 = C[c0 + 3]!;
  let c10 = C[c1]!, c11 = C[c1 + 1]!, c12 = C[c1 + 2]!, c13 = C[c1 + 3]!;
  let c20 = C[c2]!, c21 = C[c2 + 1]!, c22 = C[c2 + 2]!, c23 = C[c2 + 3]!;
  let c30 = C[c3]!, c31 = C[c3 + 1]!, c32 = C[c3 + 2]!, c33 = C[c3 + 3]!;
  for (let p = p0; p < p1; p++) {
    const bp = p * n + j;
    const b0 = B[bp]!, b1 = B[bp + 1]!, b2 = B[bp + 2]!, b3 = B[bp + 3]!;
    const x0 = A[a0 + p]!, x1 = A[a1 + p]!, x2 = A[a2 + p]!, x3 = A[a3 + p]!;
    c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
    c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
    c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
    c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
  }
  C[c0] = c00; C[c0 + 1] = c01; C[c0 + 2] = c02; C[c0 + 3] = c03;
  C[c1] = c10; C[c1 + 1] = c11; C[c1 + 2] = c12; C[c1 + 3] = c13;
  C[c2] = c20; C[c2 + 1] = c21; C[c2 + 2] = c22; C[c2 + 3] = c23;
  C[c3] = c30; C[c3 + 1] = c31; C[c3 + 2] = c32; C[c3 + 3] = c33;
}

/** Scalar edge: the rows/columns that do not fill a 4×4 tile. */
function edgeKernel(
  A: Float64Array, B: Float64Array, C: Float64Array, k: number, n: number,
  iStart: number, iEnd: number, jStart: number, jEnd: number, p0: number, p1: number,
): void {
  for (let i = iStart; i < iEnd; i++) {
    for (let j = jStart; j < jEnd; j++) {
      let acc = C[i * n + j]!;
      for (let p = p0; p < p1; p++) acc += A[i * k + p]! * B[p * n + j]!;
      C[i * n + j] = acc;
    }
  }
}

function runBlocked(a: MatrixData, b: MatrixData, c: MatrixData, i0: number, i1: number): void {
  const k = a.cols;
  const n = b.cols;
  const A = a.data;
  const B = b.data;
  const C = c.data;
  C.fill(0, i0 * n, i1 * n);
  const iFull = i0 + ((i1 - i0) & ~3);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const j1 = Math.min(n, j0 + NC);
      const jFull = j0 + ((j1 - j0) & ~3);
      for (let i = i0; i < iFull; i += 4) {
        for (let j = j0; j < jFull; j += 4) microKernel4x4(A, B, C, k, n, i, j, p0, p1);
        edgeKernel(A, B, C, k, n, i, i + 4, jFull, j1, p0, p1);
      }
      edgeKernel(A, B, C, k, n, iFull, i1, j0, j1, p0, p1);
    }
  }
}

export const blockedKernel: MatmulKernel<undefined> = {
  name: "blocked",
  description: "cache-blocked (KC=256, NC=128) TypeScript with a 4×4 register tile",
  intensityAssumption: "each KC×NC panel of B read once and kept in cache; A read once per NC columns of B; C read and written once per KC slice",
  traffic(n) {
    checkTrafficSize(n);
    const m = matrixBytes(n);
    return trafficOf(productFlops(n), m + m * Math.ceil(n / NC) + 2 * m * Math.ceil(n / KC));
  },
  prepare: () => undefined,
  run: (a, b, c, i0, i1) => runBlocked(a, b, c, i0, i1),
};
