/**
 * The wasm kernel against the machine's own ceiling (part of `npm run bench:matmul`):
 * its GFLOP/s at n on one thread over the register-only f64x2 multiply-add probe on
 * one thread, and on two pool workers over the probe on two threads at once. Ceiling
 * and kernel runs alternate round by round (src/timing/interleave.ts), each ratio is
 * taken within a round, and the figure is their median and range: on a shared machine
 * a minute's load then weighs on both sides of every ratio.
 *
 * On a machine loaded past its cores, wall-clock rates mostly measure the share of a
 * core the scheduler gave: the one-thread ratio is also given by process CPU time,
 * kernel and probe both run on this thread (the pool idle), which counts only the time
 * this thread held a core. Caches refilled after other processes ran still count in it.
 * The two-worker product is timed the same way: the CPU time of the whole process (both
 * workers and the dispatching thread) over its flop, against the probe's rate per
 * CPU-second on this thread. Two free cores can give at most 2 × (that ratio over the
 * one-thread one) as speedup, whatever load the machine carries while it is measured.
 */
import * as os from "node:os";
import { Matrix, kernels, multiplyWith } from "../src/matmul";
import { closePool, parallelMatmul, pool } from "../src/parallel";
import { runProbeThreads } from "../src/roofline/run-threads";
import { createProbeRunner } from "../src/roofline/runners";
import { PROBES, type ProbeName } from "../src/roofline/probe";
import { probeBuildSupported } from "../src/roofline/wasm-probes";
import { interleaveRounds } from "../src/timing/interleave";
import { formatSpread, perRoundRatios, spreadOf } from "../src/timing/spread";

/** Least duration of one ceiling run, as measureCeilings uses. */
const CEILING_SECONDS = 0.05;
const THREADS = 2;

/** The probe whose multiply-add matches the kernel's build: FMA where relaxed SIMD runs. */
function matchingProbe(): ProbeName {
  return (kernels.wasm as { variant?: string }).variant === "relaxed" && probeBuildSupported("relaxed") ? "wasm-fma" : "wasm-simd";
}

