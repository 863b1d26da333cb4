import { threadId } from "node:worker_threads";
import type { MatmulKernel } from "../kernel";
import { checkTrafficSize, columnSweepBytes, matrixBytes, productFlops, trafficOf } from "../traffic";
import type { MatrixData } from "../view";

type MathJs = typeof import("mathjs");

let mathjs: MathJs | undefined;
/** Loaded on first use: importing mathjs costs ~0.3 s, which workers should not pay unless asked. */
function loadMathJs(): MathJs {
  mathjs ??= require("mathjs") as MathJs;
  return mathjs;
}

export interface MathJsPrepared {
  /** Identifies this product so each thread converts B to a mathjs matrix once, not per chunk. */
  readonly key: string;
}

type DenseMatrix = import("mathjs").Matrix;

let nextKey = 0;
/** Per-thread cache of B as a mathjs matrix; one product at a time. */
let cachedB: { key: string; matrix: DenseMatrix } | undefined;

/**
 * Rows i0..i1 of `m` as nested arrays. Each row is filled by `push` from an empty array,
 * which keeps it a packed array of doubles, the form mathjs's loop reads fastest; a row
 * made by `new Array(cols)` would start holey and stay so.
 */
function rowsOf(m: MatrixData, i0: number, i1: number): number[][] {
  const rows: number[][] = [];
  for (let i = i0; i < i1; i++) {
    const row: number[] = [];
    for (let j = i * m.cols, end = j + m.cols; j < end; j++) row.push(m.data[j]!);
    rows.push(row);
  }
  return rows;
}

/**
 * Rows i0..i1 of `m` as a mathjs matrix of numbers. Naming the element type matters:
 * mathjs's `multiply(Array, Array)` wraps both arrays in new matrices (copying and
 * validating every row) and scans every element's type on every call, so each chunk
 * of a parallel product paid that for all of B: at n = 500, a one-row chunk took 27 ms
 * that way against 1.5 ms with B converted once (fastest of 7 runs each). A matrix
 * declared as `number` is never scanned, and B is copied once per thread; the loop
 * mathjs then runs is the one it picks for two arrays of numbers.
 */
export function mathjsMatrixOf(m: MatrixData, i0: number, i1: number): DenseMatrix {
  return loadMathJs().matrix(rowsOf(m, i0, i1), "dense", "number");
}

/** B as this thread's mathjs matrix for the product `prepared` names, converted on the first chunk only. */
export function mathjsOperandB(b: MatrixData, prepared: MathJsPrepared): DenseMatrix {
  if (cachedB?.key !== prepared.key) cachedB = { key: prepared.key, matrix: mathjsMatrixOf(b, 0, b.rows) };
  return cachedB.matrix;
}

/**
 * Example 3 in the JS world: `math.multiply` from mathjs, the popular library.
 * mathjs takes number[][], so the kernel converts A's rows and (once per thread and
 * product) B into mathjs matrices of numbers, and copies the result rows back. The conversions are O(n²) against mathjs's O(n³)
 * multiply and are included in its timings: they are the price of using the library
 * on this data.
 */
export const mathjsKernel: MatmulKernel<MathJsPrepared> = {
  name: "mathjs",
  description: "Example 3 (JS): mathjs math.multiply on number[][] matrices (conversion included)",
  intensityAssumption: "mathjs loops ijk over row arrays: B down its columns once per row of A past the 512 KiB cache, plus A, B and C converted (read and written) once",
  traffic(n) {
    checkTrafficSize(n);
    // Each conversion reads one matrix and writes its copy: A and B in, the product out.
    return trafficOf(productFlops(n), columnSweepBytes(n) + 3 * 2 * matrixBytes(n));
  },
  prepare: () => ({ key: `mathjs:${process.pid}:${threadId}:${nextKey++}:${Date.now()}` }),
  run(a, b, c, i0, i1, prepared) {
    if (i1 <= i0) return;
    const n = b.cols;
    if (a.cols === 0 || n === 0) {
      c.data.fill(0, i0 * n, i1 * n);
      return;
    }
    const product = loadMathJs().multiply(mathjsMatrixOf(a, i0, i1), mathjsOperandB(b, prepared)) as DenseMatrix;
    const rows = product.valueOf() as number[][];
    for (let i = i0; i < i1; i++) c.data.set(rows[i - i0]!, i * n);
  },
  release(prepared) {
    if (cachedB?.key === prepared.key) cachedB = undefined;
  },
};
