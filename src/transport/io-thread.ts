import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ConnectionInfo, Message } from "../protocol";
import { toBuffers, type FromIoThread, type IoThreadData, type ToIoThread } from "./io-thread-protocol";
import { IopubWriter } from "./iopub-writer";
import { debugLog, type Log } from "./log";
import { createSharedPipeMemory, PipeWriter } from "./shared-pipe";

/** The main thread's handle on the I/O thread (io-worker.ts): control, heartbeat and iopub. */
export interface IoThread {
  /** Sends a reply the main thread built on the control socket. */
  sendControl(frames: Buffer[]): void;
  /** Broadcasts a signed message on iopub. */
  publish(frames: Buffer[]): void;
  /** Broadcasts text a request's cell printed; the I/O thread joins consecutive text into one stream message. */
  stream(request: Message, name: "stdout" | "stderr", text: string): void;
  /** Closes the sockets (flushing queued messages) and ends the thread. */
  close(): Promise<void>;
}

export interface IoThreadOptions {
  info: ConnectionInfo;
  session: string;
  /** The kernel's interrupt flags, so the I/O thread can tell when an interrupt did not get through. */
  interruptFlags: SharedArrayBuffer;
  log: Log;
  /** A verified control request (anything but interrupt_request), as raw frames. */
  onControlRequest(frames: Buffer[]): void;
  /** The kernel's parent process died (watched from the I/O thread, so a busy main thread cannot hide it). */
  onParentGone(): void;
}

/** How long close() waits for the thread to end by itself before terminating it. */
const CLOSE_TIMEOUT_MS = 3000;

/**
 * Room for iopub messages on their way to the I/O thread. A cell that prints
 * faster than they are sent waits when it is full, so printing 100 MB costs
 * this much memory, not 100 MB of queued messages.
 */
const IOPUB_PIPE_BYTES = 8 << 20;

export function startIoThread(options: IoThreadOptions): Promise<IoThread> {
  const iopubPipe = createSharedPipeMemory(IOPUB_PIPE_BYTES);
  const iopub = new IopubWriter(new PipeWriter(iopubPipe), options.log);
  const data: IoThreadData = { info: options.info, session: options.session, iopubPipe, interruptFlags: options.interruptFlags };
  const worker = new Worker(join(__dirname, "io-worker.js"), { workerData: data, stdout: false, stderr: false });
  const post = (message: ToIoThread) => worker.postMessage(message);
  let closed: Promise<void> | undefined;
  let onExit: () => void = () => {};

  return new Promise((resolve, reject) => {
    worker.on("error", (error) => {
      options.log(`I/O thread failed: ${error.stack ?? error.message}`);
      reject(error);
    });
    worker.on("exit", () => onExit());
    worker.on("message", (message: FromIoThread) => {
      switch (message.kind) {
        case "ready":
          return resolve(handle);
        case "failed":
          return reject(new Error(message.message));
        case "request":
          return options.onControlRequest(toBuffers(message.frames));
        case "parentGone":
          return options.onParentGone();
        case "interrupted":
          return debugLog(`interrupt_request ${message.msgId}: SIGINT raised`);
        case "ping":
          return post({ kind: "pong", id: message.id });
        case "closed":
          // The thread ends by itself once its sockets are closed. Terminating a
          // thread with a live zeromq socket aborts the whole process (seen with zeromq 6.8).
          return;
      }
    });
    const handle: IoThread = {
      sendControl: (frames) => post({ kind: "control", frames }),
      publish: (frames) => iopub.publish(frames),
      stream: (request, name, text) => iopub.stream(request, name, text),
      close() {
        closed ??= new Promise<void>((done) => {
          onExit = done;
          post({ kind: "close" });
          setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS).unref();
        });
        return closed;
      },
    };
  });
}
