/**
 * The parallel runtime's costs, and the article's effects reproduced with them.
 *
 *   npm run build && npm run bench:parallel [-- --n 1000 --runs 3 --element-rows 10 --skip-mathjs --only 1,2,3,4,5]
 *
 * 1. Per-task cost: message dispatch (a workerpool task per chunk) against shared
 *    dispatch (chunks claimed with Atomics.add), empty bodies.
 * 2. Example 1 at grain=element on 2 workers: message dispatch against shared dispatch
 *    against serial. Message dispatch runs on the first --element-rows rows of A (each
 *    element still an inner product of length n, so the per-element ratio is that of
 *    the full product, which would take minutes); shared dispatch and serial run the
 *    full n×n product.
 * 3. Coarse grain (n/2 rows per chunk) on 2 workers: each kernel against itself serial.
 * 4. Model truth: the cost model calibrated on a 1-worker run predicts the 2-worker
 *    time; the measured time and the prediction for 20 workers are shown beside it.
 * 5. The task timeline's cost: empty chunks claimed under shared dispatch, with and
 *    without recording (trace: "timeline"), in interleaved rounds; the cost per chunk on
 *    a worker from the run's own wall time (what the recording could distort), and the
 *    time the caller then spends reading the buffer out.
 * Every time is the median of --runs runs after one warm-up; runs that are compared
 * are interleaved round by round (interleaveRounds, the order rotated each round) and a
 * speedup is the median of per-round ratios.
 * Parallel times are what the caller waits for (performance.now() around the call),
 * the pool already started.
 */
import os from "node:os";
import { KERNEL_NAMES, Matrix, type KernelName } from "../src/matmul";
import {
  calibrateModel, closePool, karpFlatt, measurePerTaskCost, parallelFor, parallelMatmul, pool, predict,
  type ParallelMatmulOptions, type Prediction, type RunTrace,
} from "../src/parallel";
import { speedSpread } from "../src/parallel/trace-format";
import { interleaveRounds } from "../src/timing/interleave";
import { median } from "../src/timing/median";
import { describeCoreSpeeds } from "./core-speed";

interface Options {
  n: number;
  runs: number;
  elementRows: number;
  skipMathjs: boolean;
  sections: Set<number>;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { n: 1000, runs: 3, elementRows: 10, skipMathjs: false, sections: new Set([1, 2, 3, 4, 5]) };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k];
    const value = Number(argv[k + 1]);
    if (flag === "--n") (options.n = value), k++;
    else if (flag === "--runs") (options.runs = value), k++;
    else if (flag === "--element-rows") (options.elementRows = value), k++;
    else if (flag === "--skip-mathjs") options.skipMathjs = true;
    else if (flag === "--only") (options.sections = new Set(String(argv[k + 1]).split(",").map(Number))), k++;
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

async function timeRuns<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; last: T }> {
  let last = await fn(); // warm-up: JIT tiers, wasm instances, page faults
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), last };
}

interface Rounds<K extends string> {
  /** Milliseconds per round, per variant. */
  times: Record<K, number[]>;
  /** Each variant's value per round (a trace, say). */
  values: Record<K, unknown[]>;
  /** Each variant's value in the last round. */
  last: Record<K, unknown>;
}

/**
 * The library's interleaveRounds (every variant once per round, the order rotated each
 * round, after an untimed warm-up round), in milliseconds: interleaving puts the compared
 * variants under the same machine conditions, so ratios are taken within each round.
 */
async function interleaved<K extends string>(rounds: number, variants: Record<K, () => Promise<unknown>>): Promise<Rounds<K>> {
  const measured = await interleaveRounds<K, unknown>(variants, { rounds });
  const names = Object.keys(variants) as K[];
  const pick = <V>(of: (name: K) => V) => Object.fromEntries(names.map((name) => [name, of(name)])) as Record<K, V>;
  return {
    times: pick((name) => measured[name].seconds.runs.map((seconds) => seconds * 1e3)),
    values: pick((name) => measured[name].values),
    last: pick((name) => measured[name].values[measured[name].values.length - 1]),
  };
}

