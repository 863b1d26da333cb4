/**
 * The plain-data form of a Matrix that crosses threads. `postMessage` shares a
 * SharedArrayBuffer instead of copying it, so a worker that receives a view and calls
 * `Matrix.fromView(view)` reads and writes the very same memory as the sender.
 */
export interface MatrixView {
  readonly rows: number;
  readonly cols: number;
  readonly buffer: SharedArrayBuffer;
  /** Byte offset of element (0, 0) in `buffer`; a multiple of 8. Defaults to 0. */
  readonly offset?: number;
}

/** The minimum a kernel reads: shape plus row-major float64 storage. */
export interface MatrixData {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}
