/**
 * A product's preparation (Bᵀ, packed B) split into units that every thread about to
 * use it helps finish, instead of the owner doing it all before any worker starts.
 * Done by the owner it is serial time: at n = 1000 the wasm kernel packs B in ~3.5 ms
 * while each of two workers computes for ~55 ms, so a twentieth of the parallel run.
 * Each thread claims units with one Atomics.add until none is left, then waits for
 * the units other threads claimed; a thread that never arrives claims nothing, so
 * nobody waits for it. A lone thread (a serial run) does every unit itself.
 *
 * The state lives in a SharedArrayBuffer, so the work travels inside the prepared
 * value to every worker. Atomics order the units' plain writes before the count that
 * announces them: a thread that reads DONE === units sees all of the result.
 */
export interface SharedWork {
  /** [next unit to claim, units done, failed flag]. */
  readonly state: Int32Array;
  readonly units: number;
}

const NEXT = 0;
const DONE = 1;
const FAILED = 2;
/** Waits are sliced so a failure flagged without a notify is still seen. */
const WAIT_SLICE_MS = 50;

export function sharedWork(units: number): SharedWork {
  return { state: new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT)), units };
}

/** Returns once every unit is done, having done as many of them as this thread could claim. */
export function finishSharedWork(work: SharedWork, doUnit: (unit: number) => void): void {
  const { state, units } = work;
  if (Atomics.load(state, DONE) >= units) return; // the common case after the first call
  for (let unit = Atomics.add(state, NEXT, 1); unit < units; unit = Atomics.add(state, NEXT, 1)) {
    try {
      doUnit(unit);
    } catch (error) {
      Atomics.store(state, FAILED, 1);
      Atomics.notify(state, DONE);
      throw error;
    }
    if (Atomics.add(state, DONE, 1) + 1 === units) Atomics.notify(state, DONE);
  }
  for (let done = Atomics.load(state, DONE); done < units; done = Atomics.load(state, DONE)) {
    if (Atomics.load(state, FAILED) !== 0) throw new Error("the product's preparation failed on another thread");
    Atomics.wait(state, DONE, done, WAIT_SLICE_MS);
  }
}
