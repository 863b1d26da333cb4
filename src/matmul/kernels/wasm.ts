import { threadId } from "node:worker_threads";
import type { MatmulKernel } from "../kernel";
import type { MatrixData } from "../view";
import { ReusePool } from "../reuse-pool";
import { KC, MAX_SLOTS, TILES, type WasmLayout, blockRows, planLayout, slotOffset } from "../wasm/layout";
import { type WasmVariant, preferredVariant, wasmModule } from "../wasm/module-cache";
import { packABlock, packBUnit, packedBBlock, packingUnits, stageARows } from "../wasm/packing";
import { finishSharedWork, sharedWork, type SharedWork } from "../shared-work";
import { type ThreadState, releaseThreadState, threadStateFor } from "../wasm/thread-state";
import { checkTrafficSize, matrixBytes, productFlops, trafficOf, type KernelTraffic } from "../traffic";

/**
 * Memory design. WebAssembly code can only address its own linear memory, and the
 * Matrix storage is a plain SharedArrayBuffer, so data must be brought into a wasm
 * memory. The alternative — allocating every Matrix inside one process-wide shared
 * WebAssembly.Memory — would avoid that, but needs a manual allocator with explicit
 * frees inside a 4 GiB wasm32 space, and couples every matrix to the wasm kernel.
 * Instead, per product:
 * - B is packed once into NR-column panels in a shared WebAssembly.Memory. Packing is
 *   a layout change BLAS also performs; it is the one extra k×n copy (128 MiB at
 *   n = 4000) and is shared by all workers, which post the Memory object (shared, not
 *   copied), each instantiate their own module over it, and pack B together as they
 *   start (`prepare` only allocates; see shared-work.ts).
 * - A and C stream through a bounded per-thread scratch slot in the same memory:
 *   MC rows of A copied in and packed KC columns at a time, an MC×n block of C copied
 *   out — O(n²) copies against 2n³ flops, and no whole-matrix copy of A or C.
 */
export interface WasmPrepared {
  /** Identifies the product: threads cache their instance and slot by it. */
  readonly key: string;
  /** Non-zero Int32 marking this product's claims in the slot table. */
  readonly generation: number;
  readonly variant: WasmVariant;
  readonly memory: WebAssembly.Memory;
  readonly layout: WasmLayout;
  /** Packing B, in groups of B_ROWS_PER_UNIT rows, shared by the threads that run the product. */
  readonly packing: SharedWork;
}

let nextGeneration = 0;
const memoryPool = new ReusePool<WebAssembly.Memory>((memory) => memory.buffer.byteLength);

/** A shared memory of at least `pages`: the last disposed one if big enough (its pages are already mapped). */
function sharedMemory(pages: number): WebAssembly.Memory {
  const reused = memoryPool.take(pages * 65536);
  if (reused === undefined) return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  // Every thread is done with the previous product (dispose's contract): free all slots.
  new Int32Array(reused.buffer as unknown as SharedArrayBuffer, 0, MAX_SLOTS).fill(0);
  return reused;
}

function prepareWasm(variant: WasmVariant, b: MatrixData): WasmPrepared {
  const layout = planLayout(TILES[variant], b.rows, b.cols);
  wasmModule(variant); // fail on a missing build before allocating the memory
  const memory = sharedMemory(layout.totalPages);
  const packing = sharedWork(packingUnits(layout));
  nextGeneration = (nextGeneration % 0x7ffffffe) + 1;
  const key = `wasm:${process.pid}:${threadId}:${nextGeneration}:${Date.now()}`;
  return { key, generation: nextGeneration, variant, memory, layout, packing };
}

/**
 * Packs the units of B nobody has claimed yet, then waits for the rest; nothing to build
 * once all are done. B's rows are staged in this thread's C block, not yet in use.
 */
function finishPacking(prepared: WasmPrepared, state: ThreadState, b: MatrixData): void {
  const { layout } = prepared;
  const { cBlock } = slotOffset(layout, state.slot);
  finishSharedWork(prepared.packing, (unit) => packBUnit(b, state.memory, state.gemm, layout, cBlock, unit));
}

