import type { Message } from "../protocol";
import { encodeFrames, encodeParent, encodeStream } from "./iopub-records";
import type { Log } from "./log";
import type { PipeWriter } from "./shared-pipe";

/**
 * The main thread's side of the iopub pipe: every iopub message goes through
 * here, in the order it is published, to the I/O thread (iopub-relay.ts).
 * Printed text travels as text, not as a message: the I/O thread joins it and
 * builds the message, so a `console.log` costs the main thread a copy, not a
 * header, a JSON encoding and a signature.
 */
export class IopubWriter {
  private readonly keys = new WeakMap<Message, number>();
  private nextKey = 1;
  private lost = 0;

  constructor(private readonly pipe: PipeWriter, private readonly log: Log) {}

  /** A message already built and signed. */
  publish(frames: Buffer[]): void {
    this.write(encodeFrames(frames), "a message");
  }

  /** Text printed by the cell that `request` started. */
  stream(request: Message, name: "stdout" | "stderr", text: string): void {
    let key = this.keys.get(request);
    if (key === undefined) {
      key = this.nextKey++;
      this.keys.set(request, key);
      this.write(encodeParent(key, request.header), "a request header");
    }
    this.write(encodeStream(key, name, text), "printed text");
  }

  private write(chunks: Buffer[], what: string): void {
    if (this.pipe.write(chunks)) return;
    // The I/O thread stopped reading (it ended, or has hung for seconds): say so once in a while, never block forever.
    if (this.lost++ % 1000 === 0) this.log(`iopub: the I/O thread is not reading; dropped ${what} (${this.lost} so far)`);
  }
}
