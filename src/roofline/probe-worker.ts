// Worker entry of the ceiling probes (started by run-threads.ts): measures one probe on
// this thread, in step with the others through the shared barrier, and posts its rates.
import { parentPort, workerData } from "node:worker_threads";
import { arriveAndWait } from "./barrier";
import { measureOnThread } from "./measure-thread";
import type { ProbeJob, ProbeReply } from "./run-threads";
import { createProbeRunner } from "./runners";

const job = workerData as ProbeJob;
const runner = createProbeRunner(job.probe);
const rates = measureOnThread(runner, job.probe, job.runs, job.seconds, () => arriveAndWait(job.barrier, job.threads));
parentPort!.postMessage({ rates } satisfies ProbeReply);