/** Median over rounds of baseline time / variant time: the speedup measured within each round. */
function medianRatio(baseline: number[], variant: number[]): number {
  return median(ratios(baseline, variant));
}

function ratios(baseline: number[], variant: number[]): number[] {
  return baseline.map((ms, round) => ms / variant[round]!);
}

/** "1.91× (1.85–1.96)": the median per-round speedup and the range over rounds, so the noise is in view. */
function speedupWithRange(baseline: number[], variant: number[]): string {
  const all = ratios(baseline, variant);
  const range = all.length > 1 ? ` (${Math.min(...all).toFixed(2)}–${Math.max(...all).toFixed(2)})` : "";
  return `${median(all).toFixed(2)}×${range}`;
}

/**
 * Workers whose compute per unit differs by more than this ran on cores of unequal
 * speed; stricter than the trace's own note (1.3×), which also has cold code to allow for.
 */
const BALANCED = 1.15;

function isBalanced(trace: RunTrace): boolean {
  return (speedSpread(trace)?.ratio ?? 1) <= BALANCED;
}

/**
 * The speedup over the rounds whose parallel run had both cores at the same speed
 * (worker compute within BALANCED), e.g. "1.93× (4 of 5 rounds)": the runtime's own
 * cost, without the rounds in which another tenant slowed one core.
 */
function balancedSpeedup(baseline: number[], variant: number[], traces: RunTrace[]): string {
  const kept = traces.map((trace, round) => (isBalanced(trace) ? round : -1)).filter((round) => round >= 0);
  if (kept.length === 0) return `none of ${traces.length} rounds`;
  const speedup = medianRatio(kept.map((r) => baseline[r]!), kept.map((r) => variant[r]!));
  return `${speedup.toFixed(2)}× (${kept.length} of ${traces.length} rounds)`;
}

/** Each worker's compute time in a trace, e.g. "61 / 63 ms": unequal halves of equal work reveal a slowed core. */
function workerCompute(trace: RunTrace): string {
  return `${trace.perWorker.map((w) => (w.computeUs / 1000).toFixed(0)).join(" / ")} ms`;
}

function describeMachine(): void {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`# Parallel runtime benchmark`);
  console.log(`machine: ${cpu}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
  console.log(`node ${process.version}, workerpool ${require("workerpool/package.json").version}`);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (a shared machine: read the medians)`);
}

function traced(a: Matrix, b: Matrix, options: ParallelMatmulOptions): Promise<RunTrace> {
  return parallelMatmul(a, b, { ...options, trace: true }).then((r) => r.trace);
}

async function perTaskCost(runs: number): Promise<void> {
  await pool.resize(2);
  console.log(`\n## 1. Per-task cost (2 workers, empty body)`);
  const message: number[] = [];
  for (let r = 0; r < runs; r++) message.push(await measurePerTaskCost(2000));
  const chunks = 2_000_000;
  const { ms } = await timeRuns(runs, () => parallelFor(chunks, "noop", {}, { dispatch: "shared", grain: "row" }));
  const shared = (ms * 1000 * 2) / chunks; // two workers claim concurrently: per-chunk cost on one worker
  console.log(`| dispatch | cost per task/chunk |`);
  console.log(`| --- | --- |`);
  console.log(`| message (workerpool exec, 8 in flight) | ${median(message).toFixed(1)} µs |`);
  console.log(`| shared (Atomics.add claim, ${chunks} chunks) | ${shared.toFixed(3)} µs (calibrated claim alone: ${pool.stats().claimCostUs?.toFixed(3)} µs) |`);
}

