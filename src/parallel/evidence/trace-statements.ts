import type { RunTrace } from "../trace";
import { speedSpread } from "../trace-format";
import type { Spread } from "../../timing/spread";
import { computePerUnitUs, percent, traceShares } from "./shares";
import type { Statement } from "./statement";
import { DISPATCH_DOMINATES, DISPATCH_NEGLIGIBLE, IMBALANCE_NOTABLE, UNEQUAL_SPEED } from "./thresholds";

/** One or more runs of the same configuration, and optionally the serial runs of the same work. */
export interface TraceEvidence {
  traces: readonly RunTrace[];
  /** Seconds per serial run of the same product: compared per unit with the workers' compute. */
  serialSeconds?: Spread;
}

/**
 * The statements a run's trace supports about where its time went, and nothing else: a
 * cause is named only when the trace's own shares show it. Shares are summed over the
 * runs given. Garbage collection is never named: the trace does not measure it.
 */
export function traceStatements(evidence: TraceEvidence | RunTrace): Statement[] {
  const { traces, serialSeconds } = "traces" in evidence ? evidence : { traces: [evidence], serialSeconds: undefined };
  const pooled = traces.filter((trace) => trace.mode === "pool" && trace.perWorker.length > 0);
  if (pooled.length === 0) return [];
  const shares = traceShares({ perWorker: pooled.flatMap((trace) => trace.perWorker) });
  const statements: Statement[] = [{
    kind: "shares",
    text: `The workers' time went to computing ${percent(shares.compute)}, waiting for tasks ${percent(shares.queued)}, ` +
      `transfer ${percent(shares.transfer)} and idle at the end ${percent(shares.idle)}.`,
  }];
  if (shares.dispatch >= DISPATCH_DOMINATES) {
    statements.push({ kind: "dispatch-dominates", text: `Dispatch dominates: ${percent(shares.dispatch)} of the workers' time went to waiting for and unpacking tasks.` });
  } else if (shares.dispatch < DISPATCH_NEGLIGIBLE) {
    statements.push({ kind: "dispatch-negligible", text: `Dispatch is not what limits this run: it took ${percent(shares.dispatch)} of the workers' time.` });
  }
  const unequal = unequalSpeed(pooled);
  if (unequal) statements.push(unequal);
  const slower = slowerThanSerial(pooled, serialSeconds);
  if (slower) statements.push(slower);
  if (shares.idle >= IMBALANCE_NOTABLE) {
    statements.push({ kind: "imbalance", text: `Imbalance at the end: the workers sat idle for ${percent(shares.idle)} of their time, waiting for the last one to finish.` });
  }
  return statements;
}

function unequalSpeed(traces: readonly RunTrace[]): Statement | undefined {
  const ratios = traces.map((trace) => speedSpread(trace)?.ratio).filter((ratio): ratio is number => ratio !== undefined);
  const unequal = ratios.filter((ratio) => ratio >= UNEQUAL_SPEED);
  if (unequal.length === 0) return undefined;
  const runs = traces.length === 1 ? "" : ` in ${unequal.length} of ${traces.length} runs`;
  return {
    kind: "unequal-speed",
    text: `The workers computed the same work at unequal speed${runs}: one took up to ${Math.max(...unequal).toFixed(2)}× as long per unit as another.`,
  };
}

/**
 * "The workers computed slower" only when every run's compute per unit lies above the
 * slowest serial run's time per unit: the serial time includes everything, so a worker
 * slower than that beyond the serial spread computed slower, not merely waited longer.
 */
function slowerThanSerial(traces: readonly RunTrace[], serialSeconds: Spread | undefined): Statement | undefined {
  if (serialSeconds === undefined) return undefined;
  const units = traces[0]!.units;
  const perUnit = traces.map(computePerUnitUs).filter((us): us is number => us !== undefined);
  if (units <= 0 || perUnit.length === 0) return undefined;
  const serialMaxUs = (serialSeconds.max * 1e6) / units;
  const fastestWorkerUs = Math.min(...perUnit);
  if (fastestWorkerUs <= serialMaxUs) return undefined;
  const digits = (us: number) => Number(us.toPrecision(3)).toString();
  return {
    kind: "slower-compute",
    text: `The workers computed slower than the serial loop: at least ${digits(fastestWorkerUs)} µs per unit against at most ${digits(serialMaxUs)} µs serially.`,
  };
}
