import { currentCell } from "../cell/context";
import { clockOf, type Clock, type ClockKind } from "./clocks";
import { interruptibly } from "./interruptible";
import { measure, type MeasureOptions, type TimedLoop } from "./measure";
import { isThenable } from "./thenable";
import type { TimeitResult } from "./timeit-result";

export interface TimeitOptions extends Omit<MeasureOptions, "clock" | "pause"> {
  /** "wall" (default) or "cpu" (process user + system time, IPython's -c), or a clock of your own. */
  clock?: ClockKind | Clock;
  /** Run before each measurement, untimed (awaited when it returns a promise). */
  setup?: () => unknown;
}

/**
 * Times `fn` as IPython's %timeit times a statement and returns the TimeitResult
 * (nothing is printed; `String(result)` or displaying it gives IPython's line).
 * A call that returns a promise is awaited inside the loop, so the time includes its
 * completion. Inside a notebook cell, an interrupt stops it between measurements.
 *
 *     const r = await timeit(() => matmul(A, B), { repeat: 3 });
 */
export function timeit(fn: () => unknown, options: TimeitOptions = {}): Promise<TimeitResult> {
  const { clock, setup, ...rest } = options;
  const loop: TimedLoop = async (loops, readClock) => {
    if (setup) {
      const prepared = setup();
      if (isThenable(prepared)) await prepared;
    }
    const start = readClock();
    for (let i = 0; i < loops; i++) {
      const value = fn();
      if (isThenable(value)) await value;
    }
    return readClock() - start;
  };
  return measure((loops, readClock) => interruptibly(() => loop(loops, readClock)), {
    ...rest,
    clock: typeof clock === "function" ? clock : clockOf(clock ?? "wall"),
    signal: rest.signal ?? currentCell()?.signal,
  });
}