async function exampleOne(options: Options): Promise<void> {
  const { n, runs, elementRows } = options;
  await pool.resize(2);
  const a = Matrix.rand(n, n, { seed: 1 });
  const b = Matrix.rand(n, n, { seed: 2 });
  const aRows = Matrix.rand(elementRows, n, { seed: 3 });
  console.log(`\n## 2. Example 1 (naive kernel) at grain=element, 2 workers, n = ${n}`);
  const few = await interleaved(Math.min(runs, 3), {
    serial: () => parallelMatmul(aRows, b, { kernel: "naive", inline: true }),
    message: () => traced(aRows, b, { kernel: "naive", grain: "element", dispatch: "message" }),
  });
  const full = await interleaved(runs, {
    serial: () => parallelMatmul(a, b, { kernel: "naive", inline: true }),
    element: () => traced(a, b, { kernel: "naive", grain: "element", dispatch: "shared" }),
    row: () => traced(a, b, { kernel: "naive", grain: "row", dispatch: "shared" }),
  });
  const ms = (times: number[], digits = 0): string => `${median(times).toFixed(digits)} ms`;
  const messageSlower = 1 / medianRatio(few.times.serial, few.times.message);
  console.log(`| mode | product | tasks | time | vs serial (median of per-round ratios) |`);
  console.log(`| --- | --- | --- | --- | --- |`);
  console.log(`| serial (inline) | ${elementRows}×${n}·${n}×${n} | 1 | ${ms(few.times.serial, 1)} | 1 |`);
  console.log(`| message, element (window 8) | ${elementRows}×${n}·${n}×${n} | ${elementRows * n} | ${ms(few.times.message, 1)} | ${(1 / messageSlower).toFixed(3)}× (${messageSlower.toFixed(0)}× slower) |`);
  console.log(`| serial (inline) | ${n}×${n}·${n}×${n} | 1 | ${ms(full.times.serial)} | 1 |`);
  console.log(`| shared, element | ${n}×${n}·${n}×${n} | ${n * n} | ${ms(full.times.element)} | ${speedupWithRange(full.times.serial, full.times.element)} (worker compute ${workerCompute(full.last.element as RunTrace)}) |`);
  console.log(`| shared, row (Numba's prange) | ${n}×${n}·${n}×${n} | ${n} | ${ms(full.times.row)} | ${speedupWithRange(full.times.serial, full.times.row)} (worker compute ${workerCompute(full.last.row as RunTrace)}) |`);
  const t = few.last.message as RunTrace;
  const parts = t.perWorker.map((w) => `worker ${w.threadId}: queued ${(w.queuedUs / 1000).toFixed(0)} ms, compute ${(w.computeUs / 1000).toFixed(0)} ms, idle ${(w.idleUs / 1000).toFixed(0)} ms`);
  console.log(`message-dispatch trace (wall ${(t.wallUs / 1000).toFixed(0)} ms): ${parts.join("; ")}`);
}

