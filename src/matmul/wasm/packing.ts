import type { MatrixData } from "../view";
import { type WasmLayout, KC } from "./layout";
import type { GemmExports } from "./module-cache";

/**
 * Both packings run in two steps: whole rows are copied into the thread's scratch in
 * wasm memory with TypedArray.set (one memcpy per row range), then the module's
 * packBRows / packAStrips (assembly/pack.ts) reorder them. Writing each element from
 * TypeScript took 3.8 ms for B and 2.1 ms for A at n = 1000, 6% of the product.
 */

/** Rows of B per unit of the shared packing (a divisor of KC): 32 units at n = 1000. */
export const B_ROWS_PER_UNIT = 32;

export function packingUnits(layout: WasmLayout): number {
  return Math.ceil(layout.k / B_ROWS_PER_UNIT);
}

/**
 * Packs rows [unit·B_ROWS_PER_UNIT, …) of B (k×n, row-major) into the packed layout the
 * micro-kernel reads: for each KC-deep block of B's rows (pc0 = 0, KC, …), its NR-column
 * panels one after another, and within a panel, for every p of the block, the NR values
 * B[p, jp·NR .. jp·NR+NR), zero-padded past column n. So the kc×nPad block one
 * gemmBlock call walks is contiguous: the hardware prefetcher follows it across panels,
 * where panels holding all of k put each block's 8 KiB pieces 32 KiB apart (n = 1000):
 * over five KC×MC blockings at n = 1000, one process, interleaved, by CPU time, the
 * product reached 0.63–0.72 of the FMA ceiling that way and 0.74–0.80 this way.
 * `stageByte` is scratch for B_ROWS_PER_UNIT rows of n doubles.
 */
export function packBUnit(
  b: MatrixData, memory: Float64Array, gemm: GemmExports, layout: WasmLayout, stageByte: number, unit: number,
): void {
  const { k, n, nPad, tile } = layout;
  const p0 = unit * B_ROWS_PER_UNIT;
  const p1 = Math.min(k, p0 + B_ROWS_PER_UNIT);
  // A unit never straddles two KC blocks: B_ROWS_PER_UNIT divides KC.
  const pc0 = Math.floor(p0 / KC) * KC;
  const kc = Math.min(KC, k - pc0);
  memory.set(b.data.subarray(p0 * n, p1 * n), stageByte / 8);
  const dst = packedBBlock(layout, pc0, kc).offset + (p0 - pc0) * tile.nr * 8;
  gemm.packBRows(stageByte, p1 - p0, n, dst, tile.nr, kc);
}

/** Byte offset of B's packed block starting at row pc0 (a multiple of KC), and its panel stride. */
export function packedBBlock(layout: WasmLayout, pc0: number, kc: number): { offset: number; panelStride: number } {
  return { offset: layout.packedB + pc0 * layout.nPad * 8, panelStride: kc * layout.tile.nr * 8 };
}

/**
 * Copies rows [i0, i0 + rows) of A (row-major, all k columns: one contiguous range)
 * into the thread's staging region, from which packAStrips packs each KC slice.
 */
export function stageARows(a: MatrixData, memory: Float64Array, stageByte: number, i0: number, rows: number): void {
  memory.set(a.data.subarray(i0 * a.cols, (i0 + rows) * a.cols), stageByte / 8);
}

/**
 * Packs the staged A[·, p0 .. p0+kc) of mc rows into MR-row strips at `dstByte` (for
 * each p, MR consecutive row values), zero-padding the last strip's missing rows.
 * Returns mc rounded up to MR.
 */
export function packABlock(
  gemm: GemmExports, layout: WasmLayout, dstByte: number, stageByte: number, mc: number, p0: number, kc: number,
): number {
  return gemm.packAStrips(stageByte + p0 * 8, mc, kc, layout.k, dstByte, layout.tile.mr);
}
