import { currentCell } from "../cell/context";
import { clockOf, wallClock, type ClockKind } from "./clocks";
import { interruptibly } from "./interruptible";
import { measure } from "./measure";
import { isThenable } from "./thenable";
import { compileTimeNote, slowestRunWarning, type TimeitResult } from "./timeit-result";

/** The flags of one %timeit / %%timeit, as the magic layer parsed them. */
export interface MagicTimeitFlags {
  /** -n; 0 means autorange. */
  loops: number;
  repeat: number;
  precision: number;
  clock: ClockKind;
  quiet: boolean;
}

/**
 * The loop the magic layer compiles from the user's statement, in the cell (so it sees
 * the notebook's variables and is type-checked there):
 *
 *     async (loops, clock, isThenable) => {
 *       if (loops < 0) return 0;          // compile probe
 *       <setup>                            // %%timeit's first line
 *       const start = clock();
 *       for (let i = 0; i < loops; i++) { <statement> }
 *       return clock() - start;
 *     }
 *
 * The statement is inlined in the loop, as IPython inlines it in its timeit template,
 * rather than called as a closure per iteration: an empty statement costs under a
 * nanosecond per loop. When the statement ends in an expression its value is awaited if
 * it is a promise (`isThenable` is passed in so the check needs no lookup).
 */
export type MagicTimedLoop = (
  loops: number,
  clock: () => number,
  thenable: (value: unknown) => value is PromiseLike<unknown>,
) => number | PromiseLike<number>;

/**
 * The runtime half of %timeit: called by the code the magic layer generates, as
 * `$tsp.$magicTimeit(flags, loop)`. Prints IPython's lines to the cell's stdout unless
 * quiet and returns the result (the rewrite discards it unless -o was given).
 */
export async function $magicTimeit(flags: MagicTimeitFlags, loop: MagicTimedLoop): Promise<TimeitResult> {
  // V8 compiles a function on its first call: a call with no loops measures that, as
  // IPython measures compiling its template. The probe returns before the setup line.
  const compileStart = wallClock();
  const probe = loop(-1, wallClock, isThenable);
  if (isThenable(probe)) await probe;
  const compileTime = wallClock() - compileStart;

  const result = await measure((loops, clock) => interruptibly(() => loop(loops, clock, isThenable)), {
    loops: flags.loops,
    repeat: flags.repeat,
    precision: flags.precision,
    clock: clockOf(flags.clock),
    signal: currentCell()?.signal,
    compileTime,
  });
  if (!flags.quiet) printLines([slowestRunWarning(result), String(result), compileTimeNote(result)]);
  return result;
}

function printLines(lines: ReadonlyArray<string | undefined>): void {
  const text = lines.filter((line) => line !== undefined).join("\n") + "\n";
  const sink = currentCell()?.sink;
  if (sink) sink.stream("stdout", text);
  else process.stdout.write(text);
}
