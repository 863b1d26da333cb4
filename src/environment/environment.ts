import os from "node:os";
import { jupyterDisplaySymbol, type MimeBundle, type RichDisplayable } from "../cell/mime";
import { Table } from "../display/table";
import { UsageError } from "../errors";
import { variantSupported, type WasmVariant } from "../matmul/wasm/module-cache";
import { cpuFacts } from "./cpu";
import { cpuTicks, gitCommit, isVirtualMachine, loadAverageText, stealShare, type CpuTicks } from "./machine-load";
import { pythonVersions, type PythonVersions } from "./python-versions";
import { packageRoot, packageVersion, reportedPackages, type ReportedPackage } from "./versions";

export interface EnvironmentOptions {
  /** The seed of the notebook's random data, recorded so that a run can be repeated. */
  seed?: number;
}

/** The WebAssembly build the matmul kernels run here: the fastest this engine validates. */
function wasmBuildUsed(): WasmVariant | "none" {
  return (["relaxed", "simd", "scalar"] as const).find((variant) => variantSupported(variant)) ?? "none";
}

/**
 * Where a set of measurements was taken: the machine, the runtime and the library versions.
 * Numbers from another machine, or from a busy one, differ; a report that carries this
 * table says which machine produced them. Displays as a two-column table captioned
 * "Environment"; every fact is also a field (`env.cores`, `env.cpuModel`, ...).
 */
export class Environment implements RichDisplayable {
  readonly cpuModel: string;
  /** os.availableParallelism(): the cores this process may use (cgroup and affinity limits included). */
  readonly cores: number;
  /** SIMD extensions of the CPU relevant to the kernels, widest first; empty when not known. */
  readonly simd: readonly string[];
  readonly memoryBytes: number;
  readonly osType: string;
  readonly osRelease: string;
  readonly arch: string;
  readonly nodeVersion: string;
  readonly v8Version: string;
  readonly versions: Readonly<Record<ReportedPackage, string>>;
  readonly wasmBuild: WasmVariant | "none";
  readonly seed: number | undefined;
  readonly executedAt: Date;
  /** The repository's commit when the package runs from a clone; undefined otherwise. */
  readonly gitCommit: string | undefined;
  /** Whether the CPU reports a hypervisor: a shared VM's cores can slow down under other tenants. */
  readonly virtualMachine: boolean | undefined;
  readonly loadAtStart: string;
  readonly ticksAtStart: CpuTicks | undefined;
  /** The Python side the reports compare with (TSPARALLEL_PYTHON or /usr/bin/python3). */
  readonly python: PythonVersions | undefined;

  constructor(options: EnvironmentOptions = {}) {
    const cpu = cpuFacts();
    this.cpuModel = cpu.model;
    this.cores = os.availableParallelism();
    this.simd = cpu.simd;
    this.memoryBytes = os.totalmem();
    this.osType = os.type();
    this.osRelease = os.release();
    this.arch = os.arch();
    this.nodeVersion = process.versions.node;
    this.v8Version = process.versions.v8;
    this.versions = Object.fromEntries(reportedPackages.map((name) => [name, packageVersion(name)])) as Record<ReportedPackage, string>;
    this.wasmBuild = wasmBuildUsed();
    this.seed = options.seed;
    this.executedAt = new Date();
    const root = packageRoot();
    this.gitCommit = root === undefined ? undefined : gitCommit(root);
    this.virtualMachine = isVirtualMachine();
    this.loadAtStart = loadAverageText();
    this.ticksAtStart = cpuTicks();
    this.python = pythonVersions();
  }

  /**
   * The machine's state now against when the table was made: the load average and the
   * share of CPU time stolen by the hypervisor in between. Shown at the end of a
   * notebook, so that a reader can tell a quiet run from a disturbed one.
   */
  atEnd(): Table {
    const steal = stealShare(this.ticksAtStart, cpuTicks());
    const minutes = (Date.now() - this.executedAt.getTime()) / 60_000;
    return new Table([
      { what: "load average (1 / 5 / 15 min) at start", value: this.loadAtStart },
      { what: "load average at end", value: loadAverageText() },
      { what: "CPU steal during the run", value: steal === undefined ? "not measured" : `${(100 * steal).toFixed(1)}% of ${minutes.toFixed(1)} min` },
      { what: "cores", value: this.cores },
    ], undefined, { caption: "Environment at the end of the run" });
  }

  /** The facts as they read in the table, in its order. */
  rows(): { what: string; value: string | number }[] {
    const { tsparallel, workerpool, mathjs, typescript } = this.versions;
    return [
      { what: "CPU", value: this.cpuModel },
      { what: "cores (available to Node)", value: this.cores },
      { what: "SIMD extensions", value: this.simd.join(", ") || "unknown" },
      { what: "memory", value: `${(this.memoryBytes / 2 ** 30).toFixed(1)} GiB` },
      { what: "OS", value: `${this.osType} ${this.osRelease} ${this.arch}` },
      { what: "Node / V8", value: `v${this.nodeVersion} / ${this.v8Version}` },
      { what: "tsparallel", value: tsparallel },
      { what: "workerpool / mathjs / typescript", value: `${workerpool} / ${mathjs} / ${typescript}` },
      { what: "WebAssembly build used", value: this.wasmBuild },
      { what: "random seed", value: this.seed ?? "not set" },
      { what: "git commit", value: this.gitCommit ?? "not in a repository" },
      { what: "virtual machine", value: this.virtualMachine === undefined ? "unknown" : this.virtualMachine ? "yes (hypervisor flag)" : "no" },
      { what: "load average (1 / 5 / 15 min) at start", value: this.loadAtStart },
      { what: "CPU steal since boot", value: this.stealSinceBoot() },
      {
        what: "Python / NumPy / Numba / OpenBLAS",
        value: this.python ? `${this.python.python} / ${this.python.numpy} / ${this.python.numba} / ${this.python.openblas}` : "no Python found",
      },
      { what: "executed (UTC)", value: this.executedAt.toISOString().replace("T", " ").slice(0, 19) },
    ];
  }

  private stealSinceBoot(): string {
    const share = stealShare({ steal: 0, total: 0 }, this.ticksAtStart);
    return share === undefined ? "not measured" : `${(100 * share).toFixed(1)}%`;
  }

  table(): Table {
    return new Table(this.rows(), undefined, { caption: "Environment" });
  }

  [jupyterDisplaySymbol](): MimeBundle {
    return this.table()[jupyterDisplaySymbol]();
  }
}

/** `environment({ seed })`: the facts of the machine a notebook runs on, as a displayable table. */
export function environment(options: EnvironmentOptions = {}): Environment {
  if (options === null || typeof options !== "object") throw new UsageError("environment: expected an options object such as { seed }");
  const { seed } = options;
  if (seed !== undefined && (typeof seed !== "number" || !Number.isFinite(seed))) {
    throw new UsageError(`environment: seed must be a finite number, got ${String(seed)}`);
  }
  return new Environment(options);
}
