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
import { cellPhase, interruptSlot } from "../cell/interrupt-state";

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
 * Stops the cell as interrupt_request does, with SIGINT: code under vm's breakOnSigint (the
 * cell's synchronous part, its timer callbacks) stops at once; otherwise the SIGINT guard
 * turns the signal into an interrupt request, which the main thread takes when free.
 */
function stopCell(): void {
  process.kill(process.pid, "SIGINT");
}

setInterval(poll, data.pollMs);
