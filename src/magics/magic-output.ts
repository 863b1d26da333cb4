import type { CodeWriter } from "./code-writer";

/**
 * For magics that only print (help, %lsmagic): an expression that writes `text` to the
 * cell's stdout when the cell runs, in order with the cell's other output, and whose
 * value is undefined (so nothing is displayed as the cell's result).
 */
export function printExpression(out: CodeWriter, text: string): void {
  out.generated(`void console.log(${JSON.stringify(text)})`);
}
