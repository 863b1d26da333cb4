import { Matrix } from "../../src/matmul";

/**
 * Textbook float64 product, written independently of every kernel under test
 * (ikj order, one accumulation per element of C), the reference they must match.
 */
export function referenceProduct(a: Matrix, b: Matrix): Matrix {
  const c = Matrix.zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let p = 0; p < a.cols; p++) {
      const x = a.get(i, p);
      for (let j = 0; j < b.cols; j++) c.set(i, j, c.get(i, j) + x * b.get(p, j));
    }
  }
  return c;
}
