import { currentCell } from "../cell/context";
import { display } from "../display/display";
import type { KernelName } from "../matmul/kernel";
import { measureCeilings } from "./ceilings";
import { measureKernelPoint } from "./kernel-points";
import type { RooflinePoint } from "./placement";
import { roofline, type Roofline } from "./roofline";

/** The flags of one %roofline, as the magic layer parsed and checked them. */
export interface MagicRooflineFlags {
  refresh: boolean;
  /** Least duration of one ceiling probe run, seconds; absent, measureCeilings' default. */
  probeSeconds?: number;
  kernels: KernelName[];
  n: number;
  runs: number;
  quiet: boolean;
}

/**
 * The runtime half of %roofline, called as `$tsp.$magicRoofline(flags)`: the ceilings
 * (cached for the kernel's life unless refreshed), then each kernel timed serially at n,
 * one after the other, and placed. Shows the ceilings table alone, or the placement
 * table and the chart, unless quiet. An interrupt stops it between kernels.
 */
export async function $magicRoofline(flags: MagicRooflineFlags): Promise<Roofline> {
  const ceilings = await measureCeilings({ refresh: flags.refresh, ...(flags.probeSeconds === undefined ? {} : { seconds: flags.probeSeconds }) });
  const signal = currentCell()?.signal;
  const points: RooflinePoint[] = [];
  for (const name of flags.kernels) {
    signal?.throwIfAborted();
    points.push(measureKernelPoint(name, flags.n, flags.runs));
    // Let an interrupt request through between kernels.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const result = roofline(points, ceilings);
  if (!flags.quiet) {
    if (points.length === 0) display(result.ceilingsTable());
    else {
      display(result.table());
      display(result.chart());
    }
  }
  return result;
}
