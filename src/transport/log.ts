import { writeSync } from "node:fs";

/**
 * Kernel diagnostics go to fd 2 with a synchronous write: never through
 * `process.stdout`/`console`, which a running cell's capture may have swapped
 * (DESIGN.md, "Known tslab traps"), and never lost when the process exits right after.
 */
export type Log = (message: string) => void;

export const logToStderr: Log = (message) => {
  try {
    writeSync(2, `[tsparallel] ${message}\n`);
  } catch {
    // stderr closed: nothing sensible left to report to.
  }
};
