import { UsageError } from "../errors";
import type { FlagSpec, MagicDeclaration, ParsedFlags } from "./types";

/** How help and errors write a flag: its short name if it has one, else its long one. */
export function flagName(flag: FlagSpec): string {
  return flag.short ? `-${flag.short}` : `--${flag.long}`;
}

/** `%name` or `%%name`. */
export function magicName(name: string, form: "line" | "cell"): string {
  return `${form === "cell" ? "%%" : "%"}${name}`;
}

/**
 * Checks what each given flag's spec says about where it may appear: in its declared form
 * only (`--in` belongs to `%%parallel`) and with one of the flags it needs (`-r` with
 * `--compare` or `--sweep`). A one-line UsageError names the flag and where it belongs.
 */
export function checkFlagPlacement(magic: MagicDeclaration, form: "line" | "cell", flags: ParsedFlags): void {
  const given = magic.arguments.flags.filter((flag) => flags[flag.key] !== undefined);
  for (const flag of given) {
    if (flag.form !== undefined && flag.form !== form) {
      throw new UsageError(`${magicName(magic.name, form)}: ${flagName(flag)} applies only to the ${flag.form} magic ${magicName(magic.name, flag.form)}`);
    }
  }
  for (const flag of given) {
    if (flag.needs === undefined || flag.needs.some((key) => flags[key] !== undefined)) continue;
    const needed = magic.arguments.flags.filter((other) => flag.needs?.includes(other.key)).map(flagName);
    throw new UsageError(`${magicName(magic.name, form)}: ${flagName(flag)} needs ${needed.join(" or ")}`);
  }
}
