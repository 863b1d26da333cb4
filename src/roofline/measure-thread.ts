import type { ProbeName, ProbeRunner } from "./probe";

/**
 * Untimed calls before the first measurement: V8 compiles wasm with Liftoff first and
 * JavaScript with its baseline tiers, and swaps in optimized code in the background,
 * which a loaded machine may finish late. Warm up for at least this long.
 */
const WARM_UP_SECONDS = 0.2;

function timeRun(runner: ProbeRunner, probe: ProbeName, units: number): number {
  const start = process.hrtime.bigint();
  const result = runner.run(units);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result !== runner.expected(units)) {
    throw new Error(`the ${probe} probe computed ${result} over ${units} units, expected ${runner.expected(units)}: its measurement would not be of the work it claims`);
  }
  return seconds;
}

/** Units that make one run last about `seconds`, found while warming up. */
function calibrate(runner: ProbeRunner, probe: ProbeName, seconds: number): number {
  let units = 1;
  let elapsed = 0;
  for (;;) {
    const t = timeRun(runner, probe, units);
    elapsed += t;
    if (t >= seconds / 4 && elapsed >= WARM_UP_SECONDS) return Math.max(1, Math.ceil((units * seconds) / t));
    if (t < seconds / 4) units *= 2;
  }
}

/**
 * The probe's rate (flop or bytes per second, in units of 1e9) in each of `runs` runs of
 * at least `seconds`. `together` is called before calibration ends and before every run:
 * the all-cores measurement passes a barrier there so all threads run at once.
 */
export function measureOnThread(
  runner: ProbeRunner, probe: ProbeName, runs: number, seconds: number, together: () => void,
): number[] {
  const units = calibrate(runner, probe, seconds);
  together();
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    together();
    rates.push(runner.amount(units) / timeRun(runner, probe, units) / 1e9);
  }
  return rates;
}
