/**
 * V8's sampling interval when none is given, µs: 1000, as `node --cpu-prof` uses. On this
 * 2-core machine, under load, five blocked matmuls at n = 300 took 1.21x as long profiled at
 * 1000 µs and 1.72x at 100 µs (medians of 21 interleaved rounds, bench/profiler-overhead.ts);
 * at 1000 µs that is almost all the fixed cost of a profile (25 ms, most of it V8 walking the
 * heap in Profiler.start), the statement itself running 1.03x its unprofiled time.
 */
export const defaultIntervalUs = 1000;
