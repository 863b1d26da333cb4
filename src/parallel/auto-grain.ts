import { postProbe } from "./dispatch";
import type { Dispatch } from "./options";
import { pool } from "./pool";
import { fail, type RunState } from "./run-state";

/** Auto grain keeps per-task overhead under this share of a chunk's work. */
const AUTO_OVERHEAD_SHARE = 0.05;

/**
 * Auto grain: runs the first rows as a probe to measure the work per row (worker.ts
 * probeUnits: timed blocks, the first one cold, so at most an eighth of a worker's
 * share of the rows and usually a few), then aims at
 * 4 chunks per worker (enough for the last chunks to even out the load, and the row
 * blocks the cache-blocked kernels need: one row per call runs `blocked` ~2.6× slower
 * than its serial self, measured at n = 1000). If the per-task cost would then exceed
 * AUTO_OVERHEAD_SHARE of a chunk's work, chunks grow until it does not (at most one
 * per worker). Under message dispatch the calling thread sends tasks one after
 * another, so P workers need chunks P times larger.
 */
export async function pickGrain(state: RunState, dispatch: Dispatch, workers: number): Promise<{ rowsPerChunk: number; reason: string }> {
  const spec = state.spec;
  const maxProbeRows = Math.max(1, Math.floor((spec.end - spec.start) / (8 * workers)));
  const probe = await postProbe(state, spec, maxProbeRows).catch((error: unknown) => {
    fail(state, error);
    return undefined;
  });
  spec.start += probe?.units ?? 0;
  const rows = spec.end - spec.start;
  const rowUs = Math.max(probe?.unitUs ?? 1, 0.01);
  const stats = pool.stats();
  const taskUs = dispatch === "message" ? (stats.perTaskCostUs ?? 100) : (stats.claimCostUs ?? 0.02);
  const contenders = dispatch === "message" ? workers : 1;
  const balanced = Math.max(1, Math.ceil(rows / (4 * workers)));
  const cheapEnough = Math.ceil((contenders * taskUs) / (AUTO_OVERHEAD_SHARE * rowUs));
  const rowsPerChunk = Math.max(1, Math.min(Math.max(balanced, cheapEnough), Math.ceil(rows / workers)));
  const reason =
    `${dispatch} dispatch costs ${taskUs.toFixed(2)} µs per task, a row ${rowUs.toFixed(1)} µs of work: ` +
    (cheapEnough > balanced
      ? `rows:${rowsPerChunk} keeps the task cost ≤ ${AUTO_OVERHEAD_SHARE * 100}% of a chunk`
      : `rows:${rowsPerChunk} gives 4 chunks per worker with task cost ≤ ${AUTO_OVERHEAD_SHARE * 100}%`);
  return { rowsPerChunk, reason };
}
