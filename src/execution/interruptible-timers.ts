import { promisify } from "node:util";
import * as vm from "node:vm";
import { cellPhase, interruptFlags, interruptSlot, requestInterrupt } from "./interrupt-flags";
import { isScriptInterruption, KeyboardInterrupt } from "./keyboard-interrupt";

const phases = new Int32Array(interruptFlags);
const callKey = Symbol.for("tsparallel.timerCallback");
const caller = new vm.Script(`globalThis[Symbol.for("tsparallel.timerCallback")]()`, { filename: "tsparallel-timer-callback.js" });

type Callback = (...args: unknown[]) => unknown;

/**
 * Runs a timer callback of a cell inside a `vm` script with breakOnSigint, so that an
 * interrupt stops a busy loop in it as it stops the cell's synchronous part; without
 * this the callback runs outside any such script and nothing can stop it (Node 20
 * aborts when another thread terminates it). The phase is the script's meanwhile, so
 * the SIGINT guard leaves the signal to this script. A stopped callback throws
 * KeyboardInterrupt (reported on the cell's stderr as any uncaught error) and raises an
 * interrupt request, so a cell still awaiting ends with KeyboardInterrupt too.
 */
function runInterruptibly(callback: Callback, args: unknown[]): unknown {
  const global = globalThis as Record<symbol, unknown>;
  const previousCall = global[callKey];
  const previousPhase = Atomics.load(phases, interruptSlot.phase);
  global[callKey] = () => callback(...args);
  Atomics.store(phases, interruptSlot.phase, cellPhase.script);
  try {
    return caller.runInThisContext({ breakOnSigint: true, displayErrors: false });
  } catch (error) {
    if (!isScriptInterruption(error)) throw error;
    requestInterrupt();
    throw new KeyboardInterrupt("timer callback interrupted");
  } finally {
    Atomics.store(phases, interruptSlot.phase, previousPhase);
    // The guard's thread may wait for the script phase to end (sigint-guard-worker.ts).
    Atomics.notify(phases, interruptSlot.phase);
    global[callKey] = previousCall;
  }
}

function wrap(callback: unknown): unknown {
  if (typeof callback !== "function") return callback;
  return (...args: unknown[]) => runInterruptibly(callback as Callback, args);
}

/**
 * A timer function that wraps its callback; `util.promisify` of it gives the original's
 * promise form (read when asked: Node defines it with a lazy getter).
 */
function interruptible(original: Callback): Callback {
  const timer = (callback: unknown, ...rest: unknown[]) => original(wrap(callback), ...rest);
  Object.defineProperty(timer, promisify.custom, { get: () => (original as unknown as Record<symbol, unknown>)[promisify.custom] });
  return timer;
}

const interruptibleSetTimeout = interruptible(setTimeout as unknown as Callback);
const interruptibleSetImmediate = interruptible(setImmediate as unknown as Callback);
const interruptibleSetInterval = interruptible(setInterval as unknown as Callback);

/**
 * The timer functions a cell's code sees (run-cell.ts binds them around the cell's
 * wrapper, so only code written in cells gets them, not the kernel or libraries).
 */
export const cellTimers = {
  setTimeout: interruptibleSetTimeout,
  setInterval: interruptibleSetInterval,
  setImmediate: interruptibleSetImmediate,
} as const;
