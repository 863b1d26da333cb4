import type { MatrixData } from "../view";
import { type WasmLayout, MR, NR } from "./layout";

/**
 * Writes panels [jp0, jp1) of B (k×n, row-major) into NR-column panels: panel jp holds,
 * for every p, the NR values B[p, jp·NR .. jp·NR+NR), zero-padded past column n, so
 * the micro-kernel reads B with unit stride and no edge cases.
 */
export function packBPanels(b: MatrixData, memory: Float64Array, layout: WasmLayout, jp0: number, jp1: number): void {
  const { k, n } = layout;
  const B = b.data;
  let dst = layout.packedB / 8 + jp0 * k * NR;
  for (let jp = jp0; jp < jp1; jp++) {
    const j0 = jp * NR;
    const width = Math.min(NR, n - j0);
    for (let p = 0; p < k; p++) {
      const src = p * n + j0;
      let c = 0;
      for (; c < width; c++) memory[dst + c] = B[src + c]!;
      for (; c < NR; c++) memory[dst + c] = 0;
      dst += NR;
    }
  }
}

/**
 * Packs A[i0 .. i0+mc, p0 .. p0+kc) into MR-row strips (for each p, MR consecutive row
 * values), zero-padding the last strip's missing rows. Returns mc rounded up to MR.
 */
export function packABlock(
  a: MatrixData, memory: Float64Array, dstByte: number,
  i0: number, mc: number, p0: number, kc: number,
): number {
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
