import { promisify } from "node:util";
import { requestInterrupt } from "../cell/interrupt-state";
import { runInterruptibly } from "../cell/interruptible-call";
import { isScriptInterruption, KeyboardInterrupt } from "../cell/keyboard-interrupt";

type Callback = (...args: unknown[]) => unknown;

/**
 * Runs a timer callback of a cell so that an interrupt stops a busy loop in it as it stops
 * the cell's synchronous part; without this the callback runs outside any breakOnSigint
 * script and nothing can stop it. A stopped callback throws KeyboardInterrupt (reported on
 * the cell's stderr as any uncaught error) and raises an interrupt request, so a cell
 * still awaiting ends with KeyboardInterrupt too.
 */
function runCallbackInterruptibly(callback: Callback, args: unknown[]): unknown {
  try {
    return runInterruptibly(() => callback(...args));
  } catch (error) {
    if (!isScriptInterruption(error)) throw error;
    requestInterrupt();
    throw new KeyboardInterrupt("timer callback interrupted");
  }
}

function wrap(callback: unknown): unknown {
  if (typeof callback !== "function") return callback;
  return (...args: unknown[]) => runCallbackInterruptibly(callback as Callback, args);
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
