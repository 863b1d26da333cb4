import type { ConnectionInfo } from "../protocol";
import type { SharedPipeMemory } from "./shared-pipe";

/**
 * Messages between the main thread and the I/O thread (io-worker.ts). Frames
 * cross as Uint8Array (structured clone turns a Buffer into one).
 */
export interface IoThreadData {
  info: ConnectionInfo;
  /** The kernel's session id, so messages the I/O thread builds look like the main thread's. */
  session: string;
  /** Every iopub message of the main thread's, in order (iopub-writer.ts → iopub-relay.ts). */
  iopubPipe: SharedPipeMemory;
  /** The kernel's interrupt flags (cell/interrupt-state.ts), watched for interrupts that do not get through. */
  interruptFlags: SharedArrayBuffer;
}

export type ToIoThread =
  /** A reply the main thread built, for the control socket. */
  | { kind: "control"; frames: Uint8Array[] }
  | { kind: "close" }
  /** The answer to `ping`: the main thread's event loop was free. */
  | { kind: "pong"; id: number };

export type FromIoThread =
  | { kind: "ready" }
  | { kind: "failed"; message: string }
  /** A verified control request other than interrupt_request, for the main thread to answer. */
  | { kind: "request"; frames: Uint8Array[] }
  /** The process that started the kernel is gone: exit cleanly (the I/O thread forces the exit if this thread cannot). */
  | { kind: "parentGone" }
  /** An interrupt_request was answered and SIGINT raised; for the debug log (TSPARALLEL_DEBUG). */
  | { kind: "interrupted"; msgId: string }
  | { kind: "closed" }
  /** After an interrupt: answer with `pong` when free (stalled-interrupt.ts). */
  | { kind: "ping"; id: number };

export function toBuffers(frames: readonly Uint8Array[]): Buffer[] {
  return frames.map((f) => (Buffer.isBuffer(f) ? f : Buffer.from(f.buffer, f.byteOffset, f.byteLength)));
}
