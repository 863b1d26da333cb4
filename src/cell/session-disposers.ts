/**
 * Things a notebook session creates outside any one cell (worker pools, caches of
 * once-per-session output) register here how to release them; the executor runs them on
 * dispose (kernel shutdown and restart). Kept free of imports so library modules can use
 * it without loading the executor.
 */
export type SessionDisposer = () => void | Promise<void>;

const disposers = new Set<SessionDisposer>();

/** Registers `dispose`; returns a function that unregisters it. */
export function registerSessionDisposer(dispose: SessionDisposer): () => void {
  disposers.add(dispose);
  return () => disposers.delete(dispose);
}

/** Runs and forgets every registered disposer; one failing does not stop the others. */
export async function runSessionDisposers(): Promise<Error[]> {
  const pending = [...disposers];
  disposers.clear();
  const failures: Error[] = [];
  for (const dispose of pending) {
    try {
      await dispose();
    } catch (error) {
      failures.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return failures;
}
