/**
 * What V8's sampling profiler costs the code it samples: the blocked matmul at n = 300,
 * timed with `profile()` around it and without, in interleaved rounds (so a slow spell of
 * this shared machine hits both alike), at the default 100 µs interval and at 1000 µs.
 * Prints the median of each and the median of the per-round ratios with their range, and
 * the fixed cost of profiling an empty statement (session, start, stop, the table);
 * the figure is quoted in `%prun?` (src/magics/prun.ts).
 *
 *   node dist/bench/profiler-overhead.js [ROUNDS]
 */
import { performance } from "node:perf_hooks";
import { Matrix, matmul } from "../src/matmul";
import { profile } from "../src/profile";
import { median } from "../src/timing/median";

const n = 300;
const productsPerRun = 5;
const rounds = Number(process.argv[2] ?? 9);

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

async function main(): Promise<void> {
  for (let warm = 0; warm < 3; warm++) products();
  const plain: number[] = [];
  const empty: number[] = [];
  const byInterval = new Map<number, number[]>([[100, []], [1000, []]]);
  const ratios = new Map<number, number[]>([[100, []], [1000, []]]);
  for (let round = 0; round < rounds; round++) {
    empty.push(await timed(() => profile(() => undefined)));
    const base = await timed(products);
    plain.push(base);
    for (const [intervalUs, times] of byInterval) {
      const withProfiler = await timed(() => profile(products, { intervalUs }));
      times.push(withProfiler);
      ratios.get(intervalUs)!.push(withProfiler / base);
    }
  }
  console.log(`blocked matmul n=${n}, ${productsPerRun} products per run, ${rounds} interleaved rounds`);
  console.log(`  profile() of an empty statement (start, stop, tables): median ${median(empty).toFixed(1)} ms`);
  console.log(`  without profiler: median ${median(plain).toFixed(1)} ms (range ${Math.min(...plain).toFixed(1)}–${Math.max(...plain).toFixed(1)})`);
  for (const [intervalUs, times] of byInterval) {
    const r = ratios.get(intervalUs)!;
    console.log(
      `  profiler at ${intervalUs} µs: median ${median(times).toFixed(1)} ms; per-round ratio median ${median(r).toFixed(3)} ` +
        `(range ${Math.min(...r).toFixed(3)}–${Math.max(...r).toFixed(3)})`,
    );
  }
}

void main();
