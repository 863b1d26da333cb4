import * as path from "node:path";
import * as v8 from "node:v8";
import { Worker } from "node:worker_threads";
import { MemoryError } from "../errors";
import { heapSlot, type HeapWatchData } from "./heap-watch-protocol";
import { interruptFlags } from "../cell/interrupt-state";

/**
 * How close to V8's heap limit a cell may come: the larger of 64 MB and a tenth of the
 * limit. Measured with --max-old-space-size=256 (limit 304 MB) and an allocation loop
 * adding ~150 MB/s: V8 ran on past 240 MB used while the watch, polling every 100 ms,
 * saw each step of ~15 MB, so the cell is stopped well before the abort.
 */
const minimumMarginBytes = 64 * 2 ** 20;
const pollMs = 100;

export interface HeapWatch {
  /** Called as a cell starts: the watch may stop it once. */
  arm(): void;
  /** Called as the cell ends: the MemoryError if the watch stopped it, undefined otherwise. */
  disarm(): MemoryError | undefined;
  close(): Promise<void>;
}

/** Starts the watch thread (heap-watch-worker.ts) for the cells of this process. */
export function startHeapWatch(): HeapWatch {
  const limitBytes = v8.getHeapStatistics().heap_size_limit;
  const thresholdBytes = limitBytes - Math.max(minimumMarginBytes, limitBytes / 10);
  const stateBuffer = new SharedArrayBuffer(4 * 3);
  const state = new Int32Array(stateBuffer);
  const workerData: HeapWatchData = { state: stateBuffer, interruptFlags, thresholdBytes, pollMs };
  const worker = new Worker(path.join(__dirname, "heap-watch-worker.js"), { workerData });
  worker.unref();
  return {
    arm() {
      Atomics.store(state, heapSlot.fired, 0);
      Atomics.store(state, heapSlot.armed, 1);
    },
    disarm() {
      Atomics.store(state, heapSlot.armed, 0);
      if (Atomics.exchange(state, heapSlot.fired, 0) === 0) return undefined;
      const usedMb = Atomics.load(state, heapSlot.usedMb);
      const limitMb = Math.round(limitBytes / 2 ** 20);
      return new MemoryError(
        `the cell used ${usedMb} MB of the ${limitMb} MB heap and was stopped before V8 aborts the kernel; ` +
          "the names it declared were dropped to free the memory (node's --max-old-space-size sets the limit)",
      );
    },
    async close() {
      await worker.terminate();
    },
  };
}
