/**
 * Errors raised by the matmul library for input it cannot accept (a shape that does
 * not multiply, a size that is not a count of elements, a matrix too large for the
 * memory limit). Thrown before anything is allocated, with a one-line message.
 */
export class MatrixInputError extends RangeError {
  override readonly name = "MatrixInputError";
}
