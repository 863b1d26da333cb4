import { median } from "../timing/median";
import type { Timeline } from "./timeline";

export interface TimelineStats {
  chunks: number;
  /** Lanes with at least one chunk. */
  busyLanes: number;
  /** From the run's start to the last chunk's end, µs. */
  spanUs: number;
  /** Median chunk duration, µs. */
  medianChunkUs: number;
  /**
   * Median gap between the end of a chunk and the start of the next one on the same
   * worker, µs; undefined when the run recorded one clock read per chunk (shared
   * dispatch: there a chunk starts where the previous one ended, by construction).
   */
  medianGapUs: number | undefined;
  /** Gaps measured (consecutive chunk pairs on a worker). */
  gaps: number;
  /** Time the workers spent inside chunks, as a share of the lanes' time from the first chunk's start to the last chunk's end. */
  busyShare: number;
}

export function timelineStats(timeline: Timeline): TimelineStats {
  const byLane = new Map<number, { startUs: number; endUs: number }[]>();
  for (const chunk of timeline.chunks) {
    const list = byLane.get(chunk.lane) ?? [];
    list.push(chunk);
    byLane.set(chunk.lane, list);
  }
  const gaps: number[] = [];
  let busyUs = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const list of byLane.values()) {
    list.sort((a, b) => a.startUs - b.startUs);
    for (let k = 0; k < list.length; k++) {
      busyUs += list[k]!.endUs - list[k]!.startUs;
      first = Math.min(first, list[k]!.startUs);
      last = Math.max(last, list[k]!.endUs);
      if (k > 0) gaps.push(list[k]!.startUs - list[k - 1]!.endUs);
    }
  }
  const recordsGaps = timeline.clock === "start and end";
  const laneTimeUs = byLane.size * (last - first);
  return {
    chunks: timeline.chunks.length,
    busyLanes: byLane.size,
    spanUs: timeline.chunks.length > 0 ? last : 0,
    medianChunkUs: median(timeline.chunks.map((chunk) => chunk.endUs - chunk.startUs)),
    medianGapUs: recordsGaps && gaps.length > 0 ? median(gaps) : undefined,
    gaps: recordsGaps ? gaps.length : 0,
    busyShare: laneTimeUs > 0 ? busyUs / laneTimeUs : 1,
  };
}
