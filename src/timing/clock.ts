/**
 * The clocks %timeit can read, in seconds. A clock is a plain function so tests can inject
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
