import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { interruptFlags } from "../../src/cell/interrupt-state";
import { installSigintGuard } from "../../src/execution/sigint-guard";

/**
 * A thread that sends SIGINT to this process as the kernel's I/O thread does on
 * interrupt_request: once after `ms` ("once"), or every `ms` ("repeat": a busy loop on the
 * main thread blocks every timer here, and a cell may not be running yet when the first
 * signal comes; signals that land while no cell runs are ignored). Terminate it after use.
 */
export function interruptRequester(when: "once" | "repeat", ms: number): Worker {
  const timer = when === "once" ? "setTimeout" : "setInterval";
  return new Worker(`${timer}(() => process.kill(process.pid, "SIGINT"), ${ms});`, { eval: true });
}

/**
 * Installs the kernel's SIGINT guard in this test process, so that a SIGINT outside a
 * cell's script takes the kernel's own path (the guard raises an interrupt request, the
 * main thread takes it) rather than a plain `process.on("SIGINT")` listener.
 */
export async function guardSigintAsTheKernelDoes(): Promise<void> {
  const failures: string[] = [];
  await installSigintGuard(interruptFlags, (message) => failures.push(message));
  assert.deepEqual(failures, [], "the SIGINT guard is in place");
}
