import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ConnectionInfo } from "../protocol";
import { toBuffers, type ControlThreadData, type FromControlThread, type ToControlThread } from "./control-protocol";
import type { Log } from "./log";

/** The main thread's handle on the control thread (control-worker.ts). */
export interface ControlThread {
  /** Sends a reply the main thread built on the control socket. */
  send(frames: Buffer[]): void;
  /** Closes the sockets (flushing queued replies) and ends the thread. */
  close(): Promise<void>;
}

export interface ControlThreadOptions {
  info: ConnectionInfo;
  session: string;
  log: Log;
  /** A verified control request (anything but interrupt_request), as raw frames. */
  onRequest(frames: Buffer[]): void;
}

export function startControlThread(options: ControlThreadOptions): Promise<ControlThread> {
  const data: ControlThreadData = { info: options.info, session: options.session };
  const worker = new Worker(join(__dirname, "control-worker.js"), { workerData: data, stdout: false, stderr: false });
  const post = (message: ToControlThread) => worker.postMessage(message);
  let closed: Promise<void> | undefined;
  let onClosed: () => void = () => {};

  return new Promise((resolve, reject) => {
    worker.on("error", (error) => {
      options.log(`control thread failed: ${error.message}`);
      reject(error);
    });
    worker.on("exit", () => onClosed());
    worker.on("message", (message: FromControlThread) => {
      switch (message.kind) {
        case "ready":
          return resolve(handle);
        case "failed":
          void worker.terminate();
          return reject(new Error(`control/heartbeat sockets: ${message.message}`));
        case "request":
          return options.onRequest(toBuffers(message.frames));
        case "interrupted":
          return options.log(`interrupt_request ${message.msgId}: SIGINT raised`);
        case "closed":
          // The thread ends by itself once its sockets are closed; terminating a
          // thread with a live zeromq socket aborts the process (observed with zeromq 6.8).
          return;
      }
    });
    const handle: ControlThread = {
      send: (frames) => post({ kind: "send", frames }),
      close() {
        closed ??= new Promise<void>((done) => {
          onClosed = done;
          post({ kind: "close" });
          setTimeout(() => void worker.terminate(), 3000).unref();
        });
        return closed;
      },
    };
  });
}
