import type { Spread } from "../timing/spread";
import type { Ceiling, MachineCeilings } from "./ceilings";
import type { ProbeName } from "./probe";

/** The compute ceilings a point may be held to; memory ceilings bound every point alike. */
export type ComputeProbe = "wasm-fma" | "wasm-simd" | "js-scalar";
export const COMPUTE_PROBES: readonly ComputeProbe[] = ["wasm-fma", "wasm-simd", "js-scalar"];

/** The memory ceiling of the roofline: a streaming read, what a matmul's operands need. */
export const MEMORY_PROBE: ProbeName = "memory-read";

/** A measured run to place: its rate, and the flop per byte its loops move from memory. */
export interface RooflinePoint {
  readonly label: string;
  /** GFLOP/s over the runs: median and range. */
  readonly gflops: Spread;
  /** Flop per byte moved from memory (a kernel's `traffic(n).intensity`). */
  readonly intensity: number;
  /**
   * The compute ceiling the code can reach: js-scalar for TypeScript loops, the wasm
   * probe of its build for wasm. Absent for native code (OpenBLAS) whose ceiling Node
   * cannot measure: such a point is placed, but has no fraction.
   */
  readonly compute?: ComputeProbe;
  /** Threads the run used: 1 is held to one-thread ceilings, more to the all-cores ones. */
  readonly threads?: number;
}

/** A point against the ceilings: which binds and how close the run came to it. */
export interface Placement {
  readonly point: RooflinePoint;
  /** Memory bandwidth × intensity, GFLOP/s: the most the memory can feed. */
  readonly memoryRoof: number;
  /** The point's compute ceiling, GFLOP/s (undefined for native points). */
  readonly computeRoof: number | undefined;
  /** Which ceiling is lower at this intensity. */
  readonly binding: "memory" | ComputeProbe | undefined;
  /** The median rate over the binding ceiling. */
  readonly fraction: number | undefined;
  /** Compute ceilings the median rate lies above (a native point beyond what Node reaches). */
  readonly above: readonly ComputeProbe[];
}

/** A ceiling's median for a run on `threads` threads. */
export function ceilingRate(ceiling: Ceiling, threads: number): number {
  return threads > 1 ? ceiling.allThreads.median : ceiling.oneThread.median;
}

function requireCeiling(ceilings: MachineCeilings, probe: ProbeName, label: string): Ceiling {
  const ceiling = ceilings.ceilings[probe];
  if (ceiling === undefined) {
    const reason = ceilings.unavailable.find((entry) => entry.probe === probe)?.reason ?? "it was not measured";
    throw new RangeError(`roofline: ${label} is held to the ${probe} ceiling, which is not available: ${reason}`);
  }
  return ceiling;
}

/** Places one point: the lower of its memory roof and its compute ceiling binds. */
export function placePoint(point: RooflinePoint, ceilings: MachineCeilings): Placement {
  if (!(point.intensity > 0) || !Number.isFinite(point.intensity)) {
    throw new RangeError(`roofline: ${point.label} needs a positive intensity (flop per byte), got ${point.intensity}`);
  }
  const threads = point.threads ?? 1;
  const memoryRoof = ceilingRate(requireCeiling(ceilings, MEMORY_PROBE, point.label), threads) * point.intensity;
  const above = COMPUTE_PROBES.filter((probe) => {
    const ceiling = ceilings.ceilings[probe];
    return ceiling !== undefined && point.gflops.median > ceilingRate(ceiling, threads);
  });
  if (point.compute === undefined) return { point, memoryRoof, computeRoof: undefined, binding: undefined, fraction: undefined, above };
  const computeRoof = ceilingRate(requireCeiling(ceilings, point.compute, point.label), threads);
  const binding = memoryRoof < computeRoof ? "memory" : point.compute;
  return { point, memoryRoof, computeRoof, binding, fraction: point.gflops.median / Math.min(memoryRoof, computeRoof), above };
}
