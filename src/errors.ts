/**
 * The two kinds of error the project raises.
 *
 * UsageError: the user typed something the tool cannot accept (a bad magic flag,
 * a missing value). Shown as one line, no traceback, like IPython's UsageError.
 * Anything else is an Error subclass carrying `cause`, shown with its stack.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
