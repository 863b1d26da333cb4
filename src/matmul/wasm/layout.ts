import { MatrixInputError } from "../errors";
import { assertAllocationFits, formatBytes } from "../memory-limit";
import type { WasmVariant } from "./module-cache";

/** A build's micro-tile: MR rows of A by NR columns of B, the shape its packing follows. */
export interface Tile {
  readonly mr: number;
  readonly nr: number;
}

/**
 * The micro-tile of each build (assembly/gemm-fma.ts, gemm-simd.ts, gemm-scalar.ts;
 * checked against the module's MR and NR exports at run time). FMA frees the register a
 * separate multiply holds, which is what lets the relaxed build use the larger tile.
 */
export const TILES: Readonly<Record<WasmVariant, Tile>> = {
  relaxed: { mr: 3, nr: 6 },
  simd: { mr: 4, nr: 4 },
  scalar: { mr: 4, nr: 4 },
};

/** Depth of a packed block: a KC×NR micro-panel of B (8–12 KiB) stays in L1. */
export const KC = 256;
/**
 * Rows per A block, about 128 (a multiple of MR): MC×KC×8 ≈ 256 KiB of packed A stays in
 * Zen 5's 1 MiB L2, and every packed block of B is read from L3 once per MC rows. At
 * n = 1000, by CPU time, 11 rounds interleaved with the probe, two runs each: MC = 126
 * reached 85.0% and 85.2% of the FMA ceiling on one thread and 83.8% and 81.0% per
 * CPU-second on two workers; MC = 63 reached 82.5%, 83.2% and 79.7%, 77.8%; MC = 189,
 * whose C block (1.5 MiB) no longer fits L2, 86.5%, 83.3% and 82.0%, 80.6%.
 */
const MC_TARGET = 128;

export function blockRows(tile: Tile): number {
  return Math.floor(MC_TARGET / tile.mr) * tile.mr;
}
/** Threads that may run one product at once; each claims a scratch slot. */
export const MAX_SLOTS = 64;

const PAGE = 65536;
const WASM32_MAX_PAGES = 65536;
/** Slot table at the start of memory: one Int32 flag per slot (0 free, 1 taken). */
const SLOT_TABLE_BYTES = 4096;

/**
 * Where everything lives in the product's shared WebAssembly.Memory:
 *   [0, 4 KiB)               slot table (Atomics on Int32 flags)
 *   [packedB, +k·nPad·8)     B packed block by block of KC rows, each block's NR-column panels
 *                            contiguous (packing.ts), written by the first runs (shared-work.ts)
 *   slot s at slotsBase + s·slotBytes, private to the thread holding s:
 *     packed A block (MC×KC), A staging (MC×k: the block's rows of A, copied in to be packed),
 *     then the C block (MC×nPad), which also stages B's rows while B is packed
 * Slots past the ones actually used are never touched, so they cost address space,
 * not memory (pages of a fresh Memory are zero-filled lazily by the OS).
 */
export interface WasmLayout {
  readonly tile: Tile;
  /** Rows of A per packed block (blockRows). */
  readonly mc: number;
  readonly k: number;
  readonly n: number;
  readonly panels: number;
  readonly nPad: number;
  readonly packedB: number;
  readonly slotsBase: number;
  readonly slotBytes: number;
  readonly slotCount: number;
  readonly totalPages: number;
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Computes the layout for B of k×n and checks it fits both wasm32 and the memory limit. */
export function planLayout(tile: Tile, k: number, n: number): WasmLayout {
  const mc = blockRows(tile);
  const panels = Math.ceil(n / tile.nr);
  const nPad = panels * tile.nr;
  const packedB = SLOT_TABLE_BYTES;
  const packedBBytes = k * nPad * 8;
  const slotsBase = alignUp(packedB + packedBBytes, PAGE);
  const slotBytes = alignUp((mc * KC + mc * k + mc * nPad) * 8, PAGE);
  const totalBytes = slotsBase + MAX_SLOTS * slotBytes;
  const totalPages = totalBytes / PAGE;
  if (totalPages > WASM32_MAX_PAGES) {
    throw new MatrixInputError(
      `the wasm kernel cannot hold B of ${k}×${n}: it needs ${formatBytes(totalBytes)} of the 4 GiB a wasm32 memory can address`,
    );
  }
  // Resident memory: packed B plus the scratch of the threads that use it (one per core).
  assertAllocationFits(slotsBase + 2 * slotBytes, `packed B for the wasm kernel (${k}×${n})`);
  return { tile, mc, k, n, panels, nPad, packedB, slotsBase, slotBytes, slotCount: MAX_SLOTS, totalPages };
}

/** Byte offsets of a slot's regions (see WasmLayout). */
export interface SlotRegions {
  readonly aPacked: number;
  readonly aStage: number;
  readonly cBlock: number;
}

export function slotOffset(layout: WasmLayout, slot: number): SlotRegions {
  const aPacked = layout.slotsBase + slot * layout.slotBytes;
  const aStage = aPacked + layout.mc * KC * 8;
  return { aPacked, aStage, cBlock: aStage + layout.mc * layout.k * 8 };
}
