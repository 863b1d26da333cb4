/**
 * V8's sampling interval when none is given, µs: 1000, as `node --cpu-prof` uses. On this
 * 2-core machine, under load, five blocked matmuls at n = 300 (65 ms) took 1.32x as long
 * profiled at 1000 µs and 1.67x at 100 µs (medians of 21 interleaved rounds,
 * bench/profiler-overhead.ts), about 10 ms of either being the fixed start-and-stop cost.
 */
export const defaultIntervalUs = 1000;
