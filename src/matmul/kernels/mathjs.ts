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
  /** Identifies this product so each thread converts B to number[][] once, not per chunk. */
  readonly key: string;
}

let nextKey = 0;
/** Per-thread cache of B converted to mathjs's input form; one product at a time. */
let cachedB: { key: string; rows: number[][] } | undefined;

function rowsOf(m: MatrixData, i0: number, i1: number): number[][] {
  const rows: number[][] = [];
  for (let i = i0; i < i1; i++) rows.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return rows;
}

/**
 * Example 3 in the JS world: `math.multiply` from mathjs, the popular library.
 * mathjs takes number[][], so the kernel converts A's rows and (once per thread) B,
 * and copies the result rows back. The conversions are O(n²) against mathjs's O(n³)
 * multiply and are included in its timings: they are the price of using the library
 * on this data.
 */
export const mathjsKernel: MatmulKernel<MathJsPrepared> = {
  name: "mathjs",
  description: "Example 3 (JS): mathjs math.multiply on number[][] (conversion included)",
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
    if (cachedB?.key !== prepared.key) cachedB = { key: prepared.key, rows: rowsOf(b, 0, b.rows) };
    const product = loadMathJs().multiply(rowsOf(a, i0, i1), cachedB.rows) as number[][];
    for (let i = i0; i < i1; i++) c.data.set(product[i - i0]!, i * n);
  },
  release(prepared) {
    if (cachedB?.key === prepared.key) cachedB = undefined;
  },
};
