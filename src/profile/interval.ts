/**
 * V8's sampling interval when none is given, µs: 1000, as `node --cpu-prof` uses. On this
 * 2-core machine a 100 µs interval slowed a blocked matmul by about half, 1000 µs by a
 * few percent beyond the profiler's fixed start-and-stop cost (bench/profiler-overhead.ts).
 */
export const defaultIntervalUs = 1000;
