import { jupyterDisplaySymbol, type MimeBundle } from "../cell/mime";
import { formatTime } from "./format-time";

export interface TimeitResultInit {
  /** Loops per measurement (-n, or what autorange chose). */
  loops: number;
  /** Measurements taken (-r). */
  repeat: number;
  /** Seconds each measurement took for all of its loops. */
  allRuns: readonly number[];
  /** Seconds V8 took to compile the timing function (its first call, with no loops). */
  compileTime: number;
  /** Significant digits when shown (-p). */
  precision: number;
  /** Whether garbage was collected before each measurement (see measure.ts). */
  gcBeforeEachRun?: boolean;
}

/**
 * What %timeit measured, with IPython's field names (IPython/core/magics/execution.py
 * TimeitResult) so notebooks ported from Python read the same: `loops`, `repeat`,
 * `best`/`worst` (seconds per loop of the fastest/slowest measurement), `all_runs`
 * (seconds per measurement), `timings` (seconds per loop of each measurement),
 * `average`, `stdev` (population standard deviation, as IPython), `compile_time`.
 * Holds data only; formatTimeitResult and slowestRunWarning turn it into text.
 */
export class TimeitResult {
  readonly loops: number;
  readonly repeat: number;
  readonly best: number;
  readonly worst: number;
  readonly all_runs: readonly number[];
  readonly timings: readonly number[];
  readonly compile_time: number;
  readonly precision: number;
  readonly gcBeforeEachRun: boolean;

  constructor(init: TimeitResultInit) {
    if (init.allRuns.length === 0) throw new RangeError("a TimeitResult needs at least one measurement");
    this.loops = init.loops;
    this.repeat = init.repeat;
    this.all_runs = Object.freeze([...init.allRuns]);
    this.timings = Object.freeze(this.all_runs.map((run) => run / init.loops));
    this.best = Math.min(...this.all_runs) / init.loops;
    this.worst = Math.max(...this.all_runs) / init.loops;
    this.compile_time = init.compileTime;
    this.precision = init.precision;
    this.gcBeforeEachRun = init.gcBeforeEachRun ?? false;
  }

  /** Mean seconds per loop over the measurements. */
  get average(): number {
    return accurateSum(this.timings) / this.timings.length;
  }

  /** Population standard deviation of the per-loop timings (IPython divides by n, not n - 1). */
  get stdev(): number {
    const mean = this.average;
    return Math.sqrt(accurateSum(this.timings.map((t) => (t - mean) ** 2)) / this.timings.length);
  }

  toString(): string {
    return formatTimeitResult(this);
  }

  [jupyterDisplaySymbol](): MimeBundle {
    const line = formatTimeitResult(this);
    return { "text/plain": line, "text/html": `<pre>${escapeHtml(line)}</pre>` };
  }
}

/** IPython's line: "1.23 µs ± 4.56 ns per loop (mean ± std. dev. of 7 runs, 1,000,000 loops each)". */
export function formatTimeitResult(result: TimeitResult): string {
  const { precision, repeat, loops } = result;
  const mean = formatTime(result.average, precision);
  const std = formatTime(result.stdev, precision);
  const runs = `${repeat} run${repeat === 1 ? "" : "s"}`;
  const loopCount = `${groupThousands(loops)} loop${loops === 1 ? "" : "s"}`;
  return `${mean} \u00b1 ${std} per loop (mean \u00b1 std. dev. of ${runs}, ${loopCount} each)`;
}

/**
 * IPython's caching warning, under IPython's exact condition: the slowest measurement more
 * than 4 times the fastest, the fastest above zero, and the slowest above a microsecond
 * per loop (below that the spread is noise that does not matter). Undefined otherwise.
 */
export function slowestRunWarning(result: TimeitResult): string | undefined {
  const { best, worst } = result;
  if (!(worst > 4 * best && best > 0 && worst > 1e-6)) return undefined;
  return (
    `The slowest run took ${(worst / best).toFixed(2)} times longer than the fastest. ` +
    "This could mean that an intermediate result is being cached."
  );
}

/** IPython prints the compile time when it exceeds 0.1 s: "Compiler time: 0.12 s". */
export function compileTimeNote(result: TimeitResult): string | undefined {
  return result.compile_time > 0.1 ? `Compiler time: ${result.compile_time.toFixed(2)} s` : undefined;
}

/** Python's "{:,}" for integers. */
function groupThousands(value: number): string {
  const sign = value < 0 ? "-" : "";
  return sign + String(Math.abs(Math.trunc(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Neumaier's compensated sum, close to Python's math.fsum for a few values. */
function accurateSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return sum + compensation;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
