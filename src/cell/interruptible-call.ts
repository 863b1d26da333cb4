import * as vm from "node:vm";
import { cellPhase, cellPhaseNow, setCellPhase } from "./interrupt-state";

const callKey = Symbol.for("tsparallel.interruptibleCall");
const caller = new vm.Script(`globalThis[Symbol.for("tsparallel.interruptibleCall")]()`, { filename: "tsparallel-interruptible-call.js" });

/**
 * Runs `call` so that SIGINT can stop it midway: inside a `vm` script with breakOnSigint,
 * with the main thread marked as in the cell's script phase meanwhile (so the SIGINT
 * guard leaves the signal to this script). Node stops a busy loop only inside such a
 * script; code resumed from the microtask queue or a timer runs outside any, and stopping
 * it from another thread (the inspector's Runtime.terminateExecution) aborts Node 20 when
 * async hooks are on, which the cell context needs. A stopped call throws vm's
 * ERR_SCRIPT_EXECUTION_INTERRUPTED (`isScriptInterruption` in keyboard-interrupt.ts).
 */
export function runInterruptibly<T>(call: () => T): T {
  const global = globalThis as Record<symbol, unknown>;
  const previousCall = global[callKey];
  const previousPhase = cellPhaseNow();
  global[callKey] = call;
  setCellPhase(cellPhase.script);
  try {
    return caller.runInThisContext({ breakOnSigint: true, displayErrors: false }) as T;
  } finally {
    setCellPhase(previousPhase);
    global[callKey] = previousCall;
  }
}
