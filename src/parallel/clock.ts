/**
 * One monotonic clock, in microseconds, that every thread of the process reads alike.
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