function runWasm(prepared: WasmPrepared, a: MatrixData, b: MatrixData, c: MatrixData, i0: number, i1: number): void {
  const { layout } = prepared;
  const { k, n, nPad, panels, mc: rowsPerBlock } = layout;
  if (i1 <= i0) return;
  if (k === 0 || n === 0) {
    c.data.fill(0, i0 * n, i1 * n);
    return;
  }
  const state = threadStateFor(prepared.key, prepared.generation, prepared.variant, prepared.memory, layout);
  finishPacking(prepared, state, b);
  const { aPacked, aStage, cBlock } = slotOffset(layout, state.slot);
  const mem = state.memory;
  const C = c.data;
  for (let ic = i0; ic < i1; ic += rowsPerBlock) {
    const mc = Math.min(rowsPerBlock, i1 - ic);
    stageARows(a, mem, aStage, ic, mc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      const mcPad = packABlock(state.gemm, layout, aPacked, aStage, mc, pc, kc);
      const block = packedBBlock(layout, pc, kc);
      state.gemm.gemmBlock(aPacked, block.offset, cBlock, mcPad, panels, kc, block.panelStride, nPad * 8, pc === 0 ? 1 : 0);
    }
    const cBase = cBlock / 8;
    for (let r = 0; r < mc; r++) C.set(mem.subarray(cBase + r * nPad, cBase + r * nPad + n), (ic + r) * n);
  }
}

/**
 * B is packed once (read, written) and its packed blocks are read again for every MC
 * rows of A, as the block of C for those rows (MC×n, as large as the cache) leaves no
 * room to keep them; A is read and packed once; the C block is read and written once
 * per KC slice, and copied out (read, written) once.
 */
function wasmTraffic(n: number, mc: number): KernelTraffic {
  checkTrafficSize(n);
  const m = matrixBytes(n);
  return trafficOf(productFlops(n), 2 * m + m * Math.ceil(n / mc) + 2 * m + 2 * m * Math.ceil(n / KC) + 2 * m);
}

function intensityAssumption(mc: number): string {
  return `B packed once, then read again per MC=${mc} rows of A; A packed once; the C block read and written per KC=${KC} slice and copied out once`;
}

export interface WasmKernel extends MatmulKernel<WasmPrepared> {
  readonly variant: WasmVariant;
  /** Drops this thread's instance and scratch slot for the product. */
  release(prepared: WasmPrepared): void;
  /** Owner, once all threads are done: keeps the memory for the next product. */
  dispose(prepared: WasmPrepared): void;
}

const DESCRIPTIONS: Record<WasmVariant, string> = {
  relaxed: "WebAssembly relaxed SIMD (AssemblyScript f64x2 + FMA), packed B shared by threads, 3×6 tile",
  simd: "WebAssembly SIMD (AssemblyScript f64x2), packed B shared by threads, 4×4 tile",
  scalar: "WebAssembly scalar fallback (no SIMD in this engine), packed B, 4×4 tile",
};

/** The wasm kernel for one build: "relaxed" (f64x2 with FMA), "simd" (f64x2) or the scalar fallback. */
export function createWasmKernel(variant: WasmVariant): WasmKernel {
  const mc = blockRows(TILES[variant]);
  return {
    name: "wasm",
    variant,
    description: DESCRIPTIONS[variant],
    intensityAssumption: intensityAssumption(mc),
    traffic: (n) => wasmTraffic(n, mc),
    prepare: (_a, b) => prepareWasm(variant, b),
    run: (a, b, c, i0, i1, prepared) => runWasm(prepared, a, b, c, i0, i1),
    release: (prepared) => releaseThreadState(prepared.key),
    dispose: (prepared) => {
      releaseThreadState(prepared.key);
      memoryPool.give(prepared.memory);
    },
  };
}

/** The build this engine supports best (relaxed SIMD, SIMD, scalar: first that validates). */
export const wasmKernel: WasmKernel = createWasmKernel(preferredVariant());
