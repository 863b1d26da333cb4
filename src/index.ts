/** The public API notebooks import: `import { ... } from "tsparallel"`. */
export * from "./matmul";
export * from "./parallel";
export * from "./timing";
export * from "./roofline";
export * from "./profile";
export * from "./timeline";
export * from "./display";
export { UsageError } from "./errors";
export * from "./environment";
export * from "./python";
// What the code the magics write into cells calls, as `$tsp.$magicTimeit(...)`.
export * from "./magics/runtimes";
