import { ParallelInterruptedError, ParallelTaskError, WorkerDiedError } from "./errors";

/**
 * Turns what a failed workerpool task rejects with into the error the notebook sees.
 * workerpool rebuilds a worker's error as a plain Error carrying the thrown error's
 * own properties (message, stack, and the threadId/units worker.ts adds).
 */
export function toRunError(error: unknown, memoryLimitMb: number | undefined, mapStack?: (stack: string) => string): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  const message = e.message ?? "";
  if (/ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(message)) {
    const limit = memoryLimitMb === undefined ? "" : ` (limit ${memoryLimitMb} MB per worker)`;
    return new WorkerDiedError(`a worker ran out of memory${limit}; it was replaced and the run cancelled`, { cause: e });
  }
  if (message.startsWith("Workerpool Worker terminated Unexpectedly")) {
    const code = /exitCode: `([^`]*)`/.exec(message)?.[1] ?? "unknown";
    return new WorkerDiedError(`a worker died (exit code ${code}); it was replaced and the run cancelled`, { cause: e });
  }
  if (message.startsWith("Workerpool Worker error")) {
    return new WorkerDiedError(`a worker failed: ${message}; it was replaced and the run cancelled`, { cause: e });
  }
  if (/^(Pool terminated|Worker is terminated|Worker terminated)/.test(message)) {
    return new ParallelInterruptedError("the pool was closed while the run was in progress", { cause: e });
  }
  const extra = e as Error & { threadId?: number; units?: [number, number] };
  const where = !extra.units ? "" : extra.units[1] - extra.units[0] === 1 ? ` (unit ${extra.units[0]})` : ` (units ${extra.units[0]}..${extra.units[1] - 1})`;
  const name = (e as { name?: unknown }).name;
  const what = typeof name === "string" && name !== "Error" ? `${name}: ${message}` : message;
  const stack = e.stack && mapStack ? mapStack(e.stack) : e.stack;
  return new ParallelTaskError(`loop body threw in worker ${extra.threadId ?? "?"}${where}: ${what}`, stack, extra.threadId, {
    cause: e,
  });
}
