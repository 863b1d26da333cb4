import { ParallelInterruptedError } from "./errors";
import { toRunError } from "./failure";
import { pool } from "./pool";
import { stop, type RunState } from "./run-state";

/** How long a cancelled run waits for tasks in flight before terminating their threads. */
const GRACE_MS = 300;

/**
 * Waits for the dispatcher; on the first failure or an abort, raises the shared
 * cancel flag so workers stop at their next chunk, gives tasks in flight GRACE_MS
 * to return, and terminates (replaces) the threads of any that do not, so the
 * caller gets control back within a second and the pool stays usable.
 */
export async function supervise(
  state: RunState,
  work: Promise<void>,
  signal: AbortSignal | undefined,
  mapStack: ((stack: string) => string) | undefined,
): Promise<void> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"aborted">((resolve) => {
    if (!signal) return;
    // The signal may have fired while the pool was starting: no event will come.
    if (signal.aborted) return resolve("aborted");
    onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const failed = new Promise<"failed">((resolve) => {
    state.onFailure = () => resolve("failed");
  });
  try {
    const outcome = await Promise.race([work.then(() => "done" as const), aborted, failed]);
    if (outcome === "done" && state.failure === undefined) return;
    if (outcome === "aborted" && state.failure === undefined) state.failure = new ParallelInterruptedError("parallel run interrupted");
    stop(state);
    const settled = await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), GRACE_MS).unref()),
    ]);
    if (!settled) {
      await pool.replaceWorkers();
      await work.catch(() => undefined);
    }
    if (state.failure instanceof ParallelInterruptedError) throw state.failure;
    throw toRunError(state.failure, pool.stats().memoryLimitMb, mapStack);
  } finally {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}
