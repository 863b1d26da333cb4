import type { Timeline } from "./timeline";

/** µs with three significant digits, or ms above 10 ms. */
export function formatMicroseconds(us: number): string {
  return us >= 10_000 ? `${(us / 1000).toFixed(1)} ms` : `${Number(us.toPrecision(3))} µs`;
}

/**
 * The text/plain form of a timeline: what ran, its lanes, how many chunks over how long,
 * a chunk's median length, and the median gap between a worker's chunks where the run
 * recorded it (it says why not where it did not).
 */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

export function timelineSummary(timeline: Timeline): string {
  const stats = timeline.stats();
  const lines = [
    `Task timeline of ${timeline.label}: ${count(timeline.lanes.length, "lane")} (${timeline.lanes.map((lane) => lane.name).join(", ")}), ` +
      `${count(stats.chunks, "chunk")} over ${formatMicroseconds(stats.spanUs)} (run wall time ${formatMicroseconds(timeline.wallUs)}), ` +
      `${count(timeline.sends.length, "task")} sent by the calling thread.`,
  ];
  if (stats.chunks === 0) return lines.join("\n");
  const chunk = `A chunk took ${formatMicroseconds(stats.medianChunkUs)} (median)`;
  if (stats.medianGapUs !== undefined) {
    lines.push(`${chunk}; consecutive chunks on a worker were ${formatMicroseconds(stats.medianGapUs)} apart (median of ${stats.gaps} gaps); the workers were inside chunks ${(stats.busyShare * 100).toFixed(0)}% of the time between the first chunk's start and the last one's end.`);
  } else if (timeline.clock === "one read per chunk") {
    lines.push(`${chunk}, its claim included: shared dispatch reads the clock once per chunk, so a worker's chunks follow one another with no recorded gap.`);
  } else {
    lines.push(`${chunk}.`);
  }
  return lines.join("\n");
}
