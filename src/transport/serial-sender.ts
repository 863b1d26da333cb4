import { framesZeroMqCopies } from "./copied-frames";
import type { Log } from "./log";

/** The subset of a zeromq v6 socket a sender needs. */
export interface FrameWriter {
  send(frames: Array<Buffer | string>): Promise<void>;
}

/**
 * zeromq v6 rejects a second `send` while one is still pending on the same
 * socket ("Socket is busy writing"), so every socket's sends go through one
 * promise chain, in order. A failed send is logged; later sends still go out.
 * Frames go in a form zeromq copies (copied-frames.ts), so none is left
 * pointing into a thread that has ended.
 */
export class SerialSender {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: FrameWriter,
    private readonly name: string,
    private readonly log: Log,
  ) {}

  send(frames: Buffer[]): Promise<void> {
    this.tail = this.tail.then(
      () => this.socket.send(framesZeroMqCopies(frames)),
    ).catch((error: unknown) => this.log(`send on ${this.name} failed: ${(error as Error).message}`));
    return this.tail;
  }

  /** Resolves once everything queued so far has been handed to ZeroMQ. */
  flushed(): Promise<void> {
    return this.tail;
  }
}
