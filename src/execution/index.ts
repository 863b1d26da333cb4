/** The interpreter layer: TypeScript cells in, protocol-shaped outcomes out. */
export { createExecutor, type ExecutorOptions } from "./executor";
export { typeScriptErrorName } from "./error-report";
export { tsparallelGlobalName } from "./cell-scope";
export type * from "./types";
