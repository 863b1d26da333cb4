/**
 * `npm run bench:matmul`: GFLOP/s (2n³/t) of every matmul kernel, and, where Debian's
 * python3-numpy / python3-numba are installed, numpy's A @ B on one OpenBLAS thread and
 * Numba's serial ijk on the same machine, printed as ratios.
 *
 * Each figure is the median of --runs runs (default 5) after untimed warm-up runs
 * (>= 0.3 s or 10 runs) at the same size; medians keep the figures usable on a shared, noisy machine. The
 * time is a whole `matmul(A, B, { kernel, out: C })` call, the kernel's preparation
 * (dot's transpose, wasm's packing, mathjs's number[][] conversion) included; C is
 * allocated once per size (numpy's allocator likewise reuses pages), and what a fresh
 * C costs is printed on its own.
 *
 * `npm run bench:matmul` starts Node with --experimental-wasm-relaxed-simd (default from
 * Node 22) so the wasm row is the FMA build; the plain SIMD build is shown as wasm:simd.
 *
 * After the table, the wasm kernel's rate as a fraction of the machine's measured f64x2
 * multiply-add ceiling, on one thread and on two workers (bench/ceiling-ratio.ts), at
 * n = 1000 (or the largest size), with its own interleaved rounds.
 *
 * Options: --sizes 250,500,1000  --runs 5  --kernels naive,sum,...  --mathjs-sizes 250,500
 *          --no-python  --json FILE (write the raw results as well)
 *          --ceiling-rounds 7  --no-ceiling
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  KERNEL_NAMES, type KernelName, type MatmulKernel, Matrix, type WasmVariant, createWasmKernel, isKernelName,
  kernels, multiplyWith, variantSupported,
} from "../src/matmul";
import { median } from "../src/timing/median";
import { printCeilingRatios } from "./ceiling-ratio";

interface Options {
  sizes: number[];
  runs: number;
  kernels: KernelName[];
  mathjsSizes: number[];
  python: boolean;
  ceilingRounds: number;
  json?: string;
}

interface Measurement {
  impl: string;
  n: number;
  medianSeconds: number;
  runs: number[];
  /** Set when the figure is extrapolated from a smaller size. */
  extrapolatedFrom?: number;
}

const PYTHON = "/usr/bin/python3";
const WARM_UP_SECONDS = 0.3;
const WARM_UP_MAX_RUNS = 10;
const PYTHON_SCRIPT = path.resolve(__dirname, "..", "..", "bench", "python", "matmul_bench.py");

function parseList(value: string | undefined, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  const list = value.split(",").map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`bad size list: ${value}`);
  return list;
}

function parseOptions(argv: string[]): Options {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const names = (get("--kernels") ?? KERNEL_NAMES.join(",")).split(",");
  const unknown = names.filter((name) => !isKernelName(name));
  if (unknown.length > 0) throw new Error(`unknown kernels: ${unknown.join(", ")}`);
  const runs = Number(get("--runs") ?? 5);
  const ceilingRounds = argv.includes("--no-ceiling") ? 0 : Number(get("--ceiling-rounds") ?? 7);
  if (!Number.isInteger(ceilingRounds) || ceilingRounds < 0) throw new Error("--ceiling-rounds must be a non-negative integer");
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive integer");
  return {
    sizes: parseList(get("--sizes"), [250, 500, 1000]),
    runs,
    kernels: names as KernelName[],
    mathjsSizes: parseList(get("--mathjs-sizes"), [250, 500]),
    python: !argv.includes("--no-python"),
    ceilingRounds,
    json: get("--json"),
  };
}


const gflops = (n: number, seconds: number): number => (2 * n ** 3) / seconds / 1e9;


/** A row of the table: a registry kernel, or another wasm build as "wasm:<variant>". */
interface Contender {
  label: string;
  kernel: MatmulKernel<any>;
}

function contenders(names: KernelName[]): Contender[] {
  const list: Contender[] = [];
  for (const name of names) {
    list.push({ label: name, kernel: kernels[name] });
    if (name !== "wasm") continue;
    // The registry runs the best build; show the plain SIMD build too when it is not that one.
    const chosen = (kernels.wasm as { variant?: WasmVariant }).variant;
    if (chosen !== "simd" && variantSupported("simd")) list.push({ label: "wasm:simd", kernel: createWasmKernel("simd") });
  }
  return list;
}

