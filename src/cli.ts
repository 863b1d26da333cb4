#!/usr/bin/env node
import { UsageError } from "./errors";
import type { InstallTarget } from "./install/data-dirs";

/**
 * tsparallel install [--user | --sys-prefix | --prefix DIR] [--name NAME]
 * tsparallel uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME]
 * tsparallel kernel --connection-file FILE
 *
 * Wiring only. Modules are required per command so `kernel` starts without
 * loading the installer, and `install` without loading zeromq.
 */
const USAGE = "usage: tsparallel install|uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME] | kernel --connection-file FILE";

type Command =
  | { kind: "install" | "uninstall"; target: InstallTarget; name: string }
  | { kind: "kernel"; connectionFile: string }
  | { kind: "help" };

export function parseArgs(args: readonly string[]): Command {
  const [command, ...rest] = args;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") return { kind: "help" };
  const options = parseOptions(rest);
  if (command === "install" || command === "uninstall") {
    const { user, "sys-prefix": sysPrefix, prefix, name, ...unknown } = options;
    rejectUnknown(unknown, command);
    const chosen = [user, sysPrefix, prefix].filter((x) => x !== undefined).length;
    if (chosen > 1) throw new UsageError("choose one of --user, --sys-prefix, --prefix DIR");
    const target: InstallTarget = prefix !== undefined ? { kind: "prefix", dir: requireValue(prefix, "--prefix") } : sysPrefix !== undefined ? { kind: "sys-prefix" } : { kind: "user" };
    flagOnly(user, "--user");
    flagOnly(sysPrefix, "--sys-prefix");
    return { kind: command, target, name: name === undefined ? "tsparallel" : requireValue(name, "--name") };
  }
  if (command === "kernel") {
    const { "connection-file": connectionFile, ...unknown } = options;
    rejectUnknown(unknown, command);
    if (connectionFile === undefined) throw new UsageError("kernel needs --connection-file FILE");
    return { kind: "kernel", connectionFile: requireValue(connectionFile, "--connection-file") };
  }
  throw new UsageError(`unknown command "${command}"`);
}

/** `--flag`, `--key value` and `--key=value`; a value is `true` for a bare flag. */
function parseOptions(args: readonly string[]): Record<string, string | true> {
  const options: Record<string, string | true> = {};
  const takesValue = new Set(["prefix", "name", "connection-file"]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}"`);
    const key = match[1]!;
    if (key in options) throw new UsageError(`--${key} given twice`);
    if (match[2] !== undefined) options[key] = match[2];
    else if (takesValue.has(key)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${key} needs a value`);
      options[key] = value;
      i++;
    } else options[key] = true;
  }
  return options;
}

function rejectUnknown(unknown: Record<string, unknown>, command: string): void {
  const first = Object.keys(unknown)[0];
  if (first !== undefined) throw new UsageError(`unknown option --${first} for ${command}`);
}

function requireValue(value: string | true, flag: string): string {
  if (value === true || value === "") throw new UsageError(`${flag} needs a value`);
  return value;
}

function flagOnly(value: string | true | undefined, flag: string): void {
  if (typeof value === "string") throw new UsageError(`${flag} takes no value`);
}

async function main(args: readonly string[]): Promise<void> {
  const command = parseArgs(args);
  switch (command.kind) {
    case "help":
      process.stdout.write(`${USAGE}\n`);
      return;
    case "install": {
      const { installKernelspec } = require("./install/kernelspec") as typeof import("./install/kernelspec");
      const dir = installKernelspec({ target: command.target, name: command.name });
      process.stdout.write(`Installed kernelspec ${command.name} in ${dir}\n`);
      return;
    }
    case "uninstall": {
      const { uninstallKernelspec } = require("./install/kernelspec") as typeof import("./install/kernelspec");
      const dir = uninstallKernelspec({ target: command.target, name: command.name });
      process.stdout.write(dir ? `Removed kernelspec ${command.name} from ${dir}\n` : `No kernelspec ${command.name} was installed there\n`);
      return;
    }
    case "kernel": {
      const { runKernel } = require("./kernel") as typeof import("./kernel");
      await runKernel(command.connectionFile);
      return;
    }
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // One line either way; TSPARALLEL_DEBUG=1 adds the stack of an unexpected failure.
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    const stack = process.env.TSPARALLEL_DEBUG && error instanceof Error ? `\n${error.stack}` : "";
    process.stderr.write(usage ? `tsparallel: ${message} (${USAGE})\n` : `tsparallel: ${message}${stack}\n`);
    // Exit now: a kernel that failed to start may already run threads (the converter,
    // the SIGINT guard) that would otherwise keep the failed process alive.
    process.exit(usage ? 2 : 1);
  });
}
