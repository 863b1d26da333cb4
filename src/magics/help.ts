import { flagName, magicName } from "./flag-placement";
import type { FlagSpec, MagicDeclaration } from "./types";

/** `%name?`: usage lines, the doc and one line per option, all from the declaration. */
export function helpText(magic: MagicDeclaration): string {
  // Each form's usage line lists only the flags that belong to that form.
  const flags = (form: "line" | "cell") =>
    magic.arguments.flags
      .filter((flag) => flag.form === undefined || flag.form === form)
      .map((flag) => " " + usageOf(flag))
      .join("");
  const rest = magic.arguments.rest;
  const usage: string[] = [];
  if (magic.kind !== "cell") usage.push(`  %${magic.name}${flags("line")}${rest ? ` ${rest.name}` : ""}`);
  if (magic.kind !== "line") usage.push(`  %%${magic.name}${flags("cell")}${rest ? ` [${rest.name}]` : ""}\n  <cell body>`);
  const options = magic.arguments.flags.map((flag) => optionLine(flag, magic));
  const sections = [magic.summary, `Usage:\n${usage.join("\n")}`, magic.doc.trim()];
  if (rest) sections.push(`Arguments:\n  ${rest.name.padEnd(optionWidth)}${rest.help}`);
  if (options.length > 0) sections.push(`Options:\n${options.join("\n")}`);
  return sections.filter((section) => section !== "").join("\n\n");
}

const optionWidth = 18;

function usageOf(flag: FlagSpec): string {
  const name = flagName(flag);
  return flag.type === "boolean" ? `[${name}]` : `[${name} ${metavarOf(flag)}]`;
}

function optionLine(flag: FlagSpec, magic: MagicDeclaration): string {
  const names = [flag.short && `-${flag.short}`, flag.long && `--${flag.long}`].filter(Boolean).join(", ");
  const shown = flag.type === "boolean" ? names : `${names} ${metavarOf(flag)}`;
  const extra = flag.choices ? ` One of: ${flag.choices.join(", ")}.` : "";
  const form = flag.form ? ` Only in ${magicName(magic.name, flag.form)}.` : "";
  const needed = magic.arguments.flags.filter((other) => flag.needs?.includes(other.key)).map(flagName);
  const needs = needed.length > 0 ? ` Needs ${needed.join(" or ")}.` : "";
  const fallback = flag.defaultText ? ` (default: ${flag.defaultText})` : "";
  return `  ${shown.padEnd(optionWidth)}${flag.help}${extra}${form}${needs}${fallback}`;
}

function metavarOf(flag: FlagSpec): string {
  return flag.metavar ?? flag.key.toUpperCase();
}
