import { kernelByName, type MatrixData } from "../matmul";
import type { DotPrepared } from "../matmul";
import { transposedB } from "../matmul/kernels/dot";
import { naiveInnerProduct } from "../matmul/kernels/naive";
import { registerLoopBody, type RangeRunner } from "./bodies";

/**
 * One output element as an inner product: Σ_p A[i,p]·B[p,j], summed from p = 0 up,
 * exactly as Example 1's innermost loop (and the naive kernel) does. The `dot`
 * kernel's element reads its shared Bᵀ instead of striding down B's column.
 */
function elementRunner(a: MatrixData, b: MatrixData, c: MatrixData, bTransposed: Float64Array | undefined): RangeRunner {
  return bTransposed ? (e0, e1) => dotElements(a, bTransposed, c, b.cols, e0, e1) : (e0, e1) => naiveElements(a, b, c, e0, e1);
}

// Plain functions with their arrays in locals: a closure reading captured arrays in
// its inner loop ran ~2× slower than the serial kernel (measured, n = 600, 1 worker).
// The naive element is the naive kernel's own inner product (naiveInnerProduct), so the
// additions stay in p order (bit-identical to the serial loop); a plain `p * n + j` loop
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

function dotElements(a: MatrixData, bt: Float64Array, c: MatrixData, n: number, e0: number, e1: number): void {
  const k = a.cols;
  const A = a.data;
  const C = c.data;
  for (let e = e0; e < e1; e++) {
    const i = (e / n) | 0;
    const j = e - i * n;
    const aRow = i * k;
    const bRow = j * k;
    let acc = 0;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      acc += A[aRow + p]! * bt[bRow + p]!;
      acc += A[aRow + p + 1]! * bt[bRow + p + 1]!;
      acc += A[aRow + p + 2]! * bt[bRow + p + 2]!;
      acc += A[aRow + p + 3]! * bt[bRow + p + 3]!;
    }
    for (; p < k; p++) acc += A[aRow + p]! * bt[bRow + p]!;
    C[e] = acc;
  }
}

/**
 * C = A·B over rows (the kernel's own row-range body) or over elements (one inner
 * product per element: the article's Example 1 at its finest grain). Inputs: matrices
 * a, b, c; scalar `kernel`; `prepared`, the kernel's once-per-product data, shared.
 */
registerLoopBody("matmul", (inputs, unit) => {
  const a = inputs.a as MatrixData;
  const b = inputs.b as MatrixData;
  const c = inputs.c as MatrixData;
  const kernel = kernelByName(inputs.kernel);
  const prepared = inputs.prepared;
  if (unit === "element") {
    const bt = kernel.name === "dot" ? transposedB(b, prepared as DotPrepared) : undefined;
    return elementRunner(a, b, c, bt);
  }
  return (i0, i1) => kernel.run(a, b, c, i0, i1, prepared);
});
