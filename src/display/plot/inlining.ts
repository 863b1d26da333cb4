/**
 * Whether this kernel session has already sent plotly.js to the front end. Kept on
 * globalThis under a registered symbol so that two copies of the library loaded in one
 * kernel (say, the kernel's and a notebook's own install) still inline it only once.
 */
interface InliningState {
  inlined: boolean;
}

const stateKey = Symbol.for("tsparallel.plotly.inlining");

export function sessionInlining(): InliningState {
  const holder = globalThis as unknown as Record<symbol, InliningState | undefined>;
  let state = holder[stateKey];
  if (!state) {
    state = { inlined: false };
    holder[stateKey] = state;
  }
  return state;
}

/**
 * Makes the next figure carry plotly.js again. Call it when the front end has lost the
 * script: after a kernel restart (the executor's dispose does) or when the output of the
 * cell that carried it has been cleared.
 */
export function resetPlotlyInlining(): void {
  sessionInlining().inlined = false;
}

/** True the first time it is called in a session (and after each reset): that figure inlines plotly.js. */
export function claimInlining(state: InliningState = sessionInlining()): boolean {
  if (state.inlined) return false;
  state.inlined = true;
  return true;
}
