import * as os from "node:os";
import { type Spread, spreadOf } from "../timing/spread";
import { type CeilingUnit, PROBE_NAMES, PROBES, type ProbeName } from "./probe";
import { runProbeThreads } from "./run-threads";
import { probeBuildSupported } from "./wasm-probes";

/** One measured ceiling of this machine, from Node, on one thread and on all cores at once. */
export interface Ceiling {
  readonly probe: ProbeName;
  readonly label: string;
  readonly unit: CeilingUnit;
  readonly method: string;
  /** The rate of one thread alone, per run. */
  readonly oneThread: Spread;
  /** The sum of all threads' rates, per run (the threads' runs start together). */
  readonly allThreads: Spread;
  /** How many threads ran at once for `allThreads`. */
  readonly threads: number;
}

export interface MachineCeilings {
  readonly ceilings: Readonly<Partial<Record<ProbeName, Ceiling>>>;
  /** Probes this engine cannot run, with the reason (relaxed SIMD off in Node 20, say). */
  readonly unavailable: ReadonlyArray<{ readonly probe: ProbeName; readonly reason: string }>;
  /** How every figure was measured: warm-up, runs, threads, what the total is. */
  readonly procedure: string;
  /** Runs per figure and the least time each run lasted. */
  readonly runs: number;
  readonly secondsPerRun: number;
  /** 1-minute load average before and after: a busy machine lowers every ceiling. */
  readonly loadAverage: { readonly before: number; readonly after: number };
  readonly measuredAt: Date;
}

export interface CeilingOptions {
  /** Measure again instead of returning the result cached for this process. */
  refresh?: boolean;
  /** Runs per figure (default 5); the figure is their median, with their range. */
  runs?: number;
  /** Least duration of one run in seconds (default 0.05). */
  seconds?: number;
  /** Threads of the all-cores figures (default: os.availableParallelism()). */
  threads?: number;
}

const DEFAULT_RUNS = 5;
const DEFAULT_SECONDS = 0.05;

function checkOptions(options: CeilingOptions): { runs: number; seconds: number; threads: number } {
  const runs = options.runs ?? DEFAULT_RUNS;
  const seconds = options.seconds ?? DEFAULT_SECONDS;
  const threads = options.threads ?? os.availableParallelism();
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`measureCeilings: runs must be a positive integer, got ${runs}`);
  if (!(Number.isFinite(seconds) && seconds > 0)) throw new RangeError(`measureCeilings: seconds must be a positive number, got ${seconds}`);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`measureCeilings: threads must be a positive integer, got ${threads}`);
  return { runs, seconds, threads };
}

function unavailability(probe: ProbeName): string | undefined {
  if (probe === "wasm-fma" && !probeBuildSupported("relaxed")) {
    return "this engine lacks WebAssembly relaxed SIMD (Node 22 has it; Node 20 needs --experimental-wasm-relaxed-simd, which the installed kernel passes)";
  }
  if (probe === "wasm-simd" && !probeBuildSupported("simd")) return "this engine lacks WebAssembly SIMD";
  return undefined;
}

/** Sum over threads, run by run: run r of every thread ran at the same time. */
function totalPerRun(perThread: number[][]): number[] {
  return perThread[0]!.map((_, run) => perThread.reduce((sum, rates) => sum + rates[run]!, 0));
}

async function measureCeiling(probe: ProbeName, runs: number, seconds: number, threads: number): Promise<Ceiling> {
  const alone = await runProbeThreads(probe, 1, runs, seconds);
  const together = await runProbeThreads(probe, threads, runs, seconds);
  return { probe, ...PROBES[probe], oneThread: spreadOf(alone[0]!), allThreads: spreadOf(totalPerRun(together)), threads };
}

async function measureAll(runs: number, seconds: number, threads: number): Promise<MachineCeilings> {
  const before = os.loadavg()[0]!;
  const ceilings: Partial<Record<ProbeName, Ceiling>> = {};
  const unavailable: Array<{ probe: ProbeName; reason: string }> = [];
  for (const probe of PROBE_NAMES) {
    const reason = unavailability(probe);
    if (reason !== undefined) unavailable.push({ probe, reason });
    else ceilings[probe] = await measureCeiling(probe, runs, seconds, threads);
  }
  const procedure =
    `each probe on a worker thread after >= 0.2 s of warm-up, then ${runs} runs of >= ${seconds * 1e3} ms (wall clock), ` +
    `every run's result checked against its closed form; median and range of the runs. All cores: ${threads} threads, ` +
    `each run started together on an Atomics barrier, the total per run the sum of the threads' rates`;
  return { ceilings, unavailable, procedure, runs, secondsPerRun: seconds, loadAverage: { before, after: os.loadavg()[0]! }, measuredAt: new Date() };
}

let cached: Promise<MachineCeilings> | undefined;

/**
 * This machine's compute and memory ceilings as Node reaches them: WebAssembly f64x2
 * multiply-add with and without relaxed-SIMD FMA, scalar JavaScript multiply-add, and
 * streaming read and copy bandwidth, each on one thread and on `threads` threads at once.
 * Each figure is the median and range of `runs` runs of at least `seconds` after warm-up,
 * and every run's result is checked against its closed form. Measured once per process
 * (about ten seconds): later calls return the same result until `refresh: true`.
 */
export function measureCeilings(options: CeilingOptions = {}): Promise<MachineCeilings> {
  const { runs, seconds, threads } = checkOptions(options);
  if (cached === undefined || options.refresh === true) {
    const measuring = measureAll(runs, seconds, threads);
    cached = measuring;
    // A failed measurement is not kept: the next call tries again.
    measuring.catch(() => {
      if (cached === measuring) cached = undefined;
    });
  }
  return cached;
}
