import type { KernelTraffic } from "./traffic";
import type { MatrixData } from "./view";

/** Computes elements [e0, e1) of a product, row-major. */
export type ElementRange = (e0: number, e1: number) => void;

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
 * - `elementBody(a, b, c, prepared)`, where the kernel has it, returns a function that
 *   overwrites elements [e0, e1) of C in row-major order (e = i·n + j), each as one
 *   inner product: the parallel runtime's `element` grain, the article's Example 1 at its
 *   finest. It is called once per product per thread (per-product work, such as reading
 *   a shared Bᵀ, belongs there), the function once per chunk, which may be one element.
 *   A kernel without it is cut into elements with the naive kernel's inner product,
 *   which reads B down a column as Example 1 does.
 * - Lifecycle: prepare (owner) → run × chunks (any threads) → release (each thread,
 *   optional) → dispose (owner, once, when all threads are done).
 */
export interface MatmulKernel<Prepared = unknown> {
  readonly name: KernelName;
  /** One line for `kernels` listings and notebook tables. */
  readonly description: string;
  /**
   * Flop and bytes moved from memory for an n×n product, computed from this kernel's
   * loop structure under `intensityAssumption` (traffic.ts): its place on the roofline.
   */
  traffic(n: number): KernelTraffic;
  /** One line: what the traffic model assumes stays in cache and what is read again. */
  readonly intensityAssumption: string;
  prepare(a: MatrixData, b: MatrixData): Prepared;
  run(a: MatrixData, b: MatrixData, c: MatrixData, i0: number, i1: number, prepared: Prepared): void;
  /** Optional: the body that computes elements [e0, e1) of C, one inner product each (see the contract above). */
  elementBody?(a: MatrixData, b: MatrixData, c: MatrixData, prepared: Prepared): ElementRange;
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
