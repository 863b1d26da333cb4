/**
 * How fast each core is right now. A shared VM's cores are not equal at every moment:
 * here the same single-threaded product has run at 1.2 GFLOP/s on one core and 2.2 on
 * the other, and a minute later at the same speed on both. A parallel speedup measured
 * while one core is slowed is capped below P, so the parallel benchmark prints this
 * check beside its figures. Two probes, because the slowdowns differ: one that stays
 * in the core's own caches (blocked kernel, n = 200: B is 320 KiB) and one that streams
 * from the shared last-level cache (dot kernel, n = 800: Bᵀ is 5 MiB, read once per
 * row of C). Seen here: the cache-resident probe equal on both cores while dot and
 * blocked at n = 1000 ran one worker at 0.6× the other's speed.
 *
 * `node dist/bench/core-speed.js probe KERNEL N` multiplies for PROBE_MS and prints
 * GFLOP/s; `coreSpeeds()` runs the probes pinned to each CPU in turn with taskset
 * (util-linux).
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import { Matrix, matmul, type KernelName } from "../src/matmul";

const PROBE_MS = 600;
const PROBES: ReadonlyArray<{ label: string; kernel: KernelName; n: number }> = [
  { label: "in-core (blocked, n = 200)", kernel: "blocked", n: 200 },
  { label: "cache-streaming (dot, n = 800)", kernel: "dot", n: 800 },
];

function probe(kernel: KernelName, n: number): void {
  const a = Matrix.rand(n, n, { seed: 1 });
  const b = Matrix.rand(n, n, { seed: 2 });
  const out = Matrix.zeros(n, n);
  for (let warm = 0; warm < 3; warm++) matmul(a, b, { kernel, out });
  let products = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < PROBE_MS) {
    matmul(a, b, { kernel, out });
    products++;
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${((2 * n ** 3 * products) / seconds / 1e9).toFixed(3)}\n`);
}

/** GFLOP/s of one probe on each CPU, one CPU at a time; undefined without taskset. */
export function coreSpeeds(kernel: KernelName, n: number): number[] | undefined {
  const speeds: number[] = [];
  for (let cpu = 0; cpu < os.availableParallelism(); cpu++) {
    const run = spawnSync("taskset", ["-c", String(cpu), process.execPath, __filename, "probe", kernel, String(n)], { encoding: "utf8" });
    if (run.status !== 0) return undefined;
    speeds.push(Number(run.stdout.trim()));
  }
  return speeds;
}

/**
 * "core speed check: in-core (…) cpu0 4.71, cpu1 4.68 GFLOP/s, equal within 15%; …" —
 * a line for a benchmark's header.
 */
export function describeCoreSpeeds(): string {
  const parts: string[] = [];
  for (const { label, kernel, n } of PROBES) {
    const speeds = coreSpeeds(kernel, n);
    if (!speeds) return "core speed check: unavailable (no taskset)";
    const list = speeds.map((s, cpu) => `cpu${cpu} ${s.toFixed(2)}`).join(", ");
    const fastest = Math.max(...speeds);
    const slowest = Math.min(...speeds);
    const verdict = slowest < 0.85 * fastest
      ? `UNEQUAL, the slowest at ${((100 * slowest) / fastest).toFixed(0)}% of the fastest (a speedup near ${(speeds.reduce((x, y) => x + y, 0) / fastest).toFixed(2)}× at most)`
      : "equal within 15%";
    parts.push(`${label} ${list} GFLOP/s, ${verdict}`);
  }
  return `core speed check, one core at a time: ${parts.join("; ")}`;
}

if (require.main === module && process.argv[2] === "probe") probe(process.argv[3] as KernelName, Number(process.argv[4]));
