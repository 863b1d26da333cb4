import { MatrixInputError } from "../errors";
import type { WasmLayout } from "./layout";
import { type GemmExports, type WasmVariant, instantiate } from "./module-cache";

/** What a thread needs to run chunks of one product: its own instance and scratch slot. */
export interface ThreadState {
  readonly key: string;
  readonly gemm: GemmExports;
  readonly memory: Float64Array;
  readonly slot: number;
  readonly slotTable: Int32Array;
  /** The product's generation, written into the slot table to mark the slot taken. */
  readonly generation: number;
}

/**
 * This thread's state for the product it ran last. One entry is enough: a worker runs
 * one chunk at a time, and switching products costs one instantiation (~tens of µs),
 * not a repacking. Holding only one also lets the previous product's memory be freed.
 */
let current: ThreadState | undefined;

/**
 * Slots are marked with the product's generation, not just 1: a memory reused for a
 * later product (see kernels/wasm.ts) may still be referenced by a thread holding state
 * for the earlier one, and that thread's release must not free a slot claimed since.
 */
function claimSlot(slotTable: Int32Array, slotCount: number, generation: number): number {
  for (let s = 0; s < slotCount; s++) {
    if (Atomics.compareExchange(slotTable, s, 0, generation) === 0) return s;
  }
  throw new MatrixInputError(`the wasm kernel supports at most ${slotCount} threads on one product`);
}

export function threadStateFor(
  key: string, generation: number, variant: WasmVariant, memory: WebAssembly.Memory, layout: WasmLayout,
): ThreadState {
  if (current?.key === key) return current;
  releaseThreadState(current?.key);
  const gemm = instantiate(variant, memory);
  const { mr, nr } = layout.tile;
  if (gemm.MR.value !== mr || gemm.NR.value !== nr) {
    throw new Error(`dist/wasm/matmul-${variant}.wasm has a ${gemm.MR.value}×${gemm.NR.value} tile, expected ${mr}×${nr}: rebuild it`);
  }
  const buffer = memory.buffer as unknown as SharedArrayBuffer;
  const slotTable = new Int32Array(buffer, 0, layout.slotCount);
  const slot = claimSlot(slotTable, layout.slotCount, generation);
  current = { key, gemm, memory: new Float64Array(buffer), slot, slotTable, generation };
  return current;
}

/** Frees this thread's slot and instance for `key` (no-op if it holds another product). */
export function releaseThreadState(key: string | undefined): void {
  if (current === undefined || key === undefined || current.key !== key) return;
  Atomics.compareExchange(current.slotTable, current.slot, current.generation, 0);
  current = undefined;
}
