import { interruptSlot } from "../cell/interrupt-state";
import { whenChanged } from "../shared/wait-async";

export interface StalledInterruptOptions {
  /** The kernel's interrupt flags: SIGINT outside a cell's script raises the request slot. */
  interruptFlags: SharedArrayBuffer;
  /** Asks the main thread to answer `pong(id)` as soon as its event loop is free. */
  ping(id: number): void;
  /** Shows the notice in the notebook (stderr of the cell that ran last). */
  publishNotice(text: string): void;
  /** How long the main thread may stay busy after an interrupt before the notice is shown. */
  stallMs: number;
}

export const STALLED_INTERRUPT_NOTICE =
  "KeyboardInterrupt could not stop the running code: the kernel is still busy in JavaScript that runs " +
  "outside the cell's interruptible part (a loop after an `await`, in a `.then` callback or in a timer callback). " +
  "Node 20 cannot stop such code without ending the process. Restart the kernel (Kernel > Restart Kernel) " +
  "to get it back; the notebook's variables are lost and its cells must be run again.\n";

/**
 * Runs on the I/O thread. Node stops a busy loop only while it runs inside a `vm` script
 * with breakOnSigint (the cell's synchronous part); code resumed from the microtask queue
 * or a timer runs outside, and stopping it from another thread (the inspector's
 * Runtime.terminateExecution, also after Debugger.pause) aborts Node 20 as soon as async
 * hooks are on, which the cell context needs. So when an interrupt — interrupt_request,
 * or SIGINT taken outside a cell's script — is followed by `stallMs` in which the main
 * thread never reached its event loop, the notebook is told, with the restart path,
 * instead of waiting in silence.
 */
export class StalledInterruptWatch {
  private lastPing = 0;
  private lastPong = 0;
  private checking = false;
  private readonly flags: Int32Array;

  constructor(private readonly options: StalledInterruptOptions) {
    this.flags = new Int32Array(options.interruptFlags);
  }

  /** Follows the request slot, so a SIGINT sent to the process is watched like interrupt_request. */
  start(): void {
    void this.followRequests();
  }

  /** An interrupt was sent to the main thread: check that it gets free. */
  onInterrupt(): void {
    if (this.checking) return;
    this.checking = true;
    const id = ++this.lastPing;
    this.options.ping(id);
    setTimeout(() => {
      this.checking = false;
      if (this.lastPong < id) this.options.publishNotice(STALLED_INTERRUPT_NOTICE);
    }, this.options.stallMs).unref();
  }

  onPong(id: number): void {
    this.lastPong = Math.max(this.lastPong, id);
  }

  private async followRequests(): Promise<void> {
    for (;;) {
      await whenChanged(this.flags, interruptSlot.request, 0);
      this.onInterrupt();
      // Taken (or dropped) by another thread: wait for the slot to fall back before the next one.
      await whenChanged(this.flags, interruptSlot.request, 1);
    }
  }
}
