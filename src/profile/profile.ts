import { currentCell } from "../cell/context";
import { interruptibly } from "../timing/interruptible";
import { functionRows } from "./function-table";
import { icicleChart } from "./icicle";
import { defaultIntervalUs } from "./interval";
import { ProfileResult } from "./profile-result";
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
 * kernel's main thread and returns its value with the profile. Pool workers run on
 * threads of their own and are not sampled: a parallel statement's profile shows the
 * main thread dispatching and waiting. An interrupt stops the statement and the profiler.
 */
export async function profile<T>(fn: () => T | PromiseLike<T>, options: ProfileOptions = {}): Promise<ProfiledValue<Awaited<T>>> {
  const intervalUs = options.intervalUs ?? defaultIntervalUs;
  if (!Number.isInteger(intervalUs) || intervalUs < 1) throw new RangeError(`profile: intervalUs must be a whole number >= 1, got ${String(intervalUs)}`);
  const cell = currentCell();
  // The statement's synchronous part runs interruptibly, as %timeit's does: after the
  // cell's first await a busy loop is otherwise out of the interrupt's reach.
  const run = await sampleCpu(() => interruptibly(fn), intervalUs, cell?.signal);
  const rows = functionRows(run.profile, cell?.cellLocation);
  const chart = icicleChart(run.profile, cell?.cellLocation, "Call tree (main thread): width is time on the stack");
  return { value: run.value as Awaited<T>, profile: new ProfileResult(run.profile, rows, intervalUs, "main thread", chart) };
}
