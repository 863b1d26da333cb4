import { registerSessionDisposer } from "../../cell/session-disposers";

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
 * script, e.g. when the output of the cell that carried it has been cleared. A kernel
 * restart resets it by itself (see {@link claimInlining}).
 */
export function resetPlotlyInlining(): void {
  sessionInlining().inlined = false;
}

/**
 * True the first time it is called in a session (and after each reset): that figure
 * inlines plotly.js. A restart disposes the session, and a restart usually comes with
 * cleared outputs ("Restart Kernel and Run All Cells", a headless run), so the next
 * session's first figure must carry the library again for the saved notebook and its
 * HTML export to draw: the claim registers its own undoing as a session disposer.
 */
export function claimInlining(state: InliningState = sessionInlining()): boolean {
  if (state.inlined) return false;
  state.inlined = true;
  registerSessionDisposer(() => {
    state.inlined = false;
  });
  return true;
}
