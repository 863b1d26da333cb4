import type { MatrixData } from "../view";
import { type Tile, type WasmLayout, KC } from "./layout";

/**
 * Writes panels [jp0, jp1) of B (k×n, row-major) into the packed layout the micro-kernel
 * reads: for each KC-deep block of B's rows (pc0 = 0, KC, …), its NR-column panels one
 * after another, and within a panel, for every p of the block, the NR values
 * B[p, jp·NR .. jp·NR+NR), zero-padded past column n. So the kc×nPad block one
 * gemmBlock call walks is contiguous: the hardware prefetcher follows it across panels,
 * where panels holding all of k put each block's 8 KiB pieces 32 KiB apart (n = 1000):
 * over five KC×MC blockings at n = 1000, one process, interleaved, by CPU time, the
 * product reached 0.63–0.72 of the FMA ceiling that way and 0.74–0.80 this way.
 */
export function packBPanels(b: MatrixData, memory: Float64Array, layout: WasmLayout, jp0: number, jp1: number): void {
  const { k, n, nPad } = layout;
  const NR = layout.tile.nr;
  const B = b.data;
  for (let pc0 = 0; pc0 < k; pc0 += KC) {
    const kc = Math.min(KC, k - pc0);
    for (let jp = jp0; jp < jp1; jp++) {
      const j0 = jp * NR;
      const width = Math.min(NR, n - j0);
      let dst = layout.packedB / 8 + pc0 * nPad + jp * kc * NR;
      for (let p = pc0; p < pc0 + kc; p++) {
        const src = p * n + j0;
        let c = 0;
        for (; c < width; c++) memory[dst + c] = B[src + c]!;
        for (; c < NR; c++) memory[dst + c] = 0;
        dst += NR;
      }
    }
  }
}

/** Byte offset of B's packed block starting at row pc0 (a multiple of KC), and its panel stride. */
export function packedBBlock(layout: WasmLayout, pc0: number, kc: number): { offset: number; panelStride: number } {
  return { offset: layout.packedB + pc0 * layout.nPad * 8, panelStride: kc * layout.tile.nr * 8 };
}

/**
 * Packs A[i0 .. i0+mc, p0 .. p0+kc) into MR-row strips (for each p, MR consecutive row
 * values), zero-padding the last strip's missing rows. Returns mc rounded up to MR.
 */
export function packABlock(
  a: MatrixData, memory: Float64Array, dstByte: number, tile: Tile,
  i0: number, mc: number, p0: number, kc: number,
): number {
  const MR = tile.mr;
  const k = a.cols;
  const A = a.data;
  let dst = dstByte / 8;
  const mcPad = Math.ceil(mc / MR) * MR;
  for (let s = 0; s < mcPad; s += MR) {
    for (let r = 0; r < MR; r++) {
      const row = s + r;
      let out = dst + r;
      if (row < mc) {
        const src = (i0 + row) * k + p0;
        for (let p = 0; p < kc; p++, out += MR) memory[out] = A[src + p]!;
      } else {
        for (let p = 0; p < kc; p++, out += MR) memory[out] = 0;
      }
    }
    dst += MR * kc;
  }
  return mcPad;
}
