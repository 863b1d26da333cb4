import type { CodeWriter } from "./code-writer";
import type { MagicRegistry } from "./registry";

/** Text the user typed, with where its first character sits in the cell (zero-based). */
export interface SourceText {
  text: string;
  line: number;
  column: number;
}

export type FlagType = "boolean" | "integer" | "number" | "string";

/** One option of a magic, e.g. `-n N` or `--workers N`. */
export interface FlagSpec {
  /** The key in the parsed options object. */
  key: string;
  /** One letter, used as `-n`. */
  short?: string;
  /** Used as `--workers`. */
  long?: string;
  type: FlagType;
  /** For "string" flags: the accepted values. */
  choices?: readonly string[];
  /** Smallest accepted value for numeric flags. */
  minimum?: number;
  /** Placeholder in usage lines, e.g. "N". */
  metavar?: string;
  /** Shown in help as "(default: ...)" when given. */
  defaultText?: string;
  /** The one form of a line-and-cell magic this flag belongs to; absent, it belongs to both. */
  form?: "line" | "cell";
  /** Keys of flags one of which must be given with this one, e.g. `-r` needs `--compare` or `--sweep`. */
  needs?: readonly string[];
  help: string;
}

/** The free text after the options: a statement, setup code, a word like "on". */
export interface RestSpec {
  name: string;
  help: string;
}

export interface ArgumentsSpec {
  flags: readonly FlagSpec[];
  rest?: RestSpec;
}

export type ParsedFlags = Record<string, boolean | number | string | undefined>;

/** One use of a magic in a cell, parsed. */
export interface MagicUse {
  name: string;
  form: "line" | "cell";
  flags: ParsedFlags;
  /** After the options, up to the end of the magic's line (trimmed; may be empty). */
  rest: SourceText;
  /** Cell magics: the rest of the cell, from the line after the magic's. */
  body?: SourceText;
  /** True when the value is used: `const r = %timeit -o f()`. */
  assigned: boolean;
}

/**
 * A magic, declared once in its own file (see registry.ts). `rewrite` writes one
 * TypeScript expression in place of the magic; the cell then runs as ordinary TypeScript,
 * so code the magic takes sees the notebook's variables and is type-checked, and the
 * writer's position map points errors at what the user typed.
 */
export interface MagicDeclaration {
  name: string;
  kind: "line" | "cell" | "both";
  /** One line, shown by %lsmagic-style listings and as the help's first line. */
  summary: string;
  /** Paragraphs shown by `%name?` after the usage and before the options. */
  doc: string;
  arguments: ArgumentsSpec;
  /** Throws UsageError for input the magic cannot accept. */
  rewrite(use: MagicUse, out: CodeWriter, registry: MagicRegistry): void;
}
