import { elementBodyOf, kernelByName, type MatrixData } from "../matmul";
import { registerLoopBody } from "./bodies";

/**
 * C = A·B over rows (the kernel's own row-range body) or over elements (one inner
 * product per element: the article's Example 1 at its finest grain; the kernel's
 * `elementBody`, else the naive kernel's, as the kernel contract says). Inputs: matrices
 * a, b, c; scalar `kernel`; `prepared`, the kernel's once-per-product data, shared.
 */
registerLoopBody("matmul", (inputs, unit) => {
  const a = inputs.a as MatrixData;
  const b = inputs.b as MatrixData;
  const c = inputs.c as MatrixData;
  const kernel = kernelByName(inputs.kernel);
  const prepared = inputs.prepared;
  if (unit === "element") return elementBodyOf(kernel, a, b, c, prepared);
  return (i0, i1) => kernel.run(a, b, c, i0, i1, prepared);
});
