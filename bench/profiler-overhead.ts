/**
 * What V8's sampling profiler costs, and where: the blocked matmul at n = 300 timed with
 * `profile()` around it and without, in interleaved rounds (so a slow spell of this shared
 * machine hits both alike), at 1000 µs (the default) and 100 µs. Each profiled run is split
 * into the statement's own time (timed inside the profiled closure) and the rest, the fixed
 * cost of a profile (session, start, stop, the table); the statement's time against the
 * unprofiled run is what the sampling itself costs. Then `Profiler.start` alone, timed at
 * this process's heap and again with a few million more live objects: V8 walks the heap to
 * log the code that already exists when its profiler starts, so the fixed cost grows with
 * the heap. The figures are quoted in `%prun?` (src/magics/prun.ts).
 *
 *   node dist/bench/profiler-overhead.js [ROUNDS]
 */
import { Session } from "node:inspector";
import { performance } from "node:perf_hooks";
import { Matrix, matmul } from "../src/matmul";
import { profile } from "../src/profile";
import { median } from "../src/timing/median";

const n = 300;
const productsPerRun = 5;
const rounds = Number(process.argv[2] ?? 9);
const intervals = [1000, 100];

const a = Matrix.rand(n, n, { seed: 1 });
const b = Matrix.rand(n, n, { seed: 2 });
const out = Matrix.zeros(n, n);
const products = () => {
  for (let k = 0; k < productsPerRun; k++) matmul(a, b, { kernel: "blocked", out });
};

async function timed(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** A profiled run: its whole time, and the statement's own time inside it, ms. */
async function profiledRun(intervalUs: number): Promise<{ total: number; statement: number }> {
  let statement = 0;
  const total = await timed(() => profile(() => {
    statement = performance.now();
    products();
    statement = performance.now() - statement;
  }, { intervalUs }));
  return { total, statement };
}

function post(session: Session, method: string, params: object = {}): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

/** `Profiler.start` alone on this thread, ms, `times` times. */
async function profilerStarts(times: number): Promise<number[]> {
  const starts: number[] = [];
  for (let i = 0; i < times; i++) {
    const session = new Session();
    session.connect();
    await post(session, "Profiler.enable");
    starts.push(await timed(() => post(session, "Profiler.start")));
    await post(session, "Profiler.stop");
    session.disconnect();
  }
  return starts;
}

const figure = (values: number[], digits = 1) =>
  `median ${median(values).toFixed(digits)} (range ${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
const heapMb = () => `${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`;

async function main(): Promise<void> {
  for (let warm = 0; warm < 3; warm++) products();
  const plain: number[] = [];
  const empty: number[] = [];
  const runs = new Map(intervals.map((intervalUs) => [intervalUs, { ratio: [] as number[], sampling: [] as number[], fixed: [] as number[] }]));
  for (let round = 0; round < rounds; round++) {
    empty.push(await timed(() => profile(() => undefined)));
    const base = await timed(products);
    plain.push(base);
    for (const [intervalUs, figures] of runs) {
      const run = await profiledRun(intervalUs);
      figures.ratio.push(run.total / base);
      figures.sampling.push(run.statement / base);
      figures.fixed.push(run.total - run.statement);
    }
  }
  console.log(`blocked matmul n=${n}, ${productsPerRun} products per run, ${rounds} interleaved rounds`);
  console.log(`  without profiler: ${figure(plain)} ms`);
  console.log(`  profile() of an empty statement: ${figure(empty)} ms`);
  for (const [intervalUs, figures] of runs) {
    console.log(`  at ${intervalUs} µs: profiled/plain ${figure(figures.ratio, 3)}; the statement alone, profiled/plain ${figure(figures.sampling, 3)}; ` +
      `the rest of the profile (fixed cost) ${figure(figures.fixed)} ms`);
  }
  const startsNow = await profilerStarts(rounds);
  const heapNow = heapMb();
  // Small live objects, as a session's data would be: the heap V8 walks at start grows, not the code.
  const kept = Array.from({ length: 2_000_000 }, (_, i) => ({ i }));
  const startsLarge = await profilerStarts(rounds);
  console.log(`  Profiler.start alone: ${figure(startsNow)} ms at a heap of ${heapNow}; ${figure(startsLarge)} ms at ${heapMb()} (${kept.length} more live objects)`);
}

void main();
