import { wallClock, type Clock } from "./clocks";
import { garbageCollector } from "./gc";
import { TimeitResult } from "./timeit-result";

/**
 * One measurement: runs the timed statement `loops` times between two readings of `clock`
 * it takes itself, and returns the seconds between them. Anything before the first
 * reading (a %%timeit setup line) is untimed. Like the function IPython compiles from its
 * timeit template, so the loop around the statement is the only overhead timed.
 */
export type TimedLoop = (loops: number, clock: Clock) => number | PromiseLike<number>;

export interface MeasureOptions {
  /** Loops per measurement; 0 or absent: autorange (IPython: 1, 10, 100, ... until >= 0.2 s). */
  loops?: number;
  /** Measurements (IPython's default, 7). */
  repeat?: number;
  /** Significant digits of the formatted result (default 3). */
  precision?: number;
  /** Seconds-valued clock (default: wall time). */
  clock?: Clock;
  /** Stops between measurements when aborted, with the signal's reason. */
  signal?: AbortSignal;
  /** Collect garbage before each measurement when possible (default true; see gc.ts). */
  collectGarbage?: boolean;
  /** Reported as `compile_time` (seconds). */
  compileTime?: number;
  /** Between measurements; the default yields to the event loop (see below). Tests inject their own. */
  pause?: () => Promise<void>;
}

export const defaultRepeat = 7;
export const defaultPrecision = 3;
/** IPython's autorange stops at the first measurement of at least this many seconds. */
export const autorangeThreshold = 0.2;
/** IPython tries 10 ** index loops for index 0..9. */
const autorangeSteps = 10;

/**
 * Times `loop` as IPython's %timeit does: when no loop count is given, autorange first
 * (those measurements are discarded, as IPython discards them), then `repeat` measurements
 * of `loops` loops each.
 *
 * IPython's autorange is its own, not Python's Timer.autorange (1, 2, 5, 10, 20, ...):
 * `for index in range(0, 10): number = 10 ** index; if timer.timeit(number) >= 0.2: break`.
 *
 * Interrupts: between measurements this yields to the event loop (setImmediate), where the
 * kernel takes an interrupt request and aborts the cell's signal, then checks the signal.
 * A measurement itself is not cut short: a busy synchronous loop cannot be pre-empted from
 * JavaScript once the cell's script has awaited (only vm's breakOnSigint can stop code, and
 * only while the cell's synchronous top level runs), and stopping mid-measurement would
 * leave a partial result. Autoranged measurements last 0.2 to 2 s.
 */
export async function measure(loop: TimedLoop, options: MeasureOptions = {}): Promise<TimeitResult> {
  const repeat = options.repeat ?? defaultRepeat;
  const precision = options.precision ?? defaultPrecision;
  checkCount("repeat", repeat, 1);
  checkCount("loops", options.loops ?? 0, 0);
  checkCount("precision", precision, 0);
  const clock = options.clock ?? wallClock;
  const pause = options.pause ?? yieldToEventLoop;
  const collect = options.collectGarbage === false ? undefined : garbageCollector();
  const once = async (loops: number): Promise<number> => {
    await pause();
    options.signal?.throwIfAborted();
    collect?.();
    return await loop(loops, clock);
  };

  let loops = options.loops ?? 0;
  if (loops === 0) {
    for (let index = 0; index < autorangeSteps; index++) {
      loops = 10 ** index;
      if ((await once(loops)) >= autorangeThreshold) break;
    }
  }
  const allRuns: number[] = [];
  for (let run = 0; run < repeat; run++) allRuns.push(await once(loops));
  options.signal?.throwIfAborted();
  return new TimeitResult({
    loops,
    repeat,
    allRuns,
    compileTime: options.compileTime ?? 0,
    precision,
    gcBeforeEachRun: collect !== undefined,
  });
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function checkCount(name: string, value: number, minimum: number): void {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new RangeError(`timeit: ${name} must be an integer >= ${minimum}, got ${value}`);
  }
}
