import type { PositionMap } from "../execution/types";
import { UsageError } from "../errors";
import { parseArguments } from "./argv";
import { CodeWriter } from "./code-writer";
import { checkFlagPlacement } from "./flag-placement";
import { helpText } from "./help";
import { printExpression } from "./magic-output";
import type { MagicRegistry } from "./registry";
import { linesStartingInCode } from "./scanner";
import type { MagicDeclaration, MagicUse, SourceText } from "./types";

export interface TransformedCell {
  code: string;
  positionMap: PositionMap & { toGenerated(line: number, column: number): { line: number; column: number } | undefined };
}

/** `%%name args` on the first non-blank line. */
const cellMagicPattern = /^(\s*)%%([A-Za-z_]\w*)(\?{0,2})(.*?)\r?$/;
/** `%name args`, or `lhs = %name args` (const/let/var, optional type annotation). */
const lineMagicPattern =
  /^(\s*)((?:(?:const|let|var)\s+)?[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*(?:\s*:\s*[^=%]+?)?\s*=\s*)?%([A-Za-z_]\w*)(\?{0,2})(?=\s|$)(.*?)\r?$/;
const misplacedCellMagic = /^\s*%%([A-Za-z_]\w*)/;

/**
 * Rewrites the magics of a cell into TypeScript, or returns undefined when the cell has
 * none (it then runs untouched). Throws UsageError for an unknown magic or bad options,
 * before anything runs.
 */
export function transformCell(code: string, registry: MagicRegistry): TransformedCell | undefined {
  const lines = code.split("\n");
  const first = lines.findIndex((line) => line.trim() !== "");
  const cellMatch = first === -1 ? null : cellMagicPattern.exec(lines[first]);
  const out = new CodeWriter();
  if (cellMatch) {
    writeUserLines(out, lines.slice(0, first), 0);
    const [, indent, name, help, args] = cellMatch;
    const magic = findMagic(registry, name, "cell");
    out.anchor(first, indent.length);
    const argsSource = { text: args, line: first, column: indent.length + 2 + name.length + help.length };
    if (help) printExpression(out, helpText(magic));
    else {
      const body: SourceText = { text: lines.slice(first + 1).join("\n"), line: first + 1, column: 0 };
      magic.rewrite(useOf(magic, "cell", argsSource, false, body), out, registry);
    }
    out.generated(";");
    return { code: out.code, positionMap: out.positionMap() };
  }

  const matches = new Map<number, RegExpExecArray>();
  linesStartingInCode(code, (line, index) => {
    const misplaced = misplacedCellMagic.exec(line);
    if (misplaced) throw new UsageError(`Cell magic \`%%${misplaced[1]}\` must be on the first line of the cell.`);
    const match = lineMagicPattern.exec(line);
    if (match) matches.set(index, match);
    return match !== null;
  });
  if (matches.size === 0) return undefined;

  lines.forEach((line, index) => {
    if (index > 0) out.generated("\n");
    const match = matches.get(index);
    if (!match) {
      out.user({ text: line, line: index, column: 0 });
      return;
    }
    const [, indent, assignment = "", name, help, args] = match;
    const magic = findMagic(registry, name, "line");
    out.user({ text: indent + assignment, line: index, column: 0 });
    const magicColumn = indent.length + assignment.length;
    out.anchor(index, magicColumn);
    if (help) printExpression(out, helpText(magic));
    else {
      const argsSource = { text: args, line: index, column: magicColumn + 1 + name.length + help.length };
      magic.rewrite(useOf(magic, "line", argsSource, assignment !== ""), out, registry);
    }
    out.generated(";");
  });
  return { code: out.code, positionMap: out.positionMap() };
}

function writeUserLines(out: CodeWriter, lines: string[], firstLine: number): void {
  lines.forEach((line, offset) => {
    out.user({ text: line, line: firstLine + offset, column: 0 });
    out.generated("\n");
  });
}

function useOf(magic: MagicDeclaration, form: "line" | "cell", args: SourceText, assigned: boolean, body?: SourceText): MagicUse {
  const parsed = parseArguments(args, magic.arguments);
  checkFlagPlacement(magic, form, parsed.flags);
  return { name: magic.name, form, flags: parsed.flags, rest: parsed.rest, body, assigned };
}

/** IPython's messages, including its hint when the other kind of magic exists. */
function findMagic(registry: MagicRegistry, name: string, form: "line" | "cell"): MagicDeclaration {
  const magic = registry.get(name);
  if (magic && (magic.kind === "both" || magic.kind === form)) return magic;
  if (form === "line") {
    const hint = magic ? ` (But cell magic \`%%${name}\` exists, did you mean that instead?)` : "";
    throw new UsageError(`Line magic function \`%${name}\` not found${hint}.`);
  }
  const hint = magic ? ` (But line magic \`%${name}\` exists, did you mean that instead?)` : "";
  throw new UsageError(`Cell magic \`%%${name}\` not found${hint}.`);
}
