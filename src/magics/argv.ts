import { UsageError } from "../errors";
import type { ArgumentsSpec, FlagSpec, ParsedFlags, SourceText } from "./types";

export interface ParsedArguments {
  flags: ParsedFlags;
  /** The text after the options, trimmed, with its position. */
  rest: SourceText;
}

/**
 * Parses a magic's options with getopt's rules, as IPython's `parse_options` does: options
 * come first (`-n 10`, `-n10`, clustered `-qo`, `--name value`, `--name=value`), the first
 * word that is not an option (or `--`) starts the rest, which is kept verbatim. Unlike
 * getopt, a dash followed by something other than a letter (`-1`, `-(x)`) starts the
 * rest, so a statement may begin with a negation. Errors are IPython's messages.
 */
export function parseArguments(source: SourceText, spec: ArgumentsSpec): ParsedArguments {
  const text = source.text;
  const flags: ParsedFlags = {};
  let position = 0;
  const skipSpaces = () => {
    while (position < text.length && /\s/.test(text[position])) position++;
  };
  const nextWord = (): string | undefined => {
    skipSpaces();
    if (position >= text.length) return undefined;
    const start = position;
    while (position < text.length && !/\s/.test(text[position])) position++;
    return text.slice(start, position);
  };

  for (;;) {
    skipSpaces();
    const wordStart = position;
    if (!text.startsWith("-", position)) break;
    if (text.startsWith("--", position) && (position + 2 === text.length || /\s/.test(text[position + 2]))) {
      position += 2;
      break;
    }
    if (text.startsWith("--", position) && /[A-Za-z]/.test(text[position + 2] ?? "")) {
      const word = nextWord() ?? "";
      const [name, inlineValue] = splitLong(word.slice(2));
      const flag = spec.flags.find((candidate) => candidate.long === name);
      if (!flag) throw usage(`option --${name} not recognized`, spec);
      if (flag.type === "boolean") {
        if (inlineValue !== undefined) throw usage(`option --${name} must not have an argument`, spec);
        flags[flag.key] = true;
      } else {
        const value = inlineValue ?? nextWord();
        if (value === undefined) throw usage(`option --${name} requires argument`, spec);
        flags[flag.key] = convert(flag, `--${name}`, value);
      }
      continue;
    }
    if (!/[A-Za-z]/.test(text[position + 1] ?? "")) break;
    const word = nextWord() ?? "";
    for (let index = 1; index < word.length; index++) {
      const letter = word[index];
      const flag = spec.flags.find((candidate) => candidate.short === letter);
      if (!flag) throw usage(`option -${letter} not recognized`, spec);
      if (flag.type === "boolean") {
        flags[flag.key] = true;
        continue;
      }
      const attached = word.slice(index + 1);
      const value = attached !== "" ? attached : nextWord();
      if (value === undefined) throw usage(`option -${letter} requires argument`, spec);
      flags[flag.key] = convert(flag, `-${letter}`, value);
      break;
    }
    if (position === wordStart) break;
  }

  skipSpaces();
  const restText = text.slice(position).replace(/\s+$/, "");
  return { flags, rest: { text: restText, line: source.line, column: source.column + position } };
}

/** IPython's getopt string ("n:r:tcp:qo") and long options ("workers=") as its UsageErrors show them. */
export function getoptSignature(spec: ArgumentsSpec): { short: string; long: string[] } {
  const short = spec.flags
    .filter((flag) => flag.short)
    .map((flag) => flag.short + (flag.type === "boolean" ? "" : ":"))
    .join("");
  const long = spec.flags.filter((flag) => flag.long).map((flag) => flag.long + (flag.type === "boolean" ? "" : "="));
  return { short, long };
}

function usage(message: string, spec: ArgumentsSpec): UsageError {
  const { short, long } = getoptSignature(spec);
  return new UsageError(`${message} ( allowed: "${short}" ${long.join(" ")}${long.length ? " " : ""})`);
}

function splitLong(word: string): [string, string | undefined] {
  const equals = word.indexOf("=");
  return equals === -1 ? [word, undefined] : [word.slice(0, equals), word.slice(equals + 1)];
}

function convert(flag: FlagSpec, shown: string, raw: string): number | string {
  const value = unquote(raw);
  switch (flag.type) {
    case "integer": {
      if (!/^[+-]?\d+$/.test(value)) throw new UsageError(`argument ${shown}: invalid int value: '${value}'`);
      return checkMinimum(flag, shown, Number(value));
    }
    case "number": {
      const number = Number(value);
      if (value.trim() === "" || !Number.isFinite(number)) throw new UsageError(`argument ${shown}: invalid float value: '${value}'`);
      return checkMinimum(flag, shown, number);
    }
    default: {
      if (flag.choices && !flag.choices.includes(value)) {
        const choices = flag.choices.map((choice) => `'${choice}'`).join(", ");
        throw new UsageError(`argument ${shown}: invalid choice: '${value}' (choose from ${choices})`);
      }
      return value;
    }
  }
}

function checkMinimum(flag: FlagSpec, shown: string, value: number): number {
  if (flag.minimum !== undefined && value < flag.minimum) {
    throw new UsageError(`argument ${shown}: must be at least ${flag.minimum}, got ${value}`);
  }
  return value;
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value;
}
