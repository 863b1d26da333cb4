/**
 * What every layer shares about the running cell: its context (output sink, AbortSignal),
 * the session's disposers, the interrupt state, and the display symbol and MIME types.
 * The bottom folder of src/: it imports nothing of the kernel's other folders but shared/.
 */
export { CellRun, cellContextStorage, currentCell, type CellContext } from "./context";
export type { OutputSink } from "./output-sink";
export { registerSessionDisposer, type SessionDisposer } from "./session-disposers";
export { KeyboardInterrupt } from "./keyboard-interrupt";
export { jupyterDisplaySymbol, type MimeBundle, type RichDisplayable } from "./mime";
