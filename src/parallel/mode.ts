/**
 * The global switch behind `%parallel off` / `%parallel on`, like Numba's
 * `parallel=False/True`: when off, every library call runs inline and serially on
 * the calling thread, with no change to the notebook's code.
 */
let enabled = true;

export function setParallelEnabled(on: boolean): void {
  enabled = on;
}

export function isParallelEnabled(): boolean {
  return enabled;
}
