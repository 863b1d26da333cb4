/**
 * Failures of a parallel run. Each carries what the notebook needs to explain it:
 * the worker's own stack for a throw, the exit code for a dead worker.
 */

/** A loop body or kernel threw inside a worker; the rest of the run was cancelled. */
export class ParallelTaskError extends Error {
  override readonly name = "ParallelTaskError";
  constructor(
    message: string,
    readonly workerStack: string | undefined,
    readonly threadId: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    // The worker's stack is the useful one: it points into the body that threw.
    if (workerStack) this.stack = `${this.name}: ${message}\n--- in the worker ---\n${workerStack}`;
  }
}

/** A worker died (process.exit, out of memory); it was replaced and the run cancelled. */
export class WorkerDiedError extends Error {
  override readonly name = "WorkerDiedError";
}

/** The run was interrupted (the cell's interrupt or an explicit AbortSignal). */
export class ParallelInterruptedError extends Error {
  override readonly name = "ParallelInterruptedError";
}
