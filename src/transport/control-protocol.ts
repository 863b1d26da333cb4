import type { ConnectionInfo } from "../protocol";

/**
 * Messages between the main thread and the control thread. Frames cross as
 * Uint8Array (structured clone turns a Buffer into one).
 */
export interface ControlThreadData {
  info: ConnectionInfo;
  /** The kernel's session id, so replies the control thread builds look like the main thread's. */
  session: string;
}

export type ToControlThread =
  | { kind: "send"; frames: Uint8Array[] }
  | { kind: "close" };

export type FromControlThread =
  | { kind: "ready" }
  | { kind: "failed"; message: string }
  /** A verified control request other than interrupt_request, for the main thread to answer. */
  | { kind: "request"; frames: Uint8Array[] }
  /** An interrupt_request was answered and SIGINT raised; for the log. */
  | { kind: "interrupted"; msgId: string }
  | { kind: "closed" };

export function toBuffers(frames: readonly Uint8Array[]): Buffer[] {
  return frames.map((f) => (Buffer.isBuffer(f) ? f : Buffer.from(f.buffer, f.byteOffset, f.byteLength)));
}
