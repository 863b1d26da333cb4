/**
 * Jupyter counts cursor positions in Unicode code points (messaging spec 5.2, "cursor_pos");
 * JavaScript strings and TypeScript count UTF-16 code units. These convert between them.
 */

export function codePointsToUtf16(text: string, codePoints: number): number {
  let units = 0;
  for (let seen = 0; seen < codePoints && units < text.length; seen++) {
    units += (text.codePointAt(units) ?? 0) > 0xffff ? 2 : 1;
  }
  return units;
}

export function utf16ToCodePoints(text: string, units: number): number {
  return [...text.slice(0, Math.max(0, units))].length;
}
