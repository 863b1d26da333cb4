/** ZeroMQ sockets for the five Jupyter channels, and the kernel process's lifecycle. */
export * from "./io-thread";
export * from "./log";
export * from "./main-channels";
export * from "./parent-watch";
export * from "./serial-sender";
