import { UsageError } from "../errors";
import { KERNEL_NAMES, type KernelName } from "../matmul/kernel";
import type { MagicRooflineFlags } from "../roofline/magic-runtime";
import { MIN_POINT_RUNS } from "../roofline/kernel-points";
import { magicRuntime } from "./runtime-reference";
import type { MagicDeclaration, MagicUse } from "./types";

const DEFAULT_N = 500;

/**
 * `%roofline`: this machine's ceilings, and kernels placed against them (src/roofline/).
 * Rewritten into `$tsp.$magicRoofline(flags)`; the kernel names are checked here, so a
 * misspelt one is a UsageError before anything is measured.
 */
export const rooflineMagic: MagicDeclaration = {
  name: "roofline",
  kind: "line",
  summary: "Measure this machine's ceilings and place matmul kernels against them.",
  doc: [
    "  %roofline                  measure the ceilings (once per kernel session) and show them:",
    "                             scalar JavaScript, WebAssembly SIMD f64x2 multiply-add with and",
    "                             without FMA, streaming read and copy bandwidth, on one thread",
    "                             and on all cores, each the median and range of its runs",
    "  %roofline --refresh        measure them again",
    "  %roofline -n N KERNEL...   time each kernel serially on N×N matrices (one untimed run,",
    `                             then -r runs, at least ${MIN_POINT_RUNS}) and place it: GFLOP/s at its`,
    "                             arithmetic intensity (flop per byte moved from memory, from its",
    "                             loop structure; `kernels.NAME.intensityAssumption` states how),",
    "                             against the ceiling that binds there: memory bandwidth ×",
    "                             intensity, or the compute ceiling of its code (scalar",
    "                             JavaScript; wasm: its build's f64x2 probe). A table of the",
    "                             fraction of that ceiling each reached, and a log-log chart.",
    "",
    `Kernels: ${KERNEL_NAMES.join(", ")}. \`const r = %roofline -o ...\` keeps the Roofline: pass`,
    "more points (a NumPy run, say) to `roofline([...points], r.ceilings)`. Native ceilings",
    "that Node cannot measure (AVX-512 FMA) are never drawn; a native run is placed as a point.",
  ].join("\n"),
  arguments: {
    flags: [
      { key: "size", short: "n", type: "integer", minimum: 1, metavar: "N", help: "Matrix size of the kernels' products.", defaultText: String(DEFAULT_N) },
      { key: "runs", short: "r", type: "integer", minimum: MIN_POINT_RUNS, metavar: "R", help: "Timed products per kernel.", defaultText: String(MIN_POINT_RUNS) },
      { key: "refresh", long: "refresh", type: "boolean", help: "Measure the ceilings again instead of reusing this session's." },
      { key: "probeSeconds", long: "probe-seconds", type: "number", minimum: 0.001, metavar: "S", help: "Least duration of each ceiling probe run, when they are measured.", defaultText: "0.05" },
      { key: "quiet", short: "q", type: "boolean", help: "Show nothing." },
      { key: "output", short: "o", type: "boolean", help: "Return the Roofline: `const r = %roofline -o -n 500 wasm`." },
    ],
    rest: { name: "kernels", help: "Kernel names, separated by spaces or commas." },
  },
  rewrite(use, out) {
    const flags = flagsOf(use);
    out.generated(`${use.flags.output === true ? "" : "void "}await ${magicRuntime("$magicRoofline")}(${JSON.stringify(flags)})`);
  },
};

function kernelNamesOf(text: string): KernelName[] {
  const names = text.split(/[\s,]+/).filter((word) => word !== "");
  for (const name of names) {
    if (!(KERNEL_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`%roofline: unknown kernel '${name}'; expected one of ${KERNEL_NAMES.join(", ")}`);
    }
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new UsageError(`%roofline: kernel '${name}' is listed twice`);
    seen.add(name);
  }
  return names as KernelName[];
}

function flagsOf(use: MagicUse): MagicRooflineFlags {
  const kernels = kernelNamesOf(use.rest.text);
  if (kernels.length === 0 && (use.flags.size !== undefined || use.flags.runs !== undefined)) {
    throw new UsageError("%roofline: -n and -r time kernels; name at least one, e.g. %roofline -n 500 blocked wasm");
  }
  const flags: MagicRooflineFlags = {
    refresh: use.flags.refresh === true,
    kernels,
    n: typeof use.flags.size === "number" ? use.flags.size : DEFAULT_N,
    runs: typeof use.flags.runs === "number" ? use.flags.runs : MIN_POINT_RUNS,
    quiet: use.flags.quiet === true,
  };
  if (typeof use.flags.probeSeconds === "number") flags.probeSeconds = use.flags.probeSeconds;
  return flags;
}
