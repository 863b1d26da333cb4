import * as vm from "node:vm";
import { parentPort, workerData } from "node:worker_threads";
import { cellPhase, interruptSlot, requestInterrupt } from "../cell/interrupt-state";
import { isScriptInterruption } from "../cell/keyboard-interrupt";
import type { SigintGuardData } from "./sigint-guard";

/**
 * The SIGINT guard's thread (sigint-guard.ts): it spends its life inside
 * LEVELS nested `breakOnSigint` scripts, blocked in the innermost. Node's
 * SIGINT helper stops the script that started last; when that is one of these
 * (no cell script runs), the level is rebuilt at once and the signal becomes an
 * interrupt request. Levels, not one: a SIGINT that lands while a level is being
 * rebuilt stops the one around it instead, and only when every level is down
 * can Node's count reach zero. 32 levels kept at least 27 standing under a
 * `kill -INT` every millisecond while the main thread ran scripts back to back
 * (in which one level left Node's count at zero about once a second).
 */

const LEVELS = 32;

const { interruptFlags } = workerData as SigintGuardData;
const flags = new Int32Array(interruptFlags);
const forever = new Int32Array(new SharedArrayBuffer(4));
const levelKey = Symbol.for("tsparallel.sigintGuardLevel");
const enterLevel = new vm.Script(`globalThis[Symbol.for("tsparallel.sigintGuardLevel")]()`, { filename: "tsparallel-sigint-guard.js" });

function runLevel(level: number): void {
  (globalThis as Record<symbol, unknown>)[levelKey] = () => hold(level);
  enterLevel.runInThisContext({ breakOnSigint: true, displayErrors: false });
}

function hold(level: number): never {
  for (;;) {
    try {
      if (level < LEVELS) runLevel(level + 1);
      else {
        announceReady();
        Atomics.wait(forever, 0, 0);
      }
    } catch (error) {
      if (!isScriptInterruption(error)) throw error;
      requestInterrupt(interruptFlags);
      stepAsideWhileCellScriptRuns();
    }
  }
}

let announced = false;
function announceReady(): void {
  if (!announced) parentPort!.postMessage("ready");
  announced = true;
}

/**
 * A level rebuilt while a cell's script runs would start after it, and Node
 * would hand the next SIGINT to the guard instead of the cell: a busy loop that
 * no interrupt could stop. So while the cell's synchronous part runs, the lost
 * level waits (the levels around it started before the cell and stay behind it).
 */
function stepAsideWhileCellScriptRuns(): void {
  while (Atomics.load(flags, interruptSlot.phase) === cellPhase.script) Atomics.wait(flags, interruptSlot.phase, cellPhase.script, 100);
}

hold(0);
