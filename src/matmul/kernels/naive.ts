import type { MatmulKernel } from "../kernel";

/**
 * The article's Example 1 body in ijk order:
 *   for i: for j: for k: C[i, j] += A[i, k] * B[k, j]
 * B is read down a column (stride n), which is what makes this loop slow.
 * C[i, j] is accumulated in a local as Numba/LLVM does after promoting it to a
 * register; starting from 0 equals the article's `np.zeros` start, and makes `run`
 * overwrite its rows as the kernel contract requires.
 */
export const naiveKernel: MatmulKernel<undefined> = {
  name: "naive",
  description: "Example 1: triple loop ijk, C[i,j] += A[i,k]*B[k,j] (B read down columns)",
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
};

/**
 * Σ_p A[i,p]·B[p,j] for p = 0..k-1, the article's innermost loop, with A's row starting
 * at `aRow` and B read down column j (stride n). Shared with the parallel runtime's
 * element grain, so one output element costs the same there as in the serial kernel.
 */
export function naiveInnerProduct(A: Float64Array, aRow: number, B: Float64Array, j: number, n: number, k: number): number {
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
