/** Rich output for notebooks: `import { display, clearOutput, plot } from "tsparallel"`. */
export { display, clearOutput, DisplayHandle, type Display, type DisplayOptions } from "./display";
export { mimeBundleOf, plainText } from "./bundle";
export { jupyterDisplaySymbol, type MimeBundle, type RichDisplayable } from "../cell/mime";
export * from "./plot";
export { Table, table, formats, type ColumnSpec, type TableOptions } from "./table";
