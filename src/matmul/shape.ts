import { MatrixInputError } from "./errors";
import { assertAllocationFits } from "./memory-limit";

/** A typed array's length cannot exceed this (2^53 - 1 elements in the spec, far less in V8). */
const MAX_ELEMENTS = Number.MAX_SAFE_INTEGER;

/** Throws unless `value` is a usable dimension: a finite, non-negative integer. */
export function assertDimension(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new MatrixInputError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/**
 * Validates a rows × cols shape and that its float64 storage fits the memory limit.
 * Returns the byte length so callers allocate exactly what was checked.
 */
export function checkedMatrixBytes(rows: unknown, cols: unknown, what = "matrix"): number {
  assertDimension(rows, "rows");
  assertDimension(cols, "cols");
  const elements = rows * cols;
  if (elements > MAX_ELEMENTS) {
    throw new MatrixInputError(`${what} of ${rows}×${cols} has too many elements`);
  }
  const bytes = elements * Float64Array.BYTES_PER_ELEMENT;
  assertAllocationFits(bytes, `${what} of ${rows}×${cols}`);
  return bytes;
}

/** Throws unless A (m×k) and B (k×n) can be multiplied. */
export function assertMultipliable(
  a: { rows: number; cols: number },
  b: { rows: number; cols: number },
): void {
  if (a.cols !== b.rows) {
    throw new MatrixInputError(
      `cannot multiply ${a.rows}×${a.cols} by ${b.rows}×${b.cols}: inner dimensions ${a.cols} and ${b.rows} differ`,
    );
  }
}
