/**
 * Formulas left for MathJax to typeset. nbconvert's report pages load MathJax from a
 * CDN, so such a formula shows as raw TeX in a report read offline; notebooks write their
 * formulas in HTML and Unicode instead (<i>T</i>(<i>P</i>), ⌈N/P⌉, ·).
 */

/** What MathJax scans in a page: its text without scripts, styles, code and preformatted blocks (the tags MathJax skips). */
export function proseOf(html: string): string {
  return html.replace(/<(script|style|pre|code|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ");
}

/** MathJax's TeX delimiters as nbconvert configures them: $$…$$, \[…\], \(…\), $…$ and bare environments. */
const delimiters: readonly RegExp[] = [
  /\$\$[\s\S]+?\$\$/g,
  /\\\[[\s\S]+?\\\]/g,
  /\\\([\s\S]+?\\\)/g,
  /\\begin\{[A-Za-z*]+\}/g,
  // Inline $…$ within one line: nbconvert's MathJax takes any such pair (an escaped \$ aside).
  /(?<!\\)\$[^$\n]+?(?<!\\)\$/g,
];

/** Each formula in `text` that MathJax would typeset, as written; display formulas are taken out before inline ones are sought. */
export function texFormulas(text: string): string[] {
  const found: string[] = [];
  let rest = text;
  for (const pattern of delimiters) {
    rest = rest.replace(pattern, (formula) => {
      found.push(formula);
      return " ";
    });
  }
  return found;
}