async function ceilingRate(probe: ProbeName, threads: number): Promise<number> {
  const perThread = await runProbeThreads(probe, threads, 1, CEILING_SECONDS);
  return perThread.reduce((sum, rates) => sum + rates[0]!, 0);
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Kernel rate over probe rate, both timed by CPU time on this thread; `units` lasts about CEILING_SECONDS. */
function cpuTimeRatio(probe: ProbeName, units: number, product: () => void, flop: number): number {
  const runner = createProbeRunner(probe);
  let start = cpuSeconds();
  runner.run(units);
  const ceiling = runner.amount(units) / (cpuSeconds() - start);
  start = cpuSeconds();
  product();
  return flop / (cpuSeconds() - start) / ceiling;
}

/**
 * The parallel product's flop per CPU-second of the whole process over the probe's per
 * CPU-second on this thread (one core's rate): 1 would be the ceiling on every core.
 */
async function parallelCpuTimeRatio(probe: ProbeName, units: number, product: () => Promise<unknown>, flop: number): Promise<number> {
  const runner = createProbeRunner(probe);
  let start = cpuSeconds();
  runner.run(units);
  const ceiling = runner.amount(units) / (cpuSeconds() - start);
  start = cpuSeconds();
  await product();
  return flop / (cpuSeconds() - start) / ceiling;
}

/** Probe units that take about CEILING_SECONDS of CPU time on this thread, after warm-up. */
function cpuUnits(probe: ProbeName): number {
  const runner = createProbeRunner(probe);
  let units = 1 << 16;
  for (;;) {
    const start = cpuSeconds();
    runner.run(units);
    const seconds = cpuSeconds() - start;
    if (seconds >= CEILING_SECONDS / 4) return Math.ceil((units * CEILING_SECONDS) / seconds);
    units *= 2;
  }
}

/** Per-round kernel rate over ceiling rate. */
function ratios(kernelSeconds: readonly number[], flop: number, ceilings: readonly number[]): number[] {
  return kernelSeconds.map((seconds, round) => flop / seconds / 1e9 / ceilings[round]!);
}

export async function printCeilingRatios(n: number, rounds: number): Promise<void> {
  const probe = matchingProbe();
  const a = Matrix.rand(n, n, { seed: 1 });
  const b = Matrix.rand(n, n, { seed: 2 });
  const out = Matrix.zeros(n, n);
  const flop = 2 * n ** 3;
  await pool.resize(THREADS);
  const grain = `rows:${Math.ceil(n / THREADS)}` as const;
  const loadBefore = os.loadavg()[0]!;
  const units = cpuUnits(probe);
  const measured = await interleaveRounds<string, unknown>({
    ceiling1: () => ceilingRate(probe, 1),
    kernel1: () => multiplyWith(kernels.wasm, a, b, out),
    ceiling2: () => ceilingRate(probe, THREADS),
    kernel2: () => parallelMatmul(a, b, { kernel: "wasm", grain, dispatch: "shared", out }),
    cpu1: () => cpuTimeRatio(probe, units, () => multiplyWith(kernels.wasm, a, b, out), flop),
    cpu2: () => parallelCpuTimeRatio(probe, units, () => parallelMatmul(a, b, { kernel: "wasm", grain, dispatch: "shared", out }), flop),
  }, { rounds });
  await closePool();
  const ceiling1 = measured.ceiling1!.values as number[];
  const ceiling2 = measured.ceiling2!.values as number[];
  const one = spreadOf(ratios(measured.kernel1!.seconds.runs, flop, ceiling1));
  const two = spreadOf(ratios(measured.kernel2!.seconds.runs, flop, ceiling2));
  const speedup = perRoundRatios(measured.kernel1!.seconds.runs, measured.kernel2!.seconds.runs);
  const percent = (value: number): string => `${(100 * value).toFixed(1)}%`;
  console.log(`\nwasm kernel against the measured ceiling (${PROBES[probe].label}), n=${n}, ${rounds} interleaved rounds`);
  console.log(`  ceiling probe: ${PROBES[probe].method}`);
  console.log(`  1 thread : kernel ${formatSpread(spreadOf(measured.kernel1!.seconds.runs.map((s) => flop / s / 1e9)), "GFLOP/s")}, ceiling ${formatSpread(spreadOf(ceiling1), "GFLOP/s")}`);
  console.log(`             ratio ${percent(one.median)} of the ceiling (rounds ${percent(one.min)}–${percent(one.max)})`);
  const cpu = spreadOf(measured.cpu1!.values as number[]);
  console.log(`             by CPU time: ratio ${percent(cpu.median)} (rounds ${percent(cpu.min)}–${percent(cpu.max)})`);
  console.log(`  ${THREADS} workers: kernel ${formatSpread(spreadOf(measured.kernel2!.seconds.runs.map((s) => flop / s / 1e9)), "GFLOP/s")} (grain ${grain}, shared dispatch), ceiling on ${THREADS} threads ${formatSpread(spreadOf(ceiling2), "GFLOP/s")}`);
  console.log(`             ratio ${percent(two.median)} of the ${THREADS}-thread ceiling (rounds ${percent(two.min)}–${percent(two.max)}); speedup over 1 thread ${formatSpread(speedup, "×")}`);
  const cpu2 = spreadOf(measured.cpu2!.values as number[]);
  console.log(`             by CPU time: ${percent(cpu2.median)} of one core's ceiling per CPU-second (rounds ${percent(cpu2.min)}–${percent(cpu2.max)}): on ${THREADS} free cores, speedup at most ${(THREADS * cpu2.median / cpu.median).toFixed(2)}×`);
  console.log(`  load average: ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after (${os.availableParallelism()} cores)`);
}
