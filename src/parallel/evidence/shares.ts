import type { RunTrace } from "../trace";

/** Fractions of all workers' time (the sum over workers of wall time) in each of the trace's four parts. */
export interface TraceShares {
  queued: number;
  transfer: number;
  compute: number;
  idle: number;
  /** queued + transfer: getting work to the workers. */
  dispatch: number;
}

export function traceShares(trace: Pick<RunTrace, "perWorker">): TraceShares {
  let queued = 0, transfer = 0, compute = 0, idle = 0;
  for (const w of trace.perWorker) {
    queued += w.queuedUs;
    transfer += w.transferUs;
    compute += w.computeUs;
    idle += w.idleUs;
  }
  const total = queued + transfer + compute + idle;
  if (!(total > 0)) return { queued: 0, transfer: 0, compute: 0, idle: 0, dispatch: 0 };
  return { queued: queued / total, transfer: transfer / total, compute: compute / total, idle: idle / total, dispatch: (queued + transfer) / total };
}

/** Compute per unit over all workers (µs): total compute over total units; undefined when no unit ran. */
export function computePerUnitUs(trace: Pick<RunTrace, "perWorker">): number | undefined {
  const units = trace.perWorker.reduce((sum, w) => sum + w.units, 0);
  const compute = trace.perWorker.reduce((sum, w) => sum + w.computeUs, 0);
  return units > 0 ? compute / units : undefined;
}

/** "12%" for a share; "<1%" rather than a misleading "0%". */
export function percent(share: number): string {
  const value = 100 * share;
  return value > 0 && value < 1 ? "<1%" : `${value.toFixed(0)}%`;
}
