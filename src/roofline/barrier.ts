/**
 * A reusable barrier over shared memory: every thread of an all-cores probe calls
 * `arrive` and none returns until all have, so their timed runs start together
 * (Atomics.wait blocks the thread; the last to arrive bumps the generation and wakes the rest).
 * Layout: Int32 [arrived, generation].
 */
export function createBarrierBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

export function arriveAndWait(buffer: SharedArrayBuffer, parties: number): void {
  const state = new Int32Array(buffer);
  const generation = Atomics.load(state, 1);
  if (Atomics.add(state, 0, 1) === parties - 1) {
    Atomics.store(state, 0, 0);
    Atomics.add(state, 1, 1);
    Atomics.notify(state, 1);
    return;
  }
  while (Atomics.load(state, 1) === generation) Atomics.wait(state, 1, generation);
}
