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
      const aRow = i * k;
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += A[aRow + p]! * B[p * n + j]!;
        C[i * n + j] = acc;
      }
    }
  },
};
