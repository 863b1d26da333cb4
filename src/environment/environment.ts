import os from "node:os";
import { jupyterDisplaySymbol, type MimeBundle, type RichDisplayable } from "../display/mime";
import { Table } from "../display/table";
import { UsageError } from "../errors";
import { variantSupported, type WasmVariant } from "../matmul/wasm/module-cache";
import { cpuFacts } from "./cpu";
import { packageVersion, reportedPackages, type ReportedPackage } from "./versions";

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
      { what: "executed (UTC)", value: this.executedAt.toISOString().replace("T", " ").slice(0, 19) },
    ];
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
