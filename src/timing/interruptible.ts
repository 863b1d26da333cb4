import { cellPhase, cellPhaseNow } from "../cell/interrupt-state";
import { runInterruptibly } from "../cell/interruptible-call";

/**
 * Runs the synchronous part of one measurement so that an interrupt can stop it midway.
 *
 * After a cell's first await, its code runs outside the vm script the executor started
 * with `breakOnSigint`, and a busy loop there cannot be stopped. A measurement of a
 * synchronous statement is one such loop: `%timeit -n 1000000 slow()` could run for hours.
 * So while the cell awaits, each measurement runs interruptibly: SIGINT raises
 * ERR_SCRIPT_EXECUTION_INTERRUPTED here (reported as KeyboardInterrupt). In the cell's
 * synchronous part SIGINT already reaches it, and outside a running cell (the phase is
 * idle) nothing is to be stopped, so the call is then made directly.
 */
export function interruptibly<T>(run: () => T): T {
  return cellPhaseNow() === cellPhase.awaiting ? runInterruptibly(run) : run();
}
