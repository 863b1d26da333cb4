/**
 * The kinds of error the project raises.
 *
 * UsageError: the user typed something the tool cannot accept (a bad magic flag,
 * a missing value). Shown as one line, no traceback, like IPython's UsageError.
 * Anything else is an Error (a named subclass where a notebook user should recognise the
 * kind, as below and in each folder's errors.ts), shown with its stack; one raised for
 * another failure carries that failure as `cause` (parallel/failure.ts).
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * A cell called process.exit (or reallyExit, abort). Ending the process from inside a cell
 * would take the kernel down without a reply (zeromq's native sockets abort the process while
 * it exits under them), so the call throws this instead and the kernel keeps its state.
 */
export class ProcessExitRefused extends Error {
  override readonly name = "ProcessExitRefused";
}

/**
 * A cell was stopped because V8's heap was nearly full: past the limit V8 aborts the whole
 * process with no reply. Named like Python's MemoryError, which IPython shows in the same case.
 */
export class MemoryError extends Error {
  override readonly name = "MemoryError";
}
