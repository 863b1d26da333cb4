import { writeSync } from "node:fs";

/**
 * Kernel diagnostics go to fd 2 with a synchronous write: never through
 * `process.stdout`/`console`, which a running cell's capture swaps
 * (execution/output-capture.ts), and never lost when the process exits right after.
 */
export type Log = (message: string) => void;

export const logToStderr: Log = (message) => {
  try {
    writeSync(2, `[tsparallel] ${message}\n`);
  } catch {
    // stderr closed: nothing sensible left to report to.
  }
};

/**
 * Events of a healthy kernel (start-up milestones, each interrupt), written only
 * when TSPARALLEL_DEBUG is set: Jupyter shows a kernel's stderr in the server's
 * terminal, and jupyter_client interrupts before every shutdown, so logging them
 * always would print a line on every normal shutdown.
 */
export const debugLog: Log = (message) => {
  if (process.env.TSPARALLEL_DEBUG) logToStderr(message);
};
