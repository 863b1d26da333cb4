import * as vm from "node:vm";
import { cellPhase, interruptFlags, interruptSlot } from "../execution/interrupt-flags";

const phases = new Int32Array(interruptFlags);
const callKey = Symbol.for("tsparallel.interruptibleCall");
const caller = new vm.Script(`globalThis[Symbol.for("tsparallel.interruptibleCall")]()`, { filename: "tsparallel-timeit-measurement.js" });

/**
 * Runs the synchronous part of one measurement so that an interrupt can stop it midway.
 *
 * After a cell's first await, its code runs outside the vm script the executor started
 * with `breakOnSigint`, and a busy loop there cannot be stopped (execution/
 * interrupt-watchdog.ts). A measurement of a synchronous statement is one such loop:
 * `%timeit -n 1000000 slow()` could run for hours. So the measurement runs in a vm
 * script of its own with `breakOnSigint`, and the cell is marked as in its synchronous
 * phase meanwhile, so the kernel's interrupt watchdog sends SIGINT, which V8 turns into
 * ERR_SCRIPT_EXECUTION_INTERRUPTED here (reported as KeyboardInterrupt). Outside a
 * running cell (the phase is idle) the call is made directly.
 */
export function interruptibly<T>(run: () => T): T {
  const previous = Atomics.load(phases, interruptSlot.phase);
  if (previous !== cellPhase.awaiting) return run();
  const global = globalThis as Record<symbol, unknown>;
  global[callKey] = run;
  Atomics.store(phases, interruptSlot.phase, cellPhase.script);
  try {
    return caller.runInThisContext({ breakOnSigint: true, displayErrors: false }) as T;
  } finally {
    Atomics.store(phases, interruptSlot.phase, previous);
    delete global[callKey];
  }
}
