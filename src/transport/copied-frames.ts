import { isUtf8 } from "node:buffer";

/**
 * zeromq 6 sends a Buffer of more than 128 bytes without copying it: it keeps
 * a reference and, once ZeroMQ's own thread has written the bytes, hands the
 * reference back to the sending thread's module to release. The kernel's
 * threads share one ZeroMQ context, so a message can still be in flight when
 * the thread that sent it has ended (the I/O thread ends at shutdown right
 * after its last send). The hand-back then writes into the freed module and
 * corrupts the heap: the process died with "corrupted double-linked list" in
 * about one shutdown in ten while another process loaded the machine.
 *
 * A string is always copied (ZeroMQ owns the copy and frees it on any thread),
 * so every large frame that is valid UTF-8 — all of a message's JSON parts,
 * which is everything the kernel itself writes — goes as a string, and the
 * bytes on the wire are the same. Small frames are copied by zeromq anyway.
 * A large frame that is not UTF-8 (a binary buffer a client put in a
 * heartbeat) still goes without a copy; the kernel writes none of its own.
 */
const COPIED_BY_ZEROMQ_BYTES = 128;

export function framesZeroMqCopies(frames: readonly Buffer[]): Array<Buffer | string> {
  return frames.map((frame) => (frame.length > COPIED_BY_ZEROMQ_BYTES && isUtf8(frame) ? frame.toString("utf8") : frame));
}
