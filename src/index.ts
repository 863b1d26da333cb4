/** The public API notebooks import: `import { ... } from "tsparallel"`. */
export * from "./matmul";
export * from "./parallel";
export * from "./timing";
export * from "./roofline";
export * from "./display";
export { UsageError } from "./errors";
export * from "./environment";
export * from "./python";
