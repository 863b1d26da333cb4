import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { interruptFlags } from "../../src/execution";

/**
 * A thread that raises the executor's interrupt flag as the kernel's control thread
 * does on interrupt_request: once after `ms` ("once"), or every `ms` ("repeat", for a
 * cell that may not be listening yet when the first request comes). Terminate it after use.
 */
export function interruptRequester(when: "once" | "repeat", ms: number): Worker {
  const timer = when === "once" ? "setTimeout" : "setInterval";
  return new Worker(
    `const { workerData } = require("node:worker_threads");
     const { requestInterrupt } = require(${JSON.stringify(path.resolve(__dirname, "../../src/execution/interrupt-flags"))});
     ${timer}(() => requestInterrupt(workerData), ${ms});`,
    { eval: true, workerData: interruptFlags },
  );
}
