import { CACHE_BYTES, checkTrafficSize, matrixBytes, productFlops, trafficOf } from "../traffic";
import type { MatmulKernel } from "../kernel";
import { assertAllocationFits } from "../memory-limit";
import { ReusePool } from "../reuse-pool";
import { finishSharedWork, sharedWork, type SharedWork } from "../shared-work";
import type { MatrixData, MatrixView } from "../view";

const transposePool = new ReusePool<SharedArrayBuffer>((buffer) => buffer.byteLength);

export interface DotPrepared {
  /** Bᵀ (n×k) on a SharedArrayBuffer, written once and read by every thread. */
  readonly bTransposed: MatrixView;
  /** Writing Bᵀ, in bands of BAND of its rows, shared by the threads that run the product. */
  readonly transpose: SharedWork;
}

/** Rows of Bᵀ (columns of B) per unit of the shared transpose: 32 units at n = 1000. */
const BAND = 32;

/** Writes rows [j0, j0 + BAND) of Bᵀ, in 32×32 tiles so both sides stay in cache. */
function transposeBand(B: Float64Array, bt: Float64Array, k: number, n: number, j0: number): void {
  const j1 = Math.min(n, j0 + BAND);
  const TILE = 32;
  for (let p0 = 0; p0 < k; p0 += TILE) {
    const p1 = Math.min(k, p0 + TILE);
    for (let p = p0; p < p1; p++) {
      for (let j = j0; j < j1; j++) bt[j * k + p] = B[p * n + j]!;
    }
  }
}

/**
 * Bᵀ of a prepared product, complete: the calling thread first helps write the bands
 * nobody has claimed yet, then waits for the rest (see shared-work.ts).
 */
function transposedB(b: MatrixData, prepared: DotPrepared): Float64Array {
  const view = prepared.bTransposed;
  const k = b.rows;
  const n = b.cols;
  const bt = new Float64Array(view.buffer, view.offset ?? 0, n * k);
  finishSharedWork(prepared.transpose, (unit) => transposeBand(b.data, bt, k, n, unit * BAND));
  return bt;
}

/**
 * Example 2 done right: every C[i, j] is a contiguous dot product of row i of A with
 * row j of Bᵀ. B is transposed once per product (k·n copies against 2·m·n·k flops)
 * into memory shared by all workers, which write it together as they start.
 */
export const dotKernel: MatmulKernel<DotPrepared> = {
  name: "dot",
  description: "contiguous dot products of A's rows with rows of Bᵀ (B transposed once, shared)",
  intensityAssumption: "B read and Bᵀ written once; Bᵀ read once per row of A, from memory once it exceeds the 512 KiB cache; A and C once",
  traffic(n) {
    checkTrafficSize(n);
    const transpose = 2 * matrixBytes(n);
    const bt = matrixBytes(n) > CACHE_BYTES ? n * matrixBytes(n) : matrixBytes(n);
    return trafficOf(productFlops(n), transpose + matrixBytes(n) + bt + matrixBytes(n));
  },
  prepare(_a, b) {
    const k = b.rows;
    const n = b.cols;
    const bytes = k * n * Float64Array.BYTES_PER_ELEMENT;
    assertAllocationFits(bytes, `Bᵀ of ${n}×${k}`);
    const buffer = transposePool.take(bytes) ?? new SharedArrayBuffer(bytes);
    return { bTransposed: { rows: n, cols: k, buffer, offset: 0 }, transpose: sharedWork(Math.ceil(n / BAND)) };
  },
  run(a, b, c, i0, i1, prepared) {
    const n = b.cols;
    const k = a.cols;
    const A = a.data;
    const BT = transposedB(b, prepared);
    const C = c.data;
    const k4 = k - (k % 4);
    for (let i = i0; i < i1; i++) {
      const aRow = i * k;
      for (let j = 0; j < n; j++) {
        const bRow = j * k;
        // Four partial sums break the add dependency chain (V8 does not reassociate).
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let p = 0;
        for (; p < k4; p += 4) {
          s0 += A[aRow + p]! * BT[bRow + p]!;
          s1 += A[aRow + p + 1]! * BT[bRow + p + 1]!;
          s2 += A[aRow + p + 2]! * BT[bRow + p + 2]!;
          s3 += A[aRow + p + 3]! * BT[bRow + p + 3]!;
        }
        for (; p < k; p++) s0 += A[aRow + p]! * BT[bRow + p]!;
        C[i * n + j] = s0 + s1 + (s2 + s3);
      }
    }
  },
  elementBody(a, b, c, prepared) {
    const bt = transposedB(b, prepared);
    return (e0, e1) => dotElements(a, bt, c, b.cols, e0, e1);
  },
  dispose(prepared) {
    transposePool.give(prepared.bTransposed.buffer);
  },
};

/**
 * One element as Example 1's inner product, summed in its order (one accumulator, as the
 * naive kernel's), but along the shared Bᵀ instead of down B's column. A plain function
 * with its arrays in locals, as the naive kernel's element body.
 */
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
