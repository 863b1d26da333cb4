import type { PositionMap } from "./types";
import { LineMap, type Position } from "../shared/source-map";

/** Lines of the wrapper before the converted cell code in each script (see run-cell.ts). */
export const wrapperPrefixLines = 1;
/** Lines of tslab's prefix ("export {};") before the cell in the TypeScript it compiles. */
const converterPrefixLines = 1;

export interface CellScript {
  /** The script's file name in V8 stack traces. */
  filename: string;
  /** How tracebacks name the cell ("<cell>" unless the caller names it). */
  label: string;
  /** Source-map `mappings` from the script back to the TypeScript tslab compiled. */
  mappings?: string;
  positionMap?: PositionMap;
}

/**
 * Every cell script run in this session, so that a stack frame in a function defined in an
 * earlier cell still maps to that cell's text. Source maps are decoded only when an error
 * needs them.
 */
export class CellScripts {
  private readonly scripts = new Map<string, CellScript & { decoded?: LineMap }>();
  private counter = 0;

  nextFilename(): string {
    this.counter += 1;
    return `tsparallel-cell-${this.counter}.js`;
  }

  add(script: CellScript): void {
    this.scripts.set(script.filename, script);
  }

  has(filename: string): boolean {
    return this.scripts.has(filename);
  }

  /**
   * Maps a one-based (line, column) in a cell script to the one-based position the user
   * sees in that cell; undefined for the wrapper's own lines or an unknown script.
   */
  toUser(filename: string, line: number, column: number): { label: string; line: number; column: number } | undefined {
    const script = this.scripts.get(filename);
    if (!script?.mappings) return undefined;
    script.decoded ??= new LineMap(script.mappings);
    const generated: Position = { line: line - 1 - wrapperPrefixLines, column: column - 1 };
    if (generated.line < 0) return undefined;
    const source = script.decoded.originalPosition(generated);
    if (!source || source.line < converterPrefixLines) return undefined;
    const cell = applyPositionMap(script.positionMap, { line: source.line - converterPrefixLines, column: source.column });
    return { label: script.label, line: cell.line + 1, column: cell.column + 1 };
  }

  clear(): void {
    this.scripts.clear();
  }
}

/** Applies the magic layer's map (zero-based) when there is one. */
export function applyPositionMap(positionMap: PositionMap | undefined, position: Position): Position {
  if (!positionMap) return position;
  const mapped = positionMap.toUser(position.line, position.column);
  return { line: mapped.line, column: mapped.column };
}
