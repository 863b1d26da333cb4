/**
 * %timeit's floor and accuracy, with IPython's %timeit floor measured in the same run.
 *
 *   npm run build && npm run bench:timeit
 *
 * floor: `%timeit ;` (an empty statement) and `%timeit f()` (a trivial call) through the
 *        magic layer and the real executor: the time per loop the measurement itself costs.
 *        Goal: <= 10 ns per loop.
 * accuracy: a busy-wait calibrated to 1 ms and 10 ms (arithmetic, not clock polling, so
 *        timeit's clock is not what sets its length), timed by `%timeit -n N -r 7` in a
 *        cell and, outside the kernel, by this script calling the same compiled function
 *        in a plain loop between two hrtime readings. Goal: within +-2%.
 * IPython: `%timeit -o -q pass` with Debian's IPython (/usr/bin/python3), when installed.
 *
 * The machine is shared: run it on a quiet machine for figures to quote.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import * as path from "node:path";
import { createExecutor } from "../src/execution";
import type { Executor, OutputSink } from "../src/execution/types";
import { createMagicExecutor } from "../src/magics";

const quietSink: OutputSink = { stream() {}, display() {}, clearOutput() {} };

async function value(executor: Executor, code: string): Promise<string> {
  const outcome = await executor.execute(code, quietSink);
  if (outcome.status !== "ok") throw new Error(`${code}: ${outcome.ename}: ${outcome.evalue}`);
  return String(outcome.result?.data["text/plain"] ?? "");
}

const spinSource = `
function spin(iterations: number): number {
  let x = 1;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0;
  return x;
}
(globalThis as any).spin = spin;`;

type Spin = (iterations: number) => number;

/** Seconds per call of `spin(iterations)`, timed by this script: `calls` calls between two hrtime readings. */
function outsideSeconds(spin: Spin, iterations: number, calls: number): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink += spin(iterations);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink === -1) console.log(sink);
  return elapsed / calls;
}

/** Rounds of (inside, outside), alternating so a load change on a shared machine hits both. */
const roundCount = 5;

interface Stats {
  best: number;
  mean: number;
}

function median<T>(items: T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
}

function calibrate(spin: Spin, targetSeconds: number): number {
  outsideSeconds(spin, 1e6, 20); // warm up and let V8 optimise
  const perIteration = outsideSeconds(spin, 1e6, 20) / 1e6;
  return Math.round(targetSeconds / perIteration);
}

function ipythonFloor(): string {
  try {
    const script =
      "from IPython.core.interactiveshell import InteractiveShell\n" +
      "ip = InteractiveShell.instance()\n" +
      "r = ip.run_line_magic('timeit', '-o -q pass')\n" +
      "print(r.average * 1e9, r.stdev * 1e9, r.loops, str(r))";
    const out = execFileSync("/usr/bin/python3", ["-c", script], { encoding: "utf8", timeout: 120_000 }).trim();
    const [mean, std, loops, ...line] = out.split(" ");
    return `${Number(mean).toFixed(2)} ns per loop (± ${Number(std).toFixed(2)} ns, ${loops} loops; IPython prints "${line.join(" ")}")`;
  } catch (error) {
    return `not measured (${(error as Error).message.split("\n")[0]})`;
  }
}

async function main(): Promise<void> {
  const cwd = mkdtempSync(path.join(tmpdir(), "tsparallel-bench-timeit-"));
  const executor = createMagicExecutor(createExecutor({ cwd }));
  try {
    console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"})`);
    await value(executor, "function f(): number { return 1; }\n" + spinSource);

    const emptyNs = Number(await value(executor, "const floorEmpty = %timeit -o -q ;\nfloorEmpty.average * 1e9"));
    const emptyLine = await value(executor, "String(floorEmpty)");
    const callNs = Number(await value(executor, "const floorCall = %timeit -o -q f()\nfloorCall.average * 1e9"));
    console.log(`floor, %timeit ;      ${emptyNs.toFixed(2)} ns per loop  (${emptyLine})  goal <= 10 ns: ${emptyNs <= 10 ? "met" : "NOT met"}`);
    console.log(`floor, %timeit f()    ${callNs.toFixed(2)} ns per loop`);

    const spin = (globalThis as unknown as { spin: Spin }).spin;
    for (const targetMs of [1, 10]) {
      const iterations = calibrate(spin, targetMs / 1000);
      const loops = targetMs === 1 ? 50 : 10;
      const rounds: Array<{ inside: Stats; outside: Stats }> = [];
      for (let round = 0; round < roundCount; round++) {
        const inside = JSON.parse(
          await value(executor, `const accuracy = %timeit -o -q -n ${loops} -r 7 spin(${iterations})\nJSON.stringify({ best: accuracy.best, mean: accuracy.average })`).then((text) => text.slice(1, -1)),
        ) as Stats;
        const batches = Array.from({ length: 7 }, () => outsideSeconds(spin, iterations, loops));
        rounds.push({ inside, outside: { best: Math.min(...batches), mean: batches.reduce((a, b) => a + b, 0) / batches.length } });
      }
      for (const key of ["mean", "best"] as const) {
        const { inside, outside } = median(rounds, (r) => r.inside[key] / r.outside[key]);
        const error = (inside[key] / outside[key] - 1) * 100;
        console.log(
          `accuracy ${String(targetMs).padStart(2)} ms busy-wait (${key}): %timeit ${(inside[key] * 1e3).toFixed(4)} ms, outside ${(outside[key] * 1e3).toFixed(4)} ms, ` +
            `difference ${error >= 0 ? "+" : ""}${error.toFixed(2)}% (median of ${roundCount} rounds)  goal within 2%: ${Math.abs(error) <= 2 ? "met" : "NOT met"}`,
        );
      }
    }
    console.log(`IPython %timeit pass: ${ipythonFloor()}`);
  } finally {
    await executor.dispose();
    rmSync(cwd, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