function measureKernel(contender: Contender, n: number, runs: number): Measurement {
  const { label, kernel } = contender;
  const a = Matrix.rand(n, n, { seed: 1 });
  const b = Matrix.rand(n, n, { seed: 2 });
  // C is allocated once per size and reused through `out`, as numpy's allocator reuses
  // freed pages for A @ B; a fresh C's page faults are reported separately.
  const out = Matrix.zeros(n, n);
  // Warm-up: JIT tiers, wasm compilation, page faults. V8 tiers wasm up from Liftoff in
  // a background thread, which a loaded 2-core machine may run late: keep warming for
  // WARM_UP_SECONDS (at most WARM_UP_MAX_RUNS runs).
  const warmUpStart = process.hrtime.bigint();
  for (let w = 0; w < WARM_UP_MAX_RUNS; w++) {
    multiplyWith(kernel, a, b, out);
    if (Number(process.hrtime.bigint() - warmUpStart) / 1e9 >= WARM_UP_SECONDS) break;
  }
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    multiplyWith(kernel, a, b, out); // = matmul(a, b, { kernel: name, out })
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { impl: label, n, medianSeconds: median(times), runs: times };
}

/**
 * mathjs is slow enough (seconds to tens of seconds at n = 1000) to measure only at
 * --mathjs-sizes and extrapolate larger n with the time's growth between the two
 * largest measured sizes, t ∝ n^e with e >= 3 (it rises once the operands leave the
 * cache), so the extrapolated GFLOP/s is never better than the last measured one.
 */
function measureMathjs(options: Options): Measurement[] {
  const mathjs = { label: "mathjs", kernel: kernels.mathjs };
  const measured = options.mathjsSizes.map((n) => measureKernel(mathjs, n, options.runs));
  const last = measured[measured.length - 1]!;
  const previous = measured.length > 1 ? measured[measured.length - 2]! : undefined;
  const growth = previous === undefined
    ? 3
    : Math.max(3, Math.log(last.medianSeconds / previous.medianSeconds) / Math.log(last.n / previous.n));
  const extrapolated = options.sizes
    .filter((n) => n > last.n)
    .map((n) => ({ impl: "mathjs", n, medianSeconds: last.medianSeconds * (n / last.n) ** growth, runs: [], extrapolatedFrom: last.n }));
  return [...measured, ...extrapolated];
}

/** What a fresh n×n C costs to allocate and touch once (page faults), in ms per MiB. */
function freshMemoryCost(n: number): string {
  const start = process.hrtime.bigint();
  Matrix.zeros(n, n).data.fill(1);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const mib = (n * n * 8) / 2 ** 20;
  return `fresh ${n}×${n} C (allocate + first touch): ${ms.toFixed(1)} ms = ${(ms / mib).toFixed(2)} ms/MiB (not in the figures: C is reused via out)`;
}

function describeMachine(): string[] {
  let cpu = os.cpus()[0]?.model ?? "unknown CPU";
  let flags = "";
  try {
    const info = fs.readFileSync("/proc/cpuinfo", "utf8");
    cpu = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? cpu;
    const family = /^cpu family\s*:\s*(\d+)/m.exec(info)?.[1];
    const model = /^model\s*:\s*(\d+)/m.exec(info)?.[1];
    const flagList = /^flags\s*:\s*(.*)$/m.exec(info)?.[1]?.split(" ") ?? [];
    const simd = ["avx2", "fma", "avx512f"].filter((f) => flagList.includes(f));
    flags = ` (family ${family} model ${model}; ${simd.join(", ") || "no AVX"})`;
  } catch {
    // not Linux: os.cpus() is enough
  }
  return [
    `CPU: ${cpu}${flags}, ${os.availableParallelism()} logical cores`,
    `Node ${process.version}, V8 ${process.versions.v8}, wasm kernel: ${kernels.wasm.description}`,
    `load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (a shared machine makes medians the figure to read)`,
  ];
}

interface PythonReport {
  lines: string[];
  measurements: Measurement[];
}

