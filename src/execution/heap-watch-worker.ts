/**
 * Entry of the heap watch thread. A cell that fills V8's heap makes the process abort
 * (SIGABRT, no reply) after V8 has spent seconds to minutes collecting garbage near its
 * limit; the main thread is busy in the cell all along, so only another thread can see
 * it coming. This one asks the main thread's inspector for its heap use
 * (`Runtime.getHeapUsage`, answered between two of the cell's JavaScript instructions
 * even while a loop keeps the thread busy) every `pollMs` while a cell runs, and stops the
 * cell as an interrupt does once the use passes the threshold.
 */
import { Session } from "node:inspector";
import { workerData } from "node:worker_threads";
import { heapSlot, type HeapWatchData } from "./heap-watch-protocol";
import { cellPhase, interruptSlot, requestInterrupt } from "./interrupt-flags";

const data = workerData as HeapWatchData;
const state = new Int32Array(data.state);
const flags = new Int32Array(data.interruptFlags);
const session = new Session();
session.connectToMainThread();

let asking = false;

function poll(): void {
  if (asking || Atomics.load(state, heapSlot.armed) === 0 || Atomics.load(flags, interruptSlot.phase) === cellPhase.idle) return;
  asking = true;
  session.post("Runtime.getHeapUsage", (error, reply) => {
    asking = false;
    const usage = reply as { usedSize?: number } | undefined;
    if (error || usage?.usedSize === undefined || usage.usedSize < data.thresholdBytes) return;
    if (Atomics.compareExchange(state, heapSlot.armed, 1, 0) !== 1) return;
    Atomics.store(state, heapSlot.usedMb, Math.round(usage.usedSize / 2 ** 20));
    Atomics.store(state, heapSlot.fired, 1);
    stopCell();
  });
}

/**
 * The cell's synchronous top level runs under vm's breakOnSigint: SIGINT stops it at once
 * (the converter's watchdog would first wait 300 ms, time the heap may not have). Anything
 * else is asked to stop through the interrupt flag, which the main thread takes when free.
 */
function stopCell(): void {
  if (Atomics.load(flags, interruptSlot.phase) === cellPhase.script) process.kill(process.pid, "SIGINT");
  else requestInterrupt(data.interruptFlags);
}

setInterval(poll, data.pollMs);
