/**
 * A one-way byte pipe in shared memory, from one writing thread to one reading
 * thread. The kernel's main thread writes every iopub message through it to the
 * I/O thread, so that:
 * - the I/O thread can read and send what a cell printed while that cell still
 *   blocks the main thread (a postMessage queue is read only by the receiver's
 *   event loop, but shared memory is read whenever the reader looks);
 * - the queue is bounded: a writer that outruns the reader waits for room
 *   (back-pressure) instead of growing the heap, as 100,000 posted messages did.
 *
 * Positions are byte counts since the start, kept modulo 2^32 in Int32 slots;
 * the capacity is a power of two far below 2^31, so `written - read` (as
 * unsigned) is the fill and a position modulo the capacity survives the wrap.
 */
import { whenChangedOrTimeout } from "../shared/wait-async";

const WRITTEN = 0;
const READ = 1;
/** Set by the reader when it gives up: writes are then dropped instead of waiting forever. */
const CLOSED = 2;
/**
 * Set by the reader while it waits for data, so that the writer wakes it only then:
 * a wake-up per write would cost the writing thread a system call per printed line.
 * Both sides use sequentially consistent atomics (the reader sets this, then looks at
 * WRITTEN; the writer moves WRITTEN, then looks at this), so one of them always sees
 * the other and no write is missed.
 */
const WAITING = 3;
const CONTROL_SLOTS = 4;

export interface SharedPipeMemory {
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
}

export function createSharedPipeMemory(capacityBytes: number): SharedPipeMemory {
  const powerOfTwo = Number.isInteger(capacityBytes) && capacityBytes > 0 && (capacityBytes & (capacityBytes - 1)) === 0;
  if (!powerOfTwo || capacityBytes < 16 || capacityBytes > 2 ** 30) {
    throw new RangeError(`pipe capacity must be a power of two from 16 to 2^30 bytes, got ${capacityBytes}`);
  }
  return { control: new SharedArrayBuffer(CONTROL_SLOTS * 4), data: new SharedArrayBuffer(capacityBytes) };
}

/** How long one wait for room lasts before the writer looks again (and so can be interrupted between waits). */
const ROOM_WAIT_SLICE_MS = 50;

export class PipeWriter {
  private readonly control: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(memory: SharedPipeMemory, private readonly stallLimitMs = 10_000) {
    this.control = new Int32Array(memory.control);
    this.bytes = new Uint8Array(memory.data);
  }

  /**
   * Copies every chunk into the pipe, in order, waiting for room when it is full.
   * Returns false, having written nothing more, if the reader is closed or made
   * no room for `stallLimitMs` (a reader that died must not hang the kernel).
   */
  write(chunks: readonly Uint8Array[]): boolean {
    for (const chunk of chunks) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        const room = this.waitForRoom();
        if (room === 0) return false;
        const count = Math.min(room, chunk.byteLength - offset);
        this.copyIn(chunk, offset, count);
        offset += count;
      }
    }
    if (Atomics.load(this.control, WAITING) !== 0) Atomics.notify(this.control, WRITTEN);
    return true;
  }

  private waitForRoom(): number {
    const capacity = this.bytes.byteLength;
    let waitedMs = 0;
    for (;;) {
      if (Atomics.load(this.control, CLOSED) !== 0) return 0;
      const read = Atomics.load(this.control, READ);
      const used = (Atomics.load(this.control, WRITTEN) - read) >>> 0;
      if (used < capacity) return capacity - used;
      if (waitedMs >= this.stallLimitMs) return 0;
      // Publish what is already written, so the reader wakes and makes room.
      Atomics.notify(this.control, WRITTEN);
      Atomics.wait(this.control, READ, read, ROOM_WAIT_SLICE_MS);
      waitedMs += ROOM_WAIT_SLICE_MS;
    }
  }

  private copyIn(chunk: Uint8Array, offset: number, count: number): void {
    const capacity = this.bytes.byteLength;
    const written = Atomics.load(this.control, WRITTEN) >>> 0;
    const at = written % capacity;
    const first = Math.min(count, capacity - at);
    this.bytes.set(chunk.subarray(offset, offset + first), at);
    if (first < count) this.bytes.set(chunk.subarray(offset + first, offset + count), 0);
    Atomics.store(this.control, WRITTEN, (written + count) | 0);
  }
}

export class PipeReader {
  private readonly control: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(memory: SharedPipeMemory) {
    this.control = new Int32Array(memory.control);
    this.bytes = new Uint8Array(memory.data);
  }

  /** Bytes written and not yet read. */
  available(): number {
    return (Atomics.load(this.control, WRITTEN) - Atomics.load(this.control, READ)) >>> 0;
  }

  /** Copies out everything available (possibly nothing) and gives its room back to the writer. */
  read(): Buffer {
    const capacity = this.bytes.byteLength;
    const read = Atomics.load(this.control, READ) >>> 0;
    const count = this.available();
    const out = Buffer.allocUnsafe(count);
    const at = read % capacity;
    const first = Math.min(count, capacity - at);
    out.set(this.bytes.subarray(at, at + first), 0);
    if (first < count) out.set(this.bytes.subarray(0, count - first), first);
    Atomics.store(this.control, READ, (read + count) | 0);
    Atomics.notify(this.control, READ);
    return out;
  }

  /** Resolves true as soon as bytes are available, false after `timeoutMs` without any. */
  async waitForData(timeoutMs: number): Promise<boolean> {
    Atomics.store(this.control, WAITING, 1);
    const written = Atomics.load(this.control, WRITTEN);
    if (((written - Atomics.load(this.control, READ)) >>> 0) > 0) {
      Atomics.store(this.control, WAITING, 0);
      return true;
    }
    await whenChangedOrTimeout(this.control, WRITTEN, written, timeoutMs);
    Atomics.store(this.control, WAITING, 0);
    return this.available() > 0;
  }

  /** Ends a pending waitForData early (the reader's own thread uses it to stop). */
  wake(): void {
    Atomics.notify(this.control, WRITTEN);
  }

  /** Tells the writer to stop waiting for room: nothing more will be read. */
  close(): void {
    Atomics.store(this.control, CLOSED, 1);
    Atomics.notify(this.control, READ);
  }
}
