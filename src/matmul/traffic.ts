/**
 * What a kernel's loops ask of memory for an n×n product: the flop it does and the bytes
 * it moves between memory and the caches, under an assumption each kernel states in one
 * line (`intensityAssumption`). Their ratio, flop per byte, places a run on the roofline.
 * These are models of the loop structure, not counters: a stated assumption a reader
 * can check against the loops, simple enough to compute by hand for small n.
 */
export interface KernelTraffic {
  /** 2n³: one multiply and one add per term of every inner product. */
  readonly flops: number;
  /** Bytes moved from memory, under the kernel's intensity assumption. */
  readonly bytes: number;
  /** flops / bytes. */
  readonly intensity: number;
}

/** Bytes of one float64. */
export const DOUBLE_BYTES = 8;

/**
 * The cache the traffic models assume holds what a kernel reuses: the 512 KiB L2 of one
 * Zen 3 core, which the blocked and wasm kernels' block sizes are tuned to (blocked.ts,
 * wasm/layout.ts). Data past it is counted as coming from memory again.
 */
export const CACHE_BYTES = 512 * 1024;

export function trafficOf(flops: number, bytes: number): KernelTraffic {
  return { flops, bytes, intensity: flops / bytes };
}

export function productFlops(n: number): number {
  return 2 * n ** 3;
}

/** Bytes of one n×n matrix of float64. */
export function matrixBytes(n: number): number {
  return DOUBLE_BYTES * n * n;
}

/**
 * The ijk loops that read B down a column (naive, sum, mathjs): each row of A sweeps all
 * of B, so once B no longer fits the cache, B comes from memory once per row of A
 * (n · n² doubles); A's row and C's row stay cached, so A is read and C written once.
 * A B that fits is read once.
 */
export function columnSweepBytes(n: number): number {
  const b = matrixBytes(n) > CACHE_BYTES ? n * matrixBytes(n) : matrixBytes(n);
  return matrixBytes(n) + b + matrixBytes(n);
}

export function checkTrafficSize(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`kernel traffic: n must be a positive integer, got ${n}`);
}
