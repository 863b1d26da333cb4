import os from "node:os";

/**
 * Worker counts far above the cores. Every worker is a thread with its own V8
 * isolate: `%parallel -w 256` on this 2-core machine took 22 s (110 s while other
 * processes were busy) and 2.4 GB at its peak (~9 MB per thread), and before this
 * the 256 threads stayed alive afterwards. Up to this many workers per core a run is an
 * experiment worth making (the article's 20 workers on fewer cores); beyond it the pool
 * warns, and closes its threads once it has been idle for `idleCloseMs`, so a
 * comparison's repeated runs reuse them but a notebook does not keep them.
 */
export const workersPerCoreWarning = 4;
export const idleCloseMs = 2000;

export function cores(): number {
  return Math.max(1, os.availableParallelism());
}

export function isOversubscribed(workers: number): boolean {
  return workers > workersPerCoreWarning * cores();
}

export function oversubscriptionWarning(workers: number): string {
  const coreCount = cores();
  return (
    `warning: ${workers} workers on ${coreCount} core${coreCount === 1 ? "" : "s"} is more than ${workersPerCoreWarning} per core: ` +
    "each worker is a thread with its own V8 heap (about 9 MB) that takes time to start, and the threads take turns " +
    `on the cores; they are closed after ${idleCloseMs / 1000} s without a run\n`
  );
}
