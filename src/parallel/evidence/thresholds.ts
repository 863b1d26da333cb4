/**
 * When a share of the workers' time is large enough to name as a cause. One place, so
 * that every notebook sentence and every `%parallel` caption applies the same bar.
 */

/** Waiting for and unpacking tasks (queued + transfer) dominates above half of the workers' time. */
export const DISPATCH_DOMINATES = 0.5;
/** Below this share dispatch is too small to be a cause of a slowdown. */
export const DISPATCH_NEGLIGIBLE = 0.1;
/** Idle at the end (waiting for the last worker) is an imbalance worth naming above this share. */
export const IMBALANCE_NOTABLE = 0.2;
/**
 * Workers whose compute per unit differs by more than this ran the same work at unequal
 * speed (the trace's note uses the same factor: cold code after a resize ran 5× slower,
 * a core shared with another tenant 2×; equal cores stay within 1.1×).
 */
export const UNEQUAL_SPEED = 1.3;
/** A worker that computed for less than this is too briefly timed to compare per unit. */
export const MIN_COMPARED_US = 5000;
