import { checkTrafficSize, columnSweepBytes, productFlops, trafficOf, type KernelTraffic } from "../traffic";
import type { MatmulKernel } from "../kernel";
import type { MatrixData } from "../view";

/**
 * The article's Example 1 body in ijk order:
 *   for i: for j: for k: C[i, j] += A[i, k] * B[k, j]
 * B is read down a column (stride n), which is what makes this loop slow.
 * C[i, j] is accumulated in a local as Numba/LLVM does after promoting it to a
 * register; starting from 0 equals the article's `np.zeros` start, and makes `run`
 * overwrite its rows as the kernel contract requires.
 */
export const naiveKernel = {
  name: "naive",
  description: "Example 1: triple loop ijk, C[i,j] += A[i,k]*B[k,j] (B read down columns)",
  intensityAssumption: "B swept down its columns once per row of A, from memory once B exceeds the 512 KiB cache; A and C once",
  traffic: (n: number) => naiveTraffic(n),
  prepare: () => undefined,
  run(a, b, c, i0, i1) {
    const n = b.cols;
    const k = a.cols;
    const A = a.data;
    const B = b.data;
    const C = c.data;
    for (let i = i0; i < i1; i++) {
      for (let j = 0; j < n; j++) C[i * n + j] = naiveInnerProduct(A, i * k, B, j, n, k);
    }
  },
  elementBody: (a, b, c) => (e0, e1) => naiveElements(a, b, c, e0, e1),
} satisfies MatmulKernel<undefined>;

// A plain function with its arrays in locals: a closure reading captured arrays in its
// inner loop ran ~2× slower than the serial kernel (measured, n = 600, 1 worker). It uses
// the row body's own inner product, so the additions stay in p order (bit-identical to
// the serial loop) and an element costs what it costs there: a plain `p * n + j` loop
// took 1.37× the kernel's time per element (n = 1000, one thread, 100 rows: 139 ms
// against 102 ms; the shared unrolled form 110 ms).
function naiveElements(a: MatrixData, b: MatrixData, c: MatrixData, e0: number, e1: number): void {
  const n = b.cols;
  const k = a.cols;
  const A = a.data;
  const B = b.data;
  const C = c.data;
  for (let e = e0; e < e1; e++) {
    const i = (e / n) | 0;
    C[e] = naiveInnerProduct(A, i * k, B, e - i * n, n, k);
  }
}

/**
 * Σ_p A[i,p]·B[p,j] for p = 0..k-1, the article's innermost loop, with A's row starting
 * at `aRow` and B read down column j (stride n). Shared by the row and element bodies,
 * so one output element costs the same in both.
 */
function naiveInnerProduct(A: Float64Array, aRow: number, B: Float64Array, j: number, n: number, k: number): number {
  let acc = 0;
  let p = 0;
  let bIndex = j; // p·n + j, advanced by n instead of multiplied (as LLVM does)
  // Unrolled by four with one accumulator: the additions stay in k order, so the
  // rounding is exactly the article's loop; unrolling only removes V8's per-
  // iteration loop overhead (~35% faster, measured at n = 1000).
  for (; p + 3 < k; p += 4, bIndex += 4 * n) {
    acc += A[aRow + p]! * B[bIndex]!;
    acc += A[aRow + p + 1]! * B[bIndex + n]!;
    acc += A[aRow + p + 2]! * B[bIndex + 2 * n]!;
    acc += A[aRow + p + 3]! * B[bIndex + 3 * n]!;
  }
  for (; p < k; p++, bIndex += n) acc += A[aRow + p]! * B[bIndex]!;
  return acc;
}

/** Its loops are the column sweep of traffic.ts: B again for every row of A once it outgrows the cache. */
function naiveTraffic(n: number): KernelTraffic {
  checkTrafficSize(n);
  return trafficOf(productFlops(n), columnSweepBytes(n));
}
