/**
 * `Atomics.waitAsync` (ES2024, in V8 since Node 16) typed for this project's ES2022 lib:
 * resolves when another thread notifies the slot, without blocking this thread.
 */
type WaitAsyncResult = { async: false; value: "not-equal" | "timed-out" } | { async: true; value: Promise<"ok" | "timed-out"> };

const atomics = Atomics as unknown as {
  waitAsync(view: Int32Array, index: number, value: number, timeout?: number): WaitAsyncResult;
};

/** Resolves once slot `index` changes from `value` or `timeoutMs` passes, whichever is first. */
export function whenChangedOrTimeout(view: Int32Array, index: number, value: number, timeoutMs: number): Promise<unknown> {
  const waiting = atomics.waitAsync(view, index, value, timeoutMs);
  return waiting.async ? waiting.value : Promise.resolve(waiting.value);
}

/** Resolves once slot `index` of `view` is (or becomes) different from `value`. */
export function whenChanged(view: Int32Array, index: number, value: number): Promise<unknown> {
  const waiting = atomics.waitAsync(view, index, value);
  return waiting.async ? waiting.value : Promise.resolve(waiting.value);
}
