/**
 * Are this machine's two vCPUs two cores, or the two SMT threads of one? The guest's
 * lscpu answers "1 thread per core", but a hypervisor may say so of SMT siblings. And
 * on a machine loaded past its cores the two-thread FMA ceiling measured against the
 * one-thread one mostly shows how much of each core the scheduler gave, not whether two
 * threads can run at full rate at once.
 *
 * So: two threads each run the register-only f64x2 FMA probe in short chunks (~0.2 ms)
 * and stamp every chunk's start and end on one clock (performance.timeOrigin + now). A
 * chunk is "fast" when it took at most FAST_MARGIN × the time of an undisturbed chunk
 * run alone (the fastest decile of a one-thread run). SMT siblings share one core's two
 * FMA pipes, so fast chunks of both threads could not overlap in time; separate cores
 * overlap them as often as the scheduler lets both threads run. Printed per round: the
 * time both threads were in fast chunks at once, against the time they would be if each
 * thread's fast chunks fell at random moments (the product of the two fast shares of the
 * run): on separate cores the two are alike, on SMT siblings the first stays near zero.
 *
 * `node --experimental-wasm-relaxed-simd dist/bench/core-overlap.js [rounds]`
 */
import * as os from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { arriveAndWait, createBarrierBuffer } from "../src/roofline/barrier";
import { wasmMaddProbe } from "../src/roofline/wasm-probes";

/** Probe iterations per chunk: 12 chains × 4 flop × 50 000 = 2.4 Mflop, ~0.1 ms at 25 GFLOP/s. */
const CHUNK_ITERATIONS = 50_000;
const CHUNKS = 20_000;
/** A chunk within this factor of the undisturbed time ran at ≥ 87% of the full rate. */
const FAST_MARGIN = 1.15;

interface Job {
  readonly threads: number;
  readonly barrier: SharedArrayBuffer;
}

/** Worker side: warm up, meet the others, then time CHUNKS chunks; posts CHUNKS + 1 stamps (ms). */
function runChunks(job: Job): Float64Array<ArrayBuffer> {
  const probe = wasmMaddProbe("relaxed");
  probe.run(20 * CHUNK_ITERATIONS);
  arriveAndWait(job.barrier, job.threads);
  const stamps = new Float64Array(new ArrayBuffer((CHUNKS + 1) * Float64Array.BYTES_PER_ELEMENT));
  stamps[0] = performance.timeOrigin + performance.now();
  for (let c = 0; c < CHUNKS; c++) {
    probe.run(CHUNK_ITERATIONS);
    stamps[c + 1] = performance.timeOrigin + performance.now();
  }
  return stamps;
}

function startThreads(threads: number): Promise<Float64Array[]> {
  const job: Job = { threads, barrier: createBarrierBuffer() };
  return Promise.all(Array.from({ length: threads }, () => new Promise<Float64Array>((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: job });
    worker.once("message", (stamps: Float64Array) => {
      resolve(stamps);
      void worker.terminate();
    });
    worker.once("error", reject);
  })));
}

function durations(stamps: Float64Array): number[] {
  return Array.from({ length: stamps.length - 1 }, (_, c) => stamps[c + 1]! - stamps[c]!);
}

/** [start, end) of each chunk no slower than `limit` ms. */
function fastChunks(stamps: Float64Array, limit: number): Array<[number, number]> {
  const fast: Array<[number, number]> = [];
  for (let c = 0; c + 1 < stamps.length; c++) if (stamps[c + 1]! - stamps[c]! <= limit) fast.push([stamps[c]!, stamps[c + 1]!]);
  return fast;
}

function total(intervals: Array<[number, number]>): number {
  return intervals.reduce((sum, [start, end]) => sum + end - start, 0);
}

/** Total time (ms) covered by an interval of both sorted lists. */
function overlap(a: Array<[number, number]>, b: Array<[number, number]>): number {
  let total = 0;
  let j = 0;
  for (const [start, end] of a) {
    while (j < b.length && b[j]![1] <= start) j++;
    for (let k = j; k < b.length && b[k]![0] < end; k++) total += Math.min(end, b[k]![1]) - Math.max(start, b[k]![0]);
  }
  return total;
}

async function main(rounds: number): Promise<void> {
  const flop = 4 * 12 * CHUNK_ITERATIONS;
  console.log(`two threads of register-only f64x2 FMA chunks (${(flop / 1e6).toFixed(1)} Mflop each); fast = within ${FAST_MARGIN}× an undisturbed one-thread chunk`);
  for (let round = 0; round < rounds; round++) {
    const [alone] = await startThreads(1);
    const sorted = durations(alone!).sort((x, y) => x - y);
    const undisturbed = sorted[Math.floor(sorted.length / 10)]!;
    const [a, b] = await startThreads(2);
    const fastA = fastChunks(a!, FAST_MARGIN * undisturbed);
    const fastB = fastChunks(b!, FAST_MARGIN * undisturbed);
    const both = overlap(fastA, fastB);
    const span = Math.max(a![CHUNKS]!, b![CHUNKS]!) - Math.min(a![0]!, b![0]!);
    const independent = (total(fastA) * total(fastB)) / span;
    console.log(
      `  round ${round + 1}: one thread undisturbed ${(flop / undisturbed / 1e6).toFixed(1)} GFLOP/s; ` +
      `both threads fast at once for ${both.toFixed(0)} of ${span.toFixed(0)} ms, ${independent.toFixed(0)} ms if independent; ` +
      `load average ${os.loadavg()[0]!.toFixed(2)}`,
    );
  }
}

if (isMainThread) {
  void main(Number(process.argv[2] ?? 3));
} else {
  const stamps = runChunks(workerData as Job);
  parentPort!.postMessage(stamps, [stamps.buffer]);
}
