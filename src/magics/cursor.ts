import type { TransformedCell } from "./transform";

/**
 * Moves a cursor (Jupyter's unit: Unicode code points from the start of the cell) from the
 * user's cell into the rewritten code and back, so completion and inspection work inside
 * a magic's statement (`%timeit arr.so|`). Undefined when the cursor is in text a magic
 * consumed (its name or options).
 */
export function cursorToGenerated(userCode: string, cursor: number, cell: TransformedCell): number | undefined {
  const { line, column } = lineColumnOf(userCode, cursor);
  const generated = cell.positionMap.toGenerated(line, column);
  return generated ? offsetOf(cell.code, generated.line, generated.column) : undefined;
}

export function cursorToUser(userCode: string, cursor: number, cell: TransformedCell): number {
  const { line, column } = lineColumnOf(cell.code, cursor);
  const user = cell.positionMap.toUser(line, column);
  return offsetOf(userCode, user.line, user.column);
}

/** Code-point offset → zero-based line and UTF-16 column. */
function lineColumnOf(text: string, codePoints: number): { line: number; column: number } {
  const before = Array.from(text).slice(0, codePoints).join("");
  const lines = before.split("\n");
  return { line: lines.length - 1, column: lines[lines.length - 1].length };
}

/** Zero-based line and UTF-16 column → code-point offset. */
function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split("\n");
  const prefix = lines.slice(0, line).join("\n") + (line > 0 ? "\n" : "") + (lines[line] ?? "").slice(0, column);
  return Array.from(prefix).length;
}
