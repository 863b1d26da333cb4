import { currentCell } from "../cell/context";
import { display } from "../display/display";
import { UsageError } from "../errors";
import { isParallelEnabled } from "../parallel/mode";
import { parallelFor } from "../parallel/parallel-for";
import { pool } from "../parallel/pool";
import type { RunTrace } from "../parallel/trace";
import { measurePerTaskCost } from "../parallel/task-cost";
import { runComparison } from "./parallel-compare";
import type { RunSettings } from "./parallel-flags";
import { poolTable, showTraces } from "./parallel-report";
import { switchParallel } from "./parallel-switch";
import { ParallelRuns } from "./parallel-runs";

/**
 * The runtime half of `%parallel` / `%%parallel`: what the code the magic writes into
 * the cell calls, as `$tsp.$magicParallel.<function>` (see runtimes.ts). The statement
 * itself is compiled in the cell, so it sees the notebook's variables and types; these
 * functions only arrange its runs and show what happened.
 */

/** `%parallel` and `%parallel -w N`: resizes if asked, measures the per-task cost if unknown, shows the pool. */
async function status(flags: { workers?: number }): Promise<void> {
  if (flags.workers !== undefined) await pool.resize(flags.workers);
  if (isParallelEnabled() && pool.stats().perTaskCostUs === undefined) await measurePerTaskCost();
  display(poolTable(pool.stats(), isParallelEnabled()));
}

/** `%parallel on` / `%parallel off`: Numba's parallel=True/False for every library call, code unchanged. */
function switchTo(on: boolean): void {
  switchParallel(on);
  print(
    on
      ? `parallel mode on: parallelMatmul / parallelFor run on the pool (${pool.workers} workers)\n`
      : "parallel mode off: parallelMatmul / parallelFor run inline, serially, on the kernel thread\n",
  );
}

export interface RunFlags {
  settings: RunSettings;
  quiet: boolean;
}

interface OpenRun {
  quiet: boolean;
  previousWorkers: number;
}

/** Runs between `enter` and `leave`/`fail`: one at a time, as cells run. */
const openRuns: OpenRun[] = [];

/**
 * `%parallel [-w -g -d -t] STATEMENT`: the generated code is
 *   $tsp.withParallelSettings(enter(flags), statement).then(leave → value, fail)
 * so the statement's value keeps its type. `leave` shows each run's trace. A `-w`
 * applies to this statement only: the pool goes back to its size afterwards.
 */
function enter(flags: RunFlags): RunSettings {
  openRuns.push({ quiet: flags.quiet, previousWorkers: pool.workers });
  return flags.settings;
}

async function leave(traces: readonly RunTrace[]): Promise<void> {
  const run = await closeRun();
  if (!run.quiet) showTraces(traces);
}

/** `%parallel -o STATEMENT`: as `leave`, and the runs are the value. */
async function result<T>(run: { value: T; traces: RunTrace[] }): Promise<ParallelRuns<T>> {
  await leave(run.traces);
  return new ParallelRuns(run.value, run.traces);
}

async function fail(error: unknown): Promise<never> {
  await closeRun();
  throw error;
}

async function closeRun(): Promise<OpenRun> {
  const run = openRuns.pop() ?? { quiet: false, previousWorkers: pool.workers };
  if (pool.workers !== run.previousWorkers) await pool.resize(run.previousWorkers);
  return run;
}


export interface LoopFlags extends RunFlags {
  outputs: string[];
  /** The body as the user typed it (compiled standalone again by parallelFor, already checked by the rewrite). */
  body: string;
}

/**
 * `%%parallel`: the cell body as the body of a parallel loop over `i` in [0, n), with
 * the named inputs; shows the run's trace. Without `-n`, n is the first output's row
 * count (a matrix) or length (an array).
 */
async function loop(flags: LoopFlags, n: number | undefined, inputs: Record<string, unknown>): Promise<void> {
  const range = n ?? rangeFromOutputs(flags.outputs, inputs);
  if (!Number.isSafeInteger(range) || range < 0) throw new UsageError(`%%parallel: -n must be a whole number >= 0, got ${String(range)}`);
  const previousWorkers = pool.workers;
  try {
    const options = { ...flags.settings, ...(flags.outputs.length > 0 ? { outputs: flags.outputs } : {}), trace: true as const };
    const { trace } = await parallelFor(range, { source: flags.body }, inputs, options);
    if (!flags.quiet) showTraces([trace]);
  } finally {
    if (pool.workers !== previousWorkers) await pool.resize(previousWorkers);
  }
}

function rangeFromOutputs(outputs: readonly string[], inputs: Record<string, unknown>): number {
  const first = outputs[0];
  const value = first === undefined ? undefined : inputs[first];
  if (value && typeof value === "object") {
    if (typeof (value as { rows?: unknown }).rows === "number") return (value as { rows: number }).rows;
    if (typeof (value as { length?: unknown }).length === "number") return (value as { length: number }).length;
  }
  throw new UsageError("%%parallel: give the iteration count with -n N (or name a matrix or array output with --out)");
}

function print(text: string): void {
  const sink = currentCell()?.sink;
  if (sink) sink.stream("stdout", text);
  else process.stdout.write(text);
}

/**
 * The runtime as the generated code calls it: `$tsp.$magicParallel.compare(...)`. Its
 * type is this object's, so the cell's checker sees what these functions really take
 * and return, `%parallel --compare`'s result included.
 */
export const $magicParallel = {
  enter,
  leave,
  result,
  fail,
  status,
  switchTo,
  /** `%parallel --compare MODES STATEMENT` and `--sweep KEY=VALUES STATEMENT` (parallel-compare.ts). */
  compare: runComparison,
  loop,
};
