import { jupyterDisplaySymbol, type MimeBundle } from "../cell/mime";
import { matrixMimeBundle } from "./display";
import { MatrixInputError } from "./errors";
import { uniformSource } from "./random";
import { assertDimension, checkedMatrixBytes } from "./shape";
import type { MatrixData, MatrixView } from "./view";

export interface RandOptions {
  /** Same seed, same values. Defaults to 0 so that an unseeded call is still reproducible. */
  seed?: number;
}

/**
 * A dense row-major float64 matrix whose storage is a SharedArrayBuffer, so worker
 * threads can read A and B and write their rows of C without copying.
 */
export class Matrix implements MatrixData {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  /** Wraps existing storage; `data` must be a Float64Array of rows·cols elements on a SharedArrayBuffer. */
  constructor(rows: number, cols: number, data: Float64Array) {
    assertDimension(rows, "rows");
    assertDimension(cols, "cols");
    if (data.length !== rows * cols) {
      throw new MatrixInputError(`${rows}×${cols} matrix needs ${rows * cols} elements, got ${data.length}`);
    }
    if (!(data.buffer instanceof SharedArrayBuffer)) {
      throw new MatrixInputError("Matrix storage must be a SharedArrayBuffer");
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** A rows × cols matrix of zeros (checked against the memory limit before allocating). */
  static zeros(rows: number, cols: number): Matrix {
    const bytes = checkedMatrixBytes(rows, cols);
    return new Matrix(rows, cols, new Float64Array(new SharedArrayBuffer(bytes)));
  }

  /** Uniform [0, 1) values, reproducible from `seed`, like `np.random.rand(rows, cols)`. */
  static rand(rows: number, cols: number, options: RandOptions = {}): Matrix {
    const seed = options.seed ?? 0;
    if (typeof seed !== "number" || !Number.isFinite(seed)) {
      throw new MatrixInputError(`seed must be a finite number, got ${String(seed)}`);
    }
    const m = Matrix.zeros(rows, cols);
    const next = uniformSource(seed);
    const data = m.data;
    for (let i = 0; i < data.length; i++) data[i] = next();
    return m;
  }

  /** Copies a rectangular array of numbers (every row the same length). */
  static from(values: ReadonlyArray<ReadonlyArray<number>>): Matrix {
    if (!Array.isArray(values)) throw new MatrixInputError("Matrix.from expects an array of rows");
    const rows = values.length;
    const cols = rows === 0 ? 0 : values[0]!.length;
    values.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new MatrixInputError(`Matrix.from: row ${i} has ${Array.isArray(row) ? row.length : "no"} elements, expected ${cols}`);
      }
    });
    const m = Matrix.zeros(rows, cols);
    values.forEach((row, i) => m.data.set(row, i * cols));
    return m;
  }

  /** Rebuilds a Matrix over the same shared memory a `view()` describes (no copy). */
  static fromView(view: MatrixView): Matrix {
    const offset = view.offset ?? 0;
    return new Matrix(view.rows, view.cols, new Float64Array(view.buffer, offset, view.rows * view.cols));
  }

  /** The plain-data form to post to a worker. */
  view(): MatrixView {
    return {
      rows: this.rows,
      cols: this.cols,
      buffer: this.data.buffer as SharedArrayBuffer,
      offset: this.data.byteOffset,
    };
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  toArray(): number[][] {
    return Array.from({ length: this.rows }, (_, i) =>
      Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)),
    );
  }

  /**
   * True when shapes match and every element satisfies |a − b| <= tol · max(1, |a|, |b|):
   * relative for large values, absolute near zero.
   */
  allclose(other: MatrixData, tol = 1e-9): boolean {
    if (other.rows !== this.rows || other.cols !== this.cols) return false;
    const x = this.data;
    const y = other.data;
    for (let i = 0; i < x.length; i++) {
      const a = x[i]!;
      const b = y[i]!;
      const scale = Math.max(1, Math.abs(a), Math.abs(b));
      if (!(Math.abs(a - b) <= tol * scale)) return false;
    }
    return true;
  }

  [jupyterDisplaySymbol](): MimeBundle {
    return matrixMimeBundle(this);
  }

  toString(): string {
    return String(matrixMimeBundle(this)["text/plain"]);
  }
}
