import { checkTrafficSize, columnSweepBytes, productFlops, trafficOf } from "../traffic";
import type { MatmulKernel } from "../kernel";

/**
 * The article's Example 2 body: C[i, j] = np.sum(A[i, :] * B[:, j]).
 * Faithful to its cost: numpy (and Numba compiling it) materialises the product
 * A[i, :] * B[:, j] as a new temporary array of length k for every element, then sums
 * it in a second pass, so this kernel allocates a Float64Array(k) per element too.
 * That allocation, plus the strided column of B, is why Example 2 is slower than
 * Example 1 serially; the notebooks time the article's Numba code beside these kernels
 * (01-naive-parallel for Example 1, 02-granularity for Example 2).
 */
export const sumKernel: MatmulKernel<undefined> = {
  name: "sum",
  description: "Example 2: C[i,j] = sum(A[i,:] * B[:,j]), a temporary per element, strided column",
  intensityAssumption: "as naive: B down its columns once per row of A past the 512 KiB cache; each k-long temporary stays cached",
  traffic(n) {
    checkTrafficSize(n);
    return trafficOf(productFlops(n), columnSweepBytes(n));
  },
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
        const products = new Float64Array(k);
        for (let p = 0; p < k; p++) products[p] = A[aRow + p]! * B[p * n + j]!;
        let total = 0;
        for (let p = 0; p < k; p++) total += products[p]!;
        C[i * n + j] = total;
      }
    }
  },
};
