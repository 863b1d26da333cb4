import type { CpuProfile } from "./sampling";

/**
 * How long each sample stands for, in microseconds. `timeDeltas[i]` is the gap before
 * sample i, so sample i lasts until the next one (as Chrome DevTools reads it), and the
 * last one until the profile's end time.
 */
export function sampleDurationsUs(profile: CpuProfile): number[] {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let time = profile.startTime;
  const stamps = samples.map((_, index) => (time += deltas[index] ?? 0));
  return stamps.map((stamp, index) => Math.max(0, (index + 1 < stamps.length ? stamps[index + 1] : profile.endTime) - stamp));
}
