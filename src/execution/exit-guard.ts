import { ProcessExitRefused } from "../errors";
import { currentCell } from "../cell/context";

type ExitMember = "exit" | "reallyExit" | "abort";
const guarded: readonly ExitMember[] = ["exit", "reallyExit", "abort"];

/**
 * While a cell runs (its code, and callbacks it scheduled: they carry its context), calls
 * that end the process throw ProcessExitRefused instead. Measured before this guard:
 * `process.exit(3)` in a cell aborted the kernel (status −6, "terminate called after
 * throwing an instance of 'Napi::Error'") with no reply at all. The kernel's own exits
 * (shutdown, parent gone) run outside any cell and go through. Returns the undo.
 */
export function guardProcessExit(): () => void {
  const exits = process as unknown as Record<ExitMember, (...args: unknown[]) => never>;
  const originals = new Map(guarded.map((member) => [member, exits[member]] as const));
  for (const [member, original] of originals) {
    exits[member] = function refuseInsideCell(this: unknown, ...args: unknown[]): never {
      if (currentCell()) throw new ProcessExitRefused(refusal(member, args));
      return original.apply(this, args);
    };
  }
  return () => {
    for (const [member, original] of originals) exits[member] = original;
  };
}

function refusal(member: ExitMember, args: unknown[]): string {
  const shownArgs = member === "abort" ? "" : args.length > 0 ? String(args[0]) : "";
  return `process.${member}(${shownArgs}) was called by the cell; the kernel keeps running — restart the kernel to start a fresh process`;
}
