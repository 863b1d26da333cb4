/**
 * Keeps the last released preparation buffer of a kind so the next product reuses
 * pages that are already mapped. On this machine (a Firecracker VM) the first touch of
 * fresh memory costs ~2.9 ms per MiB in page faults — 23 ms for an 8 MiB buffer, a
 * fifth of a whole n = 1000 wasm product — while numpy's allocator reuses freed pages.
 * One entry per kind bounds what is held; `clearMatmulCaches()` drops it.
 */
export class ReusePool<T> {
  private kept: T | undefined;

  constructor(private readonly bytesOf: (item: T) => number) {
    pools.push(this);
  }

  /** The kept item if it has at least `bytes`, removed from the pool. */
  take(bytes: number): T | undefined {
    const item = this.kept;
    if (item === undefined || this.bytesOf(item) < bytes) return undefined;
    this.kept = undefined;
    return item;
  }

  /** Offers an item no thread uses any more; it replaces a smaller kept one. */
  give(item: T): void {
    if (this.kept === undefined || this.bytesOf(this.kept) <= this.bytesOf(item)) this.kept = item;
  }

  clear(): void {
    this.kept = undefined;
  }

  keptBytes(): number {
    return this.kept === undefined ? 0 : this.bytesOf(this.kept);
  }
}

const pools: Array<{ clear(): void; keptBytes(): number }> = [];

/** Releases the preparation buffers kept for reuse (dot's Bᵀ, wasm's memory). */
export function clearMatmulCaches(): void {
  for (const pool of pools) pool.clear();
}

/** Bytes of preparation buffers kept for reuse on this thread (what `clearMatmulCaches()` would release). */
export function matmulCacheBytes(): number {
  return pools.reduce((sum, pool) => sum + pool.keptBytes(), 0);
}
