/** The interpreter layer: TypeScript cells in, protocol-shaped outcomes out. */
export { createExecutor, type ExecutorOptions } from "./executor";
export { registerSessionDisposer, type SessionDisposer } from "./session-disposers";
export { cellContextStorage, currentCell, type CellContext } from "./cell-context";
export { KeyboardInterrupt } from "./keyboard-interrupt";
export { interruptFlags, requestInterrupt } from "./interrupt-flags";
export { typeScriptErrorName } from "./error-report";
export { tsparallelGlobalName } from "./cell-scope";
export type * from "./types";
