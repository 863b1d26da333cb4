/**
 * The clocks tsparallel reads: %timeit's, in seconds, and the parallel runtime's, in
 * microseconds, shared by every thread of the process.
 */

/**
 * A clock %timeit can read, in seconds. A clock is a plain function so tests can inject
 * a fake one and the timed loop can call it without a method lookup.
 */
export type Clock = () => number;

export type ClockKind = "wall" | "cpu";

const origin = process.hrtime.bigint();

/**
 * Wall time from the monotonic high-resolution clock (IPython's default,
 * time.perf_counter). Measured from the module's load so the nanosecond count stays far
 * below 2^53 and converts to a double without losing nanoseconds.
 */
export const wallClock: Clock = () => Number(process.hrtime.bigint() - origin) / 1e9;

/**
 * CPU time of this process, user + system (IPython's -c on Unix: resource.getrusage).
 * process.cpuUsage counts every thread of the process, worker threads included, and
 * ticks in microseconds.
 */
export const cpuClock: Clock = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

export function clockOf(kind: ClockKind): Clock {
  return kind === "cpu" ? cpuClock : wallClock;
}

/**
 * The parallel runtime's clock: one monotonic clock, in microseconds, that every thread of the process reads alike.
 *
 * `performance.timeOrigin + performance.now()` differs between a worker and the main
 * thread by ~20 µs on this machine (measured), which would smear per-worker traces.
 * `process.hrtime` is process-wide (CLOCK_MONOTONIC) but costs ~85 ns a call against
 * ~65 ns for `performance.now()`, so each thread measures once how far its
 * `performance.now()` sits from hrtime and then reads the cheap clock.
 */
function hrtimeMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function measureOffsetMs(): number {
  let best = Infinity;
  let offset = 0;
  for (let k = 0; k < 9; k++) {
    const before = performance.now();
    const hr = hrtimeMs();
    const after = performance.now();
    if (after - before < best) {
      best = after - before;
      offset = hr - (before + after) / 2;
    }
  }
  return offset;
}

const offsetMs = measureOffsetMs();

/** Microseconds on the process-wide monotonic clock. */
export function nowUs(): number {
  return (performance.now() + offsetMs) * 1000;
}
