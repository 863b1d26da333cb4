import { stackedBar, type BarOptions } from "./builders";
import type { Figure } from "./figure";

/**
 * One worker's time in a parallel run, split into the four phases the parallel runtime
 * measures (src/parallel/trace.ts WorkerTrace; matched by shape, so display does not
 * depend on the runtime).
 */
export interface WorkerTimes {
  queuedUs: number;
  transferUs: number;
  computeUs: number;
  idleUs: number;
}

/** A run's trace, or anything shaped like one: a label and its workers' times. */
export interface RunTimes {
  label?: string;
  perWorker: readonly WorkerTimes[];
}

const phases = ["queued", "transfer", "compute", "idle"] as const;

/**
 * `plot.breakdown(run.trace)`: one stacked bar per worker of where its time went, in ms.
 * Given several runs (modes, grains), their workers stand side by side, labelled by run.
 */
export function breakdown(runs: RunTimes | readonly RunTimes[], options: BarOptions = {}): Figure {
  const list: readonly RunTimes[] = Array.isArray(runs) ? runs : [runs as RunTimes];
  if (list.length === 0 || list.some((run) => !run || !Array.isArray(run.perWorker))) {
    throw new TypeError("plot.breakdown: expected a run trace ({ perWorker: [...] }) or an array of them");
  }
  const categories: string[] = [];
  const parts: Record<(typeof phases)[number], number[]> = { queued: [], transfer: [], compute: [], idle: [] };
  list.forEach((run, r) => {
    run.perWorker.forEach((worker, w) => {
      categories.push(list.length === 1 ? `worker ${w}` : `${run.label ?? `run ${r + 1}`} · w${w}`);
      for (const phase of phases) parts[phase].push(worker[`${phase}Us`] / 1000);
    });
  });
  return stackedBar(categories, parts, { title: "Where the time went", yTitle: "ms", ...options });
}
