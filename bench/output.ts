/**
 * Printed output at volume: this kernel against ipykernel, one print loop at a time, in one run.
 *
 *   npm run build && npm run bench:output [-- --runs N]
 *
 * Each probe (bench/python/print_flood.py, driven by jupyter_client as a notebook
 * is) starts a kernel, runs a cell that prints LINES lines, then a trivial cell.
 * Figures per kernel and size, median of N launches with min–max: seconds from
 * the request to the cell's idle status, the share of the printed bytes that
 * reached the client, stream messages, the kernel's peak resident memory, and the
 * next cell's round trip. The kernels alternate run by run so that a slow minute
 * on a shared machine hits both alike.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { cpuFacts } from "../src/environment/cpu";
import { median } from "../src/timing/median";

const root = resolve(__dirname, "..", "..");
const PYTHON = process.env.TSPARALLEL_PYTHON ?? "/usr/bin/python3";
const PROBE = join(root, "bench", "python", "print_flood.py");
/** A probe that has not gone idle by then counts as "no idle", as a user would give up. */
const LIMIT_S = 120;

const sizes = [
  { label: "100,000 lines × 11 chars (1.1 MB)", lines: 100_000, chars: 11 },
  { label: "300,000 lines × 100 chars (30 MB)", lines: 300_000, chars: 100 },
];

interface Probe {
  seconds: number | null;
  idle_seen: boolean;
  delivered_bytes: number;
  produced_bytes: number;
  messages: number;
  peak_mb: number;
  next_cell_s: number;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}

function probe(kernel: string, lines: number, chars: number, jupyterPath: string): Probe {
  const run = spawnSync(PYTHON, [PROBE, kernel, String(lines), String(chars), String(LIMIT_S)], {
    encoding: "utf8",
    env: { ...process.env, JUPYTER_PATH: jupyterPath },
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`${kernel}: ${(run.stderr || String(run.error)).trim().split("\n").pop()}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as Probe;
}

function spread(values: readonly number[], digits: number): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "—";
  const m = median(finite).toFixed(digits);
  return finite.length === 1 ? m : `${m} (${Math.min(...finite).toFixed(digits)}–${Math.max(...finite).toFixed(digits)})`;
}

function hasIpykernel(): boolean {
  return spawnSync(PYTHON, ["-c", "import ipykernel, jupyter_client"], { stdio: "ignore" }).status === 0;
}

function main(): void {
  const runs = option("runs", 3);
  const cpu = cpuFacts();
  console.log(`machine: ${cpu.model}, ${os.availableParallelism()} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}`);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`median of ${runs} launches per kernel and size (min–max), kernels alternating; a probe gives up after ${LIMIT_S} s\n`);

  const prefix = mkdtempSync(join(os.tmpdir(), "tsparallel-bench-output-"));
  try {
    execFileSync(process.execPath, [join(root, "dist", "src", "cli.js"), "install", "--prefix", prefix], { stdio: "ignore" });
    const jupyterPath = join(prefix, "share", "jupyter");
    const kernels = hasIpykernel() ? ["tsparallel", "python3"] : ["tsparallel"];
    if (kernels.length === 1) console.log(`ipykernel not found for ${PYTHON}: this kernel alone\n`);
    for (const size of sizes) {
      const results = new Map<string, Probe[]>(kernels.map((k) => [k, []]));
      for (let run = 0; run < runs; run++) {
        for (const kernel of kernels) results.get(kernel)!.push(probe(kernel, size.lines, size.chars, jupyterPath));
      }
      console.log(size.label);
      console.log(`${"kernel".padEnd(12)}${"to idle s".padStart(22)}${"delivered".padStart(12)}${"messages".padStart(20)}${"peak MB".padStart(22)}${"next cell s".padStart(24)}`);
      for (const kernel of kernels) {
        const probes = results.get(kernel)!;
        const idle = probes.filter((p) => p.idle_seen).length;
        const delivered = median(probes.map((p) => p.delivered_bytes / p.produced_bytes));
        console.log(
          `${(kernel === "python3" ? "ipykernel" : kernel).padEnd(12)}` +
            `${(idle === probes.length ? spread(probes.map((p) => p.seconds!), 2) : `no idle in ${probes.length - idle}/${probes.length}`).padStart(22)}` +
            `${`${(delivered * 100).toFixed(1)} %`.padStart(12)}` +
            `${spread(probes.map((p) => p.messages), 0).padStart(20)}` +
            `${spread(probes.map((p) => p.peak_mb), 0).padStart(22)}` +
            `${spread(probes.map((p) => p.next_cell_s), 3).padStart(24)}`,
        );
      }
      if (kernels.length === 2) {
        const ratio = (key: "seconds" | "peak_mb") =>
          median(results.get("tsparallel")!.map((p) => p[key] ?? NaN)) / median(results.get("python3")!.map((p) => p[key] ?? NaN));
        console.log(`tsparallel / ipykernel: time to idle ${ratio("seconds").toFixed(2)}×, peak memory ${ratio("peak_mb").toFixed(2)}×`);
      }
      console.log("");
    }
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
}

main();
