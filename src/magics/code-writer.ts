import type { PositionMap } from "../execution/types";
import type { SourceText } from "./types";

interface Segment {
  /** Generated line and the columns [start, end) on it. */
  line: number;
  start: number;
  end: number;
  /** User position of the segment's first column. */
  userLine: number;
  userColumn: number;
  /** Copied from the user (columns map one to one) or written by a magic (all map to the anchor). */
  copied: boolean;
}

/**
 * Builds the TypeScript a cell becomes, remembering where each piece came from, so a
 * type error or stack frame in generated code points at the user's line and column.
 * Text the user typed is copied with `user` (every character keeps its position);
 * text a magic writes goes through `generated` and maps to the current anchor (the
 * start of the magic's line unless moved with `anchor`).
 */
export class CodeWriter {
  private readonly lines: string[] = [""];
  private readonly segments: Segment[] = [];
  private anchorAt = { line: 0, column: 0 };

  /** Where generated text maps to from now on. */
  anchor(line: number, column: number): void {
    this.anchorAt = { line, column };
  }

  generated(text: string): void {
    this.append(text, this.anchorAt.line, this.anchorAt.column, false);
  }

  user(source: SourceText): void {
    this.append(source.text, source.line, source.column, true);
  }

  get code(): string {
    return this.lines.join("\n");
  }

  positionMap(): PositionMap & { toGenerated(line: number, column: number): { line: number; column: number } | undefined } {
    const byLine = new Map<number, Segment[]>();
    for (const segment of this.segments) {
      const list = byLine.get(segment.line) ?? [];
      list.push(segment);
      byLine.set(segment.line, list);
    }
    const segments = this.segments;
    return {
      toUser(line, column) {
        const list = byLine.get(line) ?? [];
        const inside = list.find((segment) => column >= segment.start && column < segment.end);
        // Just after text the user typed (a cursor at the end of a statement), then the last
        // segment before the column (TypeScript reports some errors past a line's end).
        const after = list.find((segment) => segment.copied && segment.end === column);
        const chosen = (inside?.copied ? inside : after ?? inside) ?? [...list].reverse().find((segment) => segment.start <= column) ?? list[0];
        if (!chosen) return { line, column };
        if (!chosen.copied) return { line: chosen.userLine, column: chosen.userColumn };
        return { line: chosen.userLine, column: chosen.userColumn + (column - chosen.start) };
      },
      /** Where a user position ended up in the generated code, if it was copied. */
      toGenerated(line, column) {
        const segment = segments.find(
          (s) => s.copied && s.userLine === line && column >= s.userColumn && column <= s.userColumn + (s.end - s.start),
        );
        return segment ? { line: segment.line, column: segment.start + (column - segment.userColumn) } : undefined;
      },
    };
  }

  private append(text: string, userLine: number, userColumn: number, copied: boolean): void {
    const pieces = text.split("\n");
    pieces.forEach((piece, index) => {
      if (index > 0) {
        this.lines.push("");
        if (copied) {
          userLine += 1;
          userColumn = 0;
        }
      }
      const line = this.lines.length - 1;
      const start = this.lines[line].length;
      this.lines[line] += piece;
      // Empty pieces still record a segment so an error at the end of a copied line maps.
      this.segments.push({ line, start, end: start + Math.max(piece.length, copied ? 0 : 1), userLine, userColumn, copied });
    });
  }
}
