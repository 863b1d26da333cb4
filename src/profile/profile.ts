import { currentCell } from "../cell/context";
import { interruptibly } from "../timing/interruptible";
import { functionRows } from "./function-table";
import { icicleChart } from "./icicle";
import { defaultIntervalUs } from "./interval";
import { mainThread, ProfileResult } from "./profile-result";
import { sampleCpu } from "./sampling";

export interface ProfileOptions {
  /** V8's sampling interval, µs (default 1000, as `node --cpu-prof`). */
  intervalUs?: number;
}

export interface ProfiledValue<T> {
  value: T;
  profile: ProfileResult;
}

/**
 * Runs `fn` (awaited when it returns a promise) under V8's sampling CPU profiler on the
 * kernel's main thread and on every pool worker, and returns its value with the
 * profiles. An interrupt stops the statement and the profilers.
 */
export async function profile<T>(fn: () => T | PromiseLike<T>, options: ProfileOptions = {}): Promise<ProfiledValue<Awaited<T>>> {
  const intervalUs = options.intervalUs ?? defaultIntervalUs;
  if (!Number.isInteger(intervalUs) || intervalUs < 1) throw new RangeError(`profile: intervalUs must be a whole number >= 1, got ${String(intervalUs)}`);
  const cell = currentCell();
  // The statement's synchronous part runs interruptibly, as %timeit's does: after the
  // cell's first await a busy loop is otherwise out of the interrupt's reach.
  const run = await sampleCpu(() => interruptibly(fn), intervalUs, cell?.signal);
  const rows = functionRows(run.profile, cell?.cellLocation);
  const byThread = [...run.workers].sort((a, b) => a.thread.localeCompare(b.thread, undefined, { numeric: true }));
  const workers = byThread.map(({ thread, profile: workerProfile }) => ({ thread, profile: workerProfile, rows: functionRows(workerProfile, undefined, thread) }));
  const chart = icicleChart(
    [{ thread: mainThread, profile: run.profile, cellLocation: cell?.cellLocation }, ...workers],
    "Call tree by thread: width is time on the stack",
  );
  return { value: run.value as Awaited<T>, profile: new ProfileResult(run.profile, rows, workers, intervalUs, chart) };
}
