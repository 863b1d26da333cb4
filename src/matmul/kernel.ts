import type { MatrixData } from "./view";

export const KERNEL_NAMES = ["naive", "sum", "dot", "blocked", "wasm", "mathjs"] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

/**
 * A matmul kernel split into a once-per-product preparation and a row-range body, so
 * that the same code runs inline or in worker threads.
 *
 * Contract (relied on by the parallel runner):
 * - `prepare(a, b)` runs once per product, on the thread that owns the product: it
 *   validates and allocates, and may leave the writing of its data to the threads'
 *   first `run` calls (shared-work.ts), so that it is not serial time. It returns
 *   plain data that `postMessage` can carry: numbers, strings, SharedArrayBuffers
 *   and shared WebAssembly.Memory objects, all shared rather than copied. Send the
 *   same prepared value with every chunk; a kernel that builds thread-local state from
 *   it (a WASM instance, converted arrays) caches that state per thread by the
 *   prepared value's `key`, so nothing is rebuilt per chunk.
 * - `run(a, b, c, i0, i1, prepared)` overwrites rows [i0, i1) of C = A·B and touches no
 *   other row of C; it never allocates anything proportional to the whole product.
 *   Disjoint row ranges may run concurrently on the same C. Shapes are validated by
 *   `matmul` / the runner before calling (`allocateProduct`); `run` trusts them.
 * - Lifecycle: prepare (owner) → run × chunks (any threads) → release (each thread,
 *   optional) → dispose (owner, once, when all threads are done).
 */
export interface MatmulKernel<Prepared = unknown> {
  readonly name: KernelName;
  /** One line for `kernels` listings and notebook tables. */
  readonly description: string;
  prepare(a: MatrixData, b: MatrixData): Prepared;
  run(a: MatrixData, b: MatrixData, c: MatrixData, i0: number, i1: number, prepared: Prepared): void;
  /**
   * Optional: drops this thread's cached state for a finished product (so its memory
   * can be collected). Without it the state lives until the thread runs another product.
   */
  release?(prepared: Prepared): void;
  /**
   * Optional: called once by the owner after every thread is done with the product
   * (after the last `run` anywhere). The kernel may reuse the preparation's memory for
   * the next product, so the prepared value must not be used afterwards.
   */
  dispose?(prepared: Prepared): void;
}
