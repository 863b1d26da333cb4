/** The Jupyter messaging protocol 5.3: types, signing, wire format, validation. Pure, no I/O. */
export * from "./connection";
export * from "./errors";
export * from "./messages";
export * from "./replay-guard";
export * from "./signature";
export * from "./validate";
export * from "./wire";
