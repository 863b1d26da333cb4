/**
 * How fast each core is right now. A shared VM's cores are not equal at every moment:
 * here the same single-threaded product has run at 1.2 GFLOP/s on one core and 2.2 on
 * the other, and a minute later at the same speed on both. A parallel speedup measured
 * while one core is slowed is capped below P, so the parallel benchmark prints this
 * check beside its figures.
 *
 * `node dist/bench/core-speed.js probe` multiplies for PROBE_MS and prints GFLOP/s;
 * `coreSpeeds()` runs that probe pinned to each CPU in turn with taskset (util-linux).
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import { Matrix, matmul } from "../src/matmul";

const PROBE_MS = 700;
const PROBE_N = 200;

function probe(): void {
  const a = Matrix.rand(PROBE_N, PROBE_N, { seed: 1 });
  const b = Matrix.rand(PROBE_N, PROBE_N, { seed: 2 });
  const out = Matrix.zeros(PROBE_N, PROBE_N);
  for (let warm = 0; warm < 5; warm++) matmul(a, b, { kernel: "blocked", out });
  let products = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < PROBE_MS) {
    matmul(a, b, { kernel: "blocked", out });
    products++;
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${((2 * PROBE_N ** 3 * products) / seconds / 1e9).toFixed(3)}\n`);
}

/** GFLOP/s of the blocked kernel on each CPU, one CPU at a time; undefined without taskset. */
export function coreSpeeds(): number[] | undefined {
  const speeds: number[] = [];
  for (let cpu = 0; cpu < os.availableParallelism(); cpu++) {
    const run = spawnSync("taskset", ["-c", String(cpu), process.execPath, __filename, "probe"], { encoding: "utf8" });
    if (run.status !== 0) return undefined;
    speeds.push(Number(run.stdout.trim()));
  }
  return speeds;
}

/** "cpu0 2.31, cpu1 1.27 GFLOP/s (blocked, n = 200): cpu1 at 55% of cpu0" — a line for a benchmark's header. */
export function describeCoreSpeeds(): string {
  const speeds = coreSpeeds();
  if (!speeds) return "core speed check: unavailable (no taskset)";
  const list = speeds.map((s, cpu) => `cpu${cpu} ${s.toFixed(2)}`).join(", ");
  const fastest = Math.max(...speeds);
  const slowest = Math.min(...speeds);
  const verdict = slowest < 0.85 * fastest
    ? `unequal: the slowest at ${((100 * slowest) / fastest).toFixed(0)}% of the fastest, so a parallel speedup is capped near ${(speeds.reduce((x, y) => x + y, 0) / fastest).toFixed(2)}×`
    : "equal within 15%";
  return `core speed check: ${list} GFLOP/s (blocked kernel, n = ${PROBE_N}, one core at a time): ${verdict}`;
}

if (require.main === module && process.argv[2] === "probe") probe();
