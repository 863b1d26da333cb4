/**
 * The error an interrupted cell ends with. Named like IPython's KeyboardInterrupt so
 * notebook users recognise it. It is also the AbortSignal's reason, so library loops
 * that call `signal.throwIfAborted()` end the cell with the same error.
 */
export class KeyboardInterrupt extends Error {
  override readonly name = "KeyboardInterrupt";
}

/** The error `vm` throws when `breakOnSigint` stops a script. */
export function isScriptInterruption(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}
