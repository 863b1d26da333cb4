import type { CodeWriter } from "./code-writer";
import type { SourceText } from "./types";

/**
 * The parts of a timed statement: `leading` runs as written, `expression` (when the
 * statement ends in one) is the value %timeit awaits if it is a promise.
 */
export interface SplitStatement {
  leading: SourceText;
  expression?: SourceText;
}

/**
 * Finds whether code ends in an expression statement, without a parser: the last
 * statement is what follows the last top-level `;` (or the last line that starts at
 * bracket depth 0 and is not the continuation of the line before). It counts as an
 * expression unless it starts with a statement keyword, a block or a label. When unsure
 * it reports no expression: the code then runs exactly as written, and a promise it
 * returns is not awaited (writing `await` always works).
 */
export function splitTrailingExpression(source: SourceText): SplitStatement {
  const text = source.text;
  const depth = depthMap(text);
  let end = text.length;
  while (end > 0 && (/\s/.test(text[end - 1]) || depth[end - 1] === null || (text[end - 1] === ";" && depth[end - 1] === 0))) end--;
  let start = end;
  while (start > 0 && !(text[start - 1] === ";" && depth[start - 1] === 0)) start--;
  // Within the last `;`-separated piece, a later line may start a new statement (ASI).
  for (let i = end - 1; i > start; i--) {
    if (text[i - 1] === "\n" && depth[i] === 0 && startsNewStatement(text, start, i)) {
      start = i;
      break;
    }
  }
  while (start < end && /\s/.test(text[start])) start++;
  const candidate = text.slice(start, end);
  if (candidate === "" || !looksLikeExpression(candidate)) {
    return { leading: source };
  }
  return {
    leading: { ...source, text: text.slice(0, start) },
    expression: { text: candidate, ...positionOf(source, start) },
  };
}

const statementKeyword =
  /^(?:const|let|var|if|for|while|do|switch|try|throw|return|break|continue|function|class|import|export|type|interface|enum|declare|namespace|module|abstract|debugger|with|else|case|default|using|async\s+function)\b/;

function looksLikeExpression(statement: string): boolean {
  if (statementKeyword.test(statement)) return false;
  if (statement.startsWith("{") || statement.startsWith("}")) return false;
  if (/^[A-Za-z_$][\w$]*\s*:(?!:)/.test(statement)) return false; // a label
  return true;
}

/** The line at `lineStart` starts a statement unless it continues the code before it. */
function startsNewStatement(text: string, pieceStart: number, lineStart: number): boolean {
  const before = text.slice(pieceStart, lineStart).replace(/\/\/[^\n]*$/gm, "").trimEnd();
  if (before === "") return false;
  if (/[+\-*/%&|^!~<>=,?:.([{]$/.test(before) || /\b(?:return|else|do|in|of|new|typeof|void|delete|await|yield)$/.test(before)) return false;
  const line = text.slice(lineStart).trimStart();
  return !/^(?:[.?)\]}:,+\-*/%&|^=<>]|\?\.|in\b|of\b|instanceof\b)/.test(line);
}

function positionOf(source: SourceText, offset: number): { line: number; column: number } {
  const before = source.text.slice(0, offset);
  const newlines = before.split("\n").length - 1;
  if (newlines === 0) return { line: source.line, column: source.column + offset };
  return { line: source.line + newlines, column: offset - before.lastIndexOf("\n") - 1 };
}

/**
 * Bracket depth of each character of code; undefined inside strings and template
 * literals, null inside comments.
 */
export function depthMap(text: string): Array<number | undefined | null> {
  const depth: Array<number | undefined | null> = new Array(text.length);
  let level = 0;
  let i = 0;
  const opaque = (from: number, to: number, mark: undefined | null = undefined) => {
    for (let k = from; k < Math.min(to, text.length); k++) depth[k] = mark;
  };
  while (i < text.length) {
    const char = text[i];
    if (char === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      opaque(i, stop, null);
      i = stop;
      continue;
    }
    if (char === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end === -1 ? text.length : end + 2;
      opaque(i, stop, null);
      i = stop;
      continue;
    }
    if (char === "'" || char === '"' || char === "`") {
      const stop = skipLiteral(text, i);
      opaque(i, stop);
      i = stop;
      continue;
    }
    if ("([{".includes(char)) level++;
    if (")]}".includes(char)) level = Math.max(0, level - 1);
    depth[i] = ")]}".includes(char) ? level + 1 : level;
    if ("([{".includes(char)) depth[i] = level - 1;
    i++;
  }
  return depth;
}

/** The index just past a string or template literal starting at `start` (nested `${}` included). */
function skipLiteral(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const char = text[i];
    if (char === "\\") {
      i += 2;
      continue;
    }
    if (char === quote) return i + 1;
    if (quote !== "`" && char === "\n") return i;
    if (quote === "`" && char === "$" && text[i + 1] === "{") {
      let braces = 1;
      i += 2;
      while (i < text.length && braces > 0) {
        if (text[i] === "'" || text[i] === '"' || text[i] === "`") {
          i = skipLiteral(text, i);
          continue;
        }
        if (text[i] === "{") braces++;
        if (text[i] === "}") braces--;
        i++;
      }
      continue;
    }
    i++;
  }
  return i;
}

/**
 * Writes the user's statement with its trailing expression wrapped:
 *   <leading statements>\n <before>(<expression>\n<after>
 * User text keeps its positions; a generated line break follows each piece of it so a
 * trailing `// comment` cannot swallow generated code. Nothing is written for the
 * expression when the statement does not end in one.
 */
export function writeWithTrailingExpression(statement: SourceText, out: CodeWriter, before: string, after: string): void {
  const split = splitTrailingExpression(statement);
  if (split.leading.text !== "") {
    out.user(split.leading);
    out.generated("\n");
  }
  if (split.expression) {
    out.generated(before);
    out.user(split.expression);
    out.generated(after);
  }
}
