/** Jupyter requests → replies and broadcasts, over an Executor and an Outbox (both replaceable by fakes). */
export * from "./execute";
export * from "./glob";
export * from "./history";
export * from "./kernel-handler";
export * from "./kernel-info";
export * from "./outbox";
export * from "./output-sink";
