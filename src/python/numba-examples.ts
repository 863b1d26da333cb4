import { spawn } from "node:child_process";
import { join } from "node:path";
import { packageRoot } from "../install/package-root";
import { spreadOf, type Spread } from "../timing/spread";
import { pythonCommand, pythonEnvironment } from "./python-command";

export interface NumbaExamplesOptions {
  /** Matrix size: the notebook's n. */
  n: number;
  /** The parallel thread count besides 1: the notebook's worker count. */
  threads: number;
  /** Timed rounds after the untimed compile-and-check call; each round runs every configuration once. */
  rounds?: number;
  /** `parallel_diagnostics(level=...)` for the text shown (1 to 4, Numba's levels). */
  diagnosticsLevel?: number;
  /** Kill the subprocess after this long. */
  timeoutMs?: number;
}

/** One of the article's functions on one thread count. */
export interface NumbaTiming {
  example: 1 | 2;
  /** `@njit` (serial) or `@njit(parallel=True)`. */
  variant: "serial" | "parallel";
  threads: number;
  seconds: Spread;
}

export interface NumbaExamplesRun {
  available: true;
  python: string;
  numpy: string;
  numba: string;
  threadingLayer: string;
  blas: { internal_api?: string; version?: string | null; architecture?: string; num_threads?: number }[] | null;
  n: number;
  rounds: number;
  timings: NumbaTiming[];
  /** `parallel_diagnostics` of each parallel function, as Numba printed it. */
  diagnostics: { example1: string; example2: string };
}

/** Why the article's code was not measured, in one line a report can print. */
export interface NumbaExamplesMissing {
  available: false;
  note: string;
}

export type NumbaExamplesResult = NumbaExamplesRun | NumbaExamplesMissing;

/** The script beside this file's source: the package ships src/python/ with dist/. */
export function numbaExamplesScript(): string {
  return join(packageRoot(), "src", "python", "numba_examples.py");
}

interface ScriptOutput {
  missing?: "numpy" | "numba";
  detail?: string;
  python: string;
  numpy: string;
  numba: string;
  threading_layer: string;
  blas: NumbaExamplesRun["blas"];
  n: number;
  rounds: number;
  results: { example: 1 | 2; variant: "serial" | "parallel"; threads: number; runs_s: number[] }[];
  diagnostics: { example1: string; example2: string };
}

/**
 * Runs the article's Example 1 and Example 2 as written, with Numba, in a Python
 * subprocess: `@njit` serially and `@njit(parallel=True)` on 1 and on `threads` threads,
 * compiled in an untimed call, then `rounds` interleaved rounds. Never throws for a
 * missing Python, NumPy or Numba: the result then carries a one-line note instead, so a
 * report shows why the column is empty rather than failing.
 */
export async function runNumbaExamples(options: NumbaExamplesOptions): Promise<NumbaExamplesResult> {
  const { n, threads } = options;
  const rounds = options.rounds ?? 5;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`runNumbaExamples: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`runNumbaExamples: threads must be a positive integer, got ${threads}`);
  const python = pythonCommand();
  const args = [numbaExamplesScript(), "--n", String(n), "--threads", String(threads), "--rounds", String(rounds),
    "--diagnostics-level", String(options.diagnosticsLevel ?? 1)];
  // Numba sizes its thread pool from NUMBA_NUM_THREADS when it starts; set_num_threads then picks 1 or `threads`.
  const env = pythonEnvironment({ NUMBA_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: "1" });
  const child = await runProcess(python, args, env, options.timeoutMs ?? 600_000);
  if (child.spawnError) return missing(`the article's Numba code was not run: ${child.spawnError} (set TSPARALLEL_PYTHON to a Python with NumPy and Numba)`);
  if (child.status !== 0) {
    const last = child.stderr.trim().split("\n").pop() ?? "";
    return missing(`the article's Numba code was not run: ${python} exited with status ${child.status}${last ? ` (${last})` : ""}`);
  }
  let output: ScriptOutput;
  try {
    output = JSON.parse(child.stdout) as ScriptOutput;
  } catch {
    return missing(`the article's Numba code was not run: ${python} printed no result`);
  }
  if (output.missing) {
    const install = output.missing === "numpy" ? "python3-numpy" : "python3-numba";
    return missing(`the article's Numba code was not run: ${python} (Python ${output.python}) has no ${output.missing === "numpy" ? "NumPy" : "Numba"} (Debian: apt install ${install})`);
  }
  return {
    available: true,
    python: output.python,
    numpy: output.numpy,
    numba: output.numba,
    threadingLayer: output.threading_layer,
    blas: output.blas,
    n: output.n,
    rounds: output.rounds,
    timings: output.results.map((r) => ({ example: r.example, variant: r.variant, threads: r.threads, seconds: spreadOf(r.runs_s) })),
    diagnostics: {
      example1: withoutScriptPath(output.diagnostics.example1),
      example2: withoutScriptPath(output.diagnostics.example2),
    },
  };
}

/**
 * Numba names the function's file by its absolute path; a published report shows the
 * script by its place in the package instead, not where this machine installed it.
 */
function withoutScriptPath(diagnostics: string): string {
  return diagnostics.split(numbaExamplesScript()).join("tsparallel/python/numba_examples.py");
}

/** The timing of one example, variant and thread count, if it was measured. */
export function numbaTiming(run: NumbaExamplesRun, example: 1 | 2, variant: "serial" | "parallel", threads = 1): NumbaTiming | undefined {
  return run.timings.find((t) => t.example === example && t.variant === variant && (variant === "serial" || t.threads === threads));
}

function missing(note: string): NumbaExamplesMissing {
  return { available: false, note };
}

interface ProcessResult {
  /** The exit status, or how the process was killed (a timeout sends SIGTERM). */
  status: number | string | null;
  stdout: string;
  stderr: string;
  spawnError?: string;
}

/**
 * Runs without blocking the kernel's event loop, so an interrupt can still reach the cell.
 * The time limit is a timer of our own, cleared however the process ends: spawn's own
 * `timeout` stays armed when the command cannot start at all (no "exit" follows the
 * ENOENT error) and would keep the kernel's event loop busy for the whole limit.
 */
function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const limit = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    const finish = (result: ProcessResult) => {
      clearTimeout(limit);
      resolve(result);
    };
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (error: NodeJS.ErrnoException) =>
      finish({ status: null, stdout, stderr, spawnError: error.code === "ENOENT" ? `no Python at ${command}` : error.message }),
    );
    child.on("close", (status, signal) => finish({ status: status ?? `killed by ${signal ?? "an unknown signal"}`, stdout, stderr }));
  });
}