async function coarseGrain(options: Options): Promise<void> {
  const { n, runs } = options;
  await pool.resize(2);
  const a = Matrix.rand(n, n, { seed: 1 });
  const b = Matrix.rand(n, n, { seed: 2 });
  const grain = `rows:${Math.ceil(n / 2)}` as const;
  console.log(`\n## 3. Coarse grain: ${grain}, shared dispatch, 2 workers, n = ${n}`);
  console.log(`Rounds interleave serial and parallel runs; speedup = median of per-round ratios. "into out": C reused`);
  console.log(`(the kernels alone); "fresh C": a new C per product, whose first touch (~22 ms of page faults at n = 1000`);
  console.log(`here) is serial in one and split between the workers in the other.`);
  console.log(`"balanced rounds": only rounds whose two workers computed their equal halves within ${Math.round((BALANCED - 1) * 100)}% of each other.`);
  console.log(`| kernel | serial | 2 workers | speedup | balanced rounds | worker compute | GFLOP/s (2 workers) | Karp–Flatt | fresh C: serial | 2 workers | speedup |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  const out = Matrix.zeros(n, n);
  for (const kernel of KERNEL_NAMES) {
    if (kernel === "mathjs" && options.skipMathjs) continue;
    // mathjs and sum take seconds per product at n = 1000: at most three rounds for them.
    const rounds = kernel === "mathjs" || kernel === "sum" ? Math.min(runs, 3) : runs;
    const { times, values, last } = await interleaved(rounds, {
      serial: () => parallelMatmul(a, b, { kernel, inline: true, out }),
      parallel: () => traced(a, b, { kernel, grain, dispatch: "shared", out }),
      freshSerial: () => parallelMatmul(a, b, { kernel, inline: true }),
      freshParallel: () => parallelMatmul(a, b, { kernel, grain, dispatch: "shared" }),
    });
    const speedup = medianRatio(times.serial, times.parallel);
    const gflops = (2 * n ** 3) / (median(times.parallel) * 1e6);
    console.log(
      `| ${kernel} | ${median(times.serial).toFixed(0)} ms | ${median(times.parallel).toFixed(0)} ms | ${speedupWithRange(times.serial, times.parallel)} | ` +
        `${balancedSpeedup(times.serial, times.parallel, values.parallel as RunTrace[])} | ` +
        `${workerCompute(last.parallel as RunTrace)} | ${gflops.toFixed(2)} | ${karpFlatt(speedup, 2).toFixed(3)} | ` +
        `${median(times.freshSerial).toFixed(0)} ms | ${median(times.freshParallel).toFixed(0)} ms | ${speedupWithRange(times.freshSerial, times.freshParallel)} |`,
    );
  }
}

async function modelTruth(options: Options): Promise<void> {
  const { n, runs, elementRows } = options;
  const a = Matrix.rand(n, n, { seed: 1 });
  const b = Matrix.rand(n, n, { seed: 2 });
  const aRows = Matrix.rand(elementRows, n, { seed: 3 });
  const cases: { what: string; a: Matrix; kernel: KernelName; options: ParallelMatmulOptions }[] = [
    { what: `blocked, rows:25, shared, n=${n}`, a, kernel: "blocked", options: { grain: "rows:25", dispatch: "shared" } },
    { what: `dot, rows:25, message, n=${n}`, a, kernel: "dot", options: { grain: "rows:25", dispatch: "message" } },
    { what: `naive, element, message, ${elementRows}×${n}`, a: aRows, kernel: "naive", options: { grain: "element", dispatch: "message" } },
  ];
  console.log(`\n## 4. Model truth: calibrated on 1 worker, predicting 2 (and 20)`);
  console.log(`Each round: serial, then 1 worker, then 2 workers (each pool warmed by an untimed run first); the model`);
  console.log(`is calibrated on that round's 1-worker trace and judged on that round's 2-worker time; median (range) of rounds.`);
  console.log(`| run | 1 worker measured | 2 predicted | 2 measured | error | 20 predicted (speedup, bound) | serial fraction |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
  for (const c of cases) {
    const run = (): Promise<RunTrace> => traced(c.a, b, { kernel: c.kernel, ...c.options });
    const timed = async (): Promise<{ ms: number; trace: RunTrace }> => {
      const t0 = performance.now();
      const trace = await run();
      return { ms: performance.now() - t0, trace };
    };
    const rounds: { one: number; two: number; predicted: number; p20: Prediction; fraction: number }[] = [];
    for (let round = 0; round < runs; round++) {
      const t0 = performance.now();
      await parallelMatmul(c.a, b, { kernel: c.kernel, inline: true });
      const serialMs = performance.now() - t0;
      await pool.resize(1);
      await run(); // warm the new thread: JIT tiers, instances
      const one = await timed();
      await pool.resize(2);
      await run();
      const two = await timed();
      const model = calibrateModel(one.trace, serialMs * 1000);
      rounds.push({
        one: one.ms,
        two: two.ms,
        predicted: predict(model, 2).wallUs / 1000,
        p20: predict(model, 20, { cores: 20 }), // the article's machine
        fraction: model.serialUs / (one.trace.wallUs || 1),
      });
    }
    const errors = rounds.map((r) => ((r.predicted - r.two) / r.two) * 100);
    const range = `${Math.min(...errors).toFixed(1)} to ${Math.max(...errors).toFixed(1)}%`;
    // The 20-core prediction and serial fraction shown are those of the round with the median error.
    const middle = rounds[errors.indexOf([...errors].sort((x, y) => x - y)[errors.length >> 1]!)]!;
    console.log(
      `| ${c.what} | ${median(rounds.map((r) => r.one)).toFixed(1)} ms | ${median(rounds.map((r) => r.predicted)).toFixed(1)} ms | ` +
        `${median(rounds.map((r) => r.two)).toFixed(1)} ms | ${median(errors).toFixed(1)}% (${range}) | ` +
        `${(middle.p20.wallUs / 1000).toFixed(1)} ms (${middle.p20.speedup.toFixed(2)}×, ${middle.p20.bound}) | ${middle.fraction.toFixed(3)} |`,
    );
  }
}

/** Rounds of the timeline's cost: a difference of two close times needs more than the other sections' few. */
const TIMELINE_ROUNDS = 11;

/**
 * What recording the timeline adds per chunk: 10^6 empty chunks (one iteration each)
 * under shared dispatch, where a chunk costs least and a clock read most in proportion,
 * with and without recording, interleaved round by round. Per round, (wall with − wall
 * without) × workers / chunks is the cost per chunk on one worker (the workers claim in
 * parallel); the wall time is the trace's, the run itself. Reading the buffer out into
 * the trace happens after the run, on the calling thread, and is given apart.
 */
async function timelineCost(options: Options): Promise<void> {
  const chunks = 1_000_000;
  const rounds = Math.max(options.runs, TIMELINE_ROUNDS);
  console.log(`\n## 5. Cost of recording the task timeline (${chunks.toLocaleString("en")} empty chunks, shared dispatch, ${rounds} interleaved rounds)`);
  console.log(`| workers | run without | run with | cost per chunk on a worker: median (range) | reading the buffer out, per chunk |`);
  console.log(`| --- | --- | --- | --- | --- |`);
  for (const workers of [1, 2]) {
    await pool.resize(workers);
    const run = (record: boolean) => async () => {
      const t0 = performance.now();
      const { trace } = await parallelFor(chunks, "noop", {}, { dispatch: "shared", grain: "row", trace: record ? "timeline" : true });
      return { wallUs: trace.wallUs, callerUs: (performance.now() - t0) * 1000 };
    };
    const measured = await interleaved(rounds, { without: run(false), with: run(true) });
    const off = measured.values.without as Array<{ wallUs: number; callerUs: number }>;
    const on = measured.values.with as Array<{ wallUs: number; callerUs: number }>;
    const perChunk = on.map((r, k) => ((r.wallUs - off[k]!.wallUs) * workers) / chunks);
    const readOut = on.map((r) => (r.callerUs - r.wallUs) / chunks);
    const offRead = off.map((r) => (r.callerUs - r.wallUs) / chunks);
    const ms = (list: number[]) => `${(median(list) / 1000).toFixed(1)} ms`;
    console.log(
      `| ${workers} | ${ms(off.map((r) => r.wallUs))} | ${ms(on.map((r) => r.wallUs))} | ` +
        `${median(perChunk).toFixed(3)} µs (${Math.min(...perChunk).toFixed(3)} to ${Math.max(...perChunk).toFixed(3)}) | ` +
        `${(median(readOut) - median(offRead)).toFixed(3)} µs |`,
    );
  }
  console.log("Goal: under 0.1 µs per chunk. A chunk's times cost one clock read (performance.now) and four stores into the shared buffer under shared dispatch.");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  describeMachine();
  try {
    const sections = [() => perTaskCost(options.runs), () => exampleOne(options), () => coarseGrain(options), () => modelTruth(options), () => timelineCost(options)];
    for (const [index, section] of sections.entries()) {
      if (!options.sections.has(index + 1)) continue;
      // Checked before every section: a core's speed drifts over minutes here.
      console.log(`\n${describeCoreSpeeds()}`);
      await section();
    }
  } finally {
    await closePool();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
