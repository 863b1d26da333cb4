/**
 * Messages between the executor (main thread) and the converter worker. The converter
 * (tslab's TypeScript language service) takes ~1.5 s to create, which would block the main
 * thread past the 1 s kernel_info budget, so it lives on its own thread; everything it
 * returns is plain data.
 */

export interface CellDiagnostic {
  /** Zero-based position in the cell (or in `fileName` when set). */
  line: number;
  character: number;
  message: string;
  code: number;
  /** Set when the diagnostic is in another file the cell imports, relative to the cwd. */
  fileName?: string;
}

export interface SideOutput {
  path: string;
  data: string;
}

export interface Conversion {
  /** CommonJS code to run; absent when `diagnostics` is not empty. */
  output?: string;
  declOutput?: string;
  diagnostics: CellDiagnostic[];
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
  sideOutputs?: SideOutput[];
  /** Module specifiers of the cell's static imports (static-imports.ts); set with `output`. */
  staticImports?: string[];
  /**
   * Source-map `mappings` from `output` back to the TypeScript tslab compiled, which has
   * one prefix line ("export {};") before the cell.
   */
  mappings?: string;
}

export interface Completion {
  start: number;
  end: number;
  candidates: string[];
  /** TypeScript's kind for each candidate ("function", "const", ...), same order. */
  kinds: string[];
}

export interface QuickInfo {
  /** The signature as TypeScript prints it in a hover. */
  signature: string;
  documentation: string;
  tags: { name: string; text: string }[];
  start: number;
  length: number;
}

export type CompletenessVerdict = { status: "complete" } | { status: "incomplete"; indent: string } | { status: "invalid" };

export type ConverterRequest =
  | { op: "convert"; prevDecl: string; src: string }
  | { op: "complete"; prevDecl: string; src: string; position: number }
  | { op: "inspect"; prevDecl: string; src: string; position: number }
  | { op: "isComplete"; src: string }
  /** The declarations to keep after a cell failed part-way (partial-declarations.ts). */
  | { op: "keepDeclarations"; previous: string; current: string; unreached: string[] };

export interface ConverterReplies {
  convert: Conversion;
  complete: Completion;
  inspect: QuickInfo | undefined;
  isComplete: CompletenessVerdict;
  keepDeclarations: string;
}

export type ConverterReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface ConverterWorkerData {
  cwd: string;
  packageRoot: string;
  nodeTypesRoot?: string;
  /** Int32Array(1) over this buffer: set to 1 by the worker when a synchronous reply is posted. */
  syncFlag: SharedArrayBuffer;
}
