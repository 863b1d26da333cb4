/** The magic layer: `%name` / `%%name` rewritten into TypeScript in front of the executor. */
export { createMagicExecutor, usageErrorOutcome } from "./executor";
export { MagicRegistry } from "./registry";
export { builtinMagics } from "./builtins";
export { transformCell, type TransformedCell } from "./transform";
export { parseArguments, getoptSignature, type ParsedArguments } from "./argv";
export { helpText } from "./help";
export { magicListing } from "./lsmagic";
export { printExpression } from "./magic-output";
export { CodeWriter } from "./code-writer";
export { splitTrailingExpression } from "./statement";
export type * from "./types";