/** Runs bench/python/matmul_bench.py with one OpenBLAS thread and its own CPU detection. */
function runPython(options: Options): PythonReport {
  const probe = spawnSync(PYTHON, ["-c", "import numpy, numba"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) {
    return { lines: [`Python comparison skipped: ${PYTHON} lacks numpy/numba (${(probe.stderr ?? String(probe.error)).trim().split("\n").pop()})`], measurements: [] };
  }
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1" };
  // This machine's environment pins OpenBLAS to a core type and L2 size that are not
  // the CPU's; unset here so OpenBLAS detects the real CPU (threadpoolctl reports it).
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const result = spawnSync(
    PYTHON,
    [PYTHON_SCRIPT, "--sizes", options.sizes.join(","), "--runs", String(options.runs)],
    { encoding: "utf8", env, maxBuffer: 16 << 20 },
  );
  if (result.status !== 0) {
    return { lines: [`Python comparison failed: ${result.stderr.trim().split("\n").pop()}`], measurements: [] };
  }
  const report = JSON.parse(result.stdout) as {
    numpy: string; numba: string | null; python: string;
    blas: Array<{ internal_api: string; version: string; architecture?: string; num_threads: number }> | null;
    results: Array<{ impl: string; n: number; median_s: number; runs: number[] }>;
  };
  const blas = (report.blas ?? []).map((b) => `${b.internal_api} ${b.version}, kernel ${b.architecture ?? "?"}, ${b.num_threads} thread(s)`);
  return {
    lines: [`Python ${report.python}, numpy ${report.numpy}, numba ${report.numba}; BLAS: ${blas.join("; ") || "unknown"}`],
    measurements: report.results.map((r) => ({ impl: r.impl, n: r.n, medianSeconds: r.median_s, runs: r.runs })),
  };
}

function pad(text: string, width: number, left = false): string {
  return left ? text.padEnd(width) : text.padStart(width);
}

function printTable(sizes: number[], rows: string[], all: Measurement[]): void {
  const find = (impl: string, n: number) => all.find((m) => m.impl === impl && m.n === n);
  console.log(`\nGFLOP/s (2n³/t), median of runs; * = extrapolated from the largest measured n (time ∝ n^e, e >= 3)`);
  console.log(pad("kernel", 12, true) + sizes.map((n) => pad(`n=${n}`, 12)).join(""));
  for (const impl of rows) {
    const cells = sizes.map((n) => {
      const m = find(impl, n);
      if (m === undefined) return pad("—", 12);
      const star = m.extrapolatedFrom !== undefined ? "*" : " ";
      const rate = gflops(n, m.medianSeconds);
      return pad(rate.toFixed(rate < 1 ? 3 : 2) + star, 12);
    });
    console.log(pad(impl, 12, true) + cells.join(""));
  }
}

function printRatios(sizes: number[], kernelNames: string[], all: Measurement[]): void {
  const rate = (impl: string, n: number): number | undefined => {
    const m = all.find((x) => x.impl === impl && x.n === n);
    return m === undefined ? undefined : gflops(n, m.medianSeconds);
  };
  const lines: string[] = [];
  for (const n of sizes) {
    const numpy = rate("numpy", n);
    const numba = rate("numba-ijk", n);
    const best = kernelNames
      .filter((k) => k !== "mathjs")
      .map((k) => ({ k, g: rate(k, n) }))
      .filter((x): x is { k: string; g: number } => x.g !== undefined)
      .sort((x, y) => y.g - x.g)[0];
    const naive = rate("naive", n);
    if (best !== undefined && numpy !== undefined) {
      lines.push(`n=${n}: best kernel ${best.k} ${best.g.toFixed(2)} GFLOP/s = ${((100 * best.g) / numpy).toFixed(1)}% of numpy/OpenBLAS 1-thread (${numpy.toFixed(2)})`);
    }
    if (naive !== undefined && numba !== undefined) {
      lines.push(`n=${n}: naive ${naive.toFixed(2)} GFLOP/s = ${(naive / numba).toFixed(2)}× Numba serial ijk (${numba.toFixed(2)})`);
    }
  }
  if (lines.length > 0) console.log("\nRatios\n" + lines.join("\n"));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  for (const line of describeMachine()) console.log(line);
  console.log(`runs per figure: ${options.runs} after >= 0.3 s of warm-up; time = matmul(A, B, { kernel, out: C }) incl. preparation (transpose/packing/conversion)`);
  console.log(freshMemoryCost(Math.max(...options.sizes)));
  const all: Measurement[] = [];
  const rows: string[] = [];
  const pythonRows: string[] = [];
  for (const contender of contenders(options.kernels)) {
    if (contender.label === "mathjs") {
      all.push(...measureMathjs(options));
    } else {
      for (const n of options.sizes) all.push(measureKernel(contender, n, options.runs));
    }
    rows.push(contender.label);
    process.stdout.write(`  measured ${contender.label}\n`);
  }
  if (options.python) {
    const python = runPython(options);
    for (const line of python.lines) console.log(line);
    all.push(...python.measurements);
    pythonRows.push(...new Set(python.measurements.map((m) => m.impl)));
  }
  const sizes = [...new Set([...options.sizes, ...(options.kernels.includes("mathjs") ? options.mathjsSizes : [])])].sort((x, y) => x - y);
  printTable(sizes, [...rows, ...pythonRows], all);
  printRatios(options.sizes, rows, all);
  if (options.ceilingRounds > 0 && options.kernels.includes("wasm")) {
    const n = options.sizes.includes(1000) ? 1000 : Math.max(...options.sizes);
    await printCeilingRatios(n, options.ceilingRounds);
  }
  if (options.json !== undefined) fs.writeFileSync(options.json, JSON.stringify({ machine: describeMachine(), results: all }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
