import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

/** The whole machine's CPU time so far, from /proc/stat's first line, in clock ticks. */
export interface CpuTicks {
  steal: number;
  total: number;
}

/** Linux only: undefined elsewhere, or when /proc/stat cannot be read. */
export function cpuTicks(): CpuTicks | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
    const counted = fields.slice(0, 8);
    return { steal: fields[7] ?? 0, total: counted.reduce((sum, value) => sum + value, 0) };
  } catch {
    return undefined;
  }
}

/**
 * Share of the CPU time between two samples that the hypervisor gave to other guests:
 * on a shared VM a run with steal above a few percent was slowed by other tenants.
 */
export function stealShare(from: CpuTicks | undefined, to: CpuTicks | undefined): number | undefined {
  if (!from || !to || to.total <= from.total) return undefined;
  return (to.steal - from.steal) / (to.total - from.total);
}

/** Whether the CPU reports running under a hypervisor (the `hypervisor` flag of /proc/cpuinfo). */
export function isVirtualMachine(): boolean | undefined {
  try {
    return /^flags\s*:.*\bhypervisor\b/m.test(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return undefined;
  }
}

/** "2.90 / 1.07 / 0.40": the 1, 5 and 15 minute load averages. */
export function loadAverageText(): string {
  return os.loadavg().map((load) => load.toFixed(2)).join(" / ");
}

/** The commit of the repository holding `dir`, with "+ changes" when its work tree differs; undefined outside one. */
export function gitCommit(dir: string): string | undefined {
  const head = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: dir, encoding: "utf8" });
  if (head.status !== 0) return undefined;
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: dir, encoding: "utf8" });
  return head.stdout.trim() + (dirty.status === 0 && dirty.stdout.trim() !== "" ? " + uncommitted changes" : "");
}
