/**
 * Remembers the signatures of the messages accepted lately, so that a signed
 * message captured on the wire and sent again is refused instead of run twice.
 * jupyter_client's Session does the same with a set of 2^16 digests
 * (`digest_history_size`); this one forgets the oldest first, so its memory is
 * bounded (about 8 MB full) and a burst cannot push out a recent signature.
 *
 * A signature covers the header, whose msg_id and date make every honest
 * message's signature new; only a copy repeats one.
 */
export class ReplayGuard {
  private readonly seen = new Set<string>();
  private readonly order: string[];
  private next = 0;

  constructor(readonly capacity = 1 << 16) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ReplayGuard capacity must be a positive integer, not ${capacity}`);
    this.order = new Array<string>(capacity);
  }

  /**
   * Records `signature` and returns true if it is new; false if it was seen
   * among the last `capacity` signatures. An empty signature (signing disabled
   * by an empty key) cannot tell messages apart and is always accepted.
   */
  admit(signature: string): boolean {
    if (signature === "") return true;
    if (this.seen.has(signature)) return false;
    const evicted = this.order[this.next];
    if (evicted !== undefined) this.seen.delete(evicted);
    this.order[this.next] = signature;
    this.next = (this.next + 1) % this.capacity;
    this.seen.add(signature);
    return true;
  }
}
