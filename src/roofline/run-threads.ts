import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { createBarrierBuffer } from "./barrier";
import type { ProbeName } from "./probe";

/** What probe-worker.js receives. */
export interface ProbeJob {
  readonly probe: ProbeName;
  readonly runs: number;
  readonly seconds: number;
  readonly threads: number;
  readonly barrier: SharedArrayBuffer;
}

/** What probe-worker.js posts back: its rate in each run. */
export interface ProbeReply {
  readonly rates: number[];
}

function runWorker(worker: Worker): Promise<number[]> {
  return new Promise((resolve, reject) => {
    worker.once("message", (reply: ProbeReply) => resolve(reply.rates));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`a ceiling probe thread exited (code ${code}) before reporting`)));
  });
}

/**
 * Runs `probe` on `threads` new worker threads at once, each started on a barrier so
 * that run r of every thread overlaps run r of the others. Returns the rates per thread
 * ([thread][run]). A worker rather than the calling thread runs even the one-thread
 * case, so the event loop (a kernel's, say) stays free and every count shares one path.
 */
export async function runProbeThreads(probe: ProbeName, threads: number, runs: number, seconds: number): Promise<number[][]> {
  const job: ProbeJob = { probe, runs, seconds, threads, barrier: createBarrierBuffer() };
  const workers = Array.from({ length: threads }, () => new Worker(path.join(__dirname, "probe-worker.js"), { workerData: job }));
  try {
    return await Promise.all(workers.map(runWorker));
  } finally {
    // On failure the others may be blocked on the barrier: terminate ends them there too.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
