import * as path from "node:path";
import * as vm from "node:vm";
import { cellTimers } from "./interruptible-timers";

const argumentsKey = Symbol.for("tsparallel.cellArguments");
const timersKey = Symbol.for("tsparallel.cellTimers");

export interface CellBindings {
  scope: Record<string, unknown>;
  require: NodeJS.Require;
  cwd: string;
}

/**
 * Runs one converted cell. The code is wrapped in a function (so `let`/`const` of one cell
 * can be declared again by a later one: every top-level name lives on `scope`, tslab's
 * `exports`) whose parameters give the cell CommonJS's names, and the call happens inside
 * the script, so `breakOnSigint` covers all of the cell's synchronous code: SIGINT during
 * `while (true) {}` throws ERR_SCRIPT_EXECUTION_INTERRUPTED here. The wrapper adds exactly
 * one line before the code (cell-scripts.ts `wrapperPrefixLines`). The timer functions
 * are parameters of an arrow around it (so a cell may still declare its own `setTimeout`):
 * callbacks the cell's code schedules are interruptible (interruptible-timers.ts).
 *
 * Returns the cell function's return value: a promise when the cell has top-level await.
 */
export function runCellScript(code: string, filename: string, hasTopLevelAwait: boolean, bindings: CellBindings): unknown {
  const cellFile = path.join(bindings.cwd, filename);
  const module = { exports: bindings.scope, require: bindings.require, id: filename, filename: cellFile, loaded: false, paths: [] };
  const script =
    `((setTimeout, setInterval, setImmediate) => (${hasTopLevelAwait ? "async " : ""}function (exports, require, module, __filename, __dirname) {\n` +
    `${code}\n}))(...globalThis[Symbol.for("tsparallel.cellTimers")]).apply(undefined, globalThis[Symbol.for("tsparallel.cellArguments")]);`;
  const global = globalThis as Record<symbol, unknown>;
  global[argumentsKey] = [bindings.scope, bindings.require, module, cellFile, bindings.cwd];
  global[timersKey] = [cellTimers.setTimeout, cellTimers.setInterval, cellTimers.setImmediate];
  try {
    return vm.runInThisContext(script, { filename, breakOnSigint: true, displayErrors: false });
  } finally {
    delete global[argumentsKey];
    delete global[timersKey];
  }
}
