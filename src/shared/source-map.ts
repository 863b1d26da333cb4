/**
 * Just enough of Source Map v3 (https://sourcemaps.info/spec.html) to map a position in
 * generated JavaScript back to its source: decode the `mappings` string, look a position up.
 * All positions are zero-based.
 */

export interface Position {
  line: number;
  column: number;
}

/** One mapping segment: generated column → source line and column. */
interface Segment {
  generatedColumn: number;
  sourceLine: number;
  sourceColumn: number;
}

const base64Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const digitValue = new Map([...base64Digits].map((char, index) => [char, index]));

/** Decodes the base64 VLQ fields of one segment ("AAAA" → [0, 0, 0, 0]). */
export function decodeVlqSegment(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = digitValue.get(char);
    if (digit === undefined) throw new Error(`invalid base64 VLQ digit ${JSON.stringify(char)}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

export class LineMap {
  private readonly lines: Segment[][];

  constructor(mappings: string) {
    this.lines = decodeMappings(mappings);
  }

  /**
   * The source position of the segment that covers (line, column): the last segment on that
   * line starting at or before the column, else the line's first segment (indentation).
   */
  originalPosition(position: Position): Position | undefined {
    const segments = this.lines[position.line];
    if (!segments || segments.length === 0) return undefined;
    let found = segments[0];
    for (const segment of segments) {
      if (segment.generatedColumn > position.column) break;
      found = segment;
    }
    return { line: found.sourceLine, column: found.sourceColumn };
  }
}

function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(";")) {
    const segments: Segment[] = [];
    let generatedColumn = 0;
    for (const segmentText of lineText.split(",")) {
      if (segmentText === "") continue;
      const fields = decodeVlqSegment(segmentText);
      generatedColumn += fields[0];
      if (fields.length < 4) continue; // a segment with no source
      sourceLine += fields[2];
      sourceColumn += fields[3];
      segments.push({ generatedColumn, sourceLine, sourceColumn });
    }
    segments.sort((a, b) => a.generatedColumn - b.generatedColumn);
    lines.push(segments);
  }
  return lines;
}
