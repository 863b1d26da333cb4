/**
 * Finds the lines of a cell that start in code, as opposed to inside a string, a
 * template literal or a comment, so that a `%` line inside a multi-line template literal
 * or block comment is left alone. `isMagicLine` is asked about each line that starts in
 * code; a line it accepts is skipped without being scanned (a magic's arguments are not
 * TypeScript: `%timeit -n 3 f('it''s')` must not open a string).
 *
 * Lexical rules followed: '...' and "..." strings (backslash escapes), template literals
 * with nested `${ ... }`, // and block comments, and regular-expression literals, told
 * from division by the token before the slash (after an identifier, number, `)` or `]`
 * it divides, after a keyword such as `return` it starts a regex). A line continuing an
 * expression with a leading `%` (modulo) is taken for a magic only if it reads as one
 * (`%name`), which valid TypeScript almost never does.
 */
export function linesStartingInCode(code: string, isMagicLine: (line: string, index: number) => boolean): Set<number> {
  const lines = code.split("\n");
  const result = new Set<number>();
  const stack: Mode[] = ["code"];
  let braceDepths: number[] = [];
  let previousSignificant = "";
  let previousWord = "";

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const mode = stack[stack.length - 1];
    if (mode === "code") {
      result.add(index);
      if (isMagicLine(line, index)) continue;
    }
    let i = 0;
    // A // comment or an unterminated quote ends with the line.
    while (i < line.length) {
      const current = stack[stack.length - 1];
      const char = line[i];
      if (current === "block-comment") {
        const end = line.indexOf("*/", i);
        if (end === -1) break;
        stack.pop();
        i = end + 2;
        continue;
      }
      if (current === "template") {
        if (char === "\\") i += 2;
        else if (char === "`") {
          stack.pop();
          previousSignificant = "`";
          i++;
        } else if (char === "$" && line[i + 1] === "{") {
          stack.push("code");
          braceDepths.push(0);
          i += 2;
        } else i++;
        continue;
      }
      // code
      if (char === "/" && line[i + 1] === "/") break;
      if (char === "/" && line[i + 1] === "*") {
        stack.push("block-comment");
        i += 2;
        continue;
      }
      if (char === "'" || char === '"') {
        i = skipQuoted(line, i);
        previousSignificant = char;
        continue;
      }
      if (char === "`") {
        stack.push("template");
        i++;
        continue;
      }
      if (char === "/" && startsRegex(previousSignificant, previousWord)) {
        i = skipRegex(line, i);
        previousSignificant = "/";
        continue;
      }
      if (char === "{" && braceDepths.length > 0) braceDepths[braceDepths.length - 1]++;
      if (char === "}" && braceDepths.length > 0) {
        if (braceDepths[braceDepths.length - 1] === 0) {
          braceDepths = braceDepths.slice(0, -1);
          stack.pop(); // back into the template
          i++;
          continue;
        }
        braceDepths[braceDepths.length - 1]--;
      }
      if (/[A-Za-z0-9_$]/.test(char)) {
        let end = i;
        while (end < line.length && /[A-Za-z0-9_$]/.test(line[end])) end++;
        previousWord = line.slice(i, end);
        previousSignificant = "a";
        i = end;
        continue;
      }
      if (!/\s/.test(char)) {
        previousSignificant = char;
        previousWord = "";
      }
      i++;
    }
  }
  return result;
}

type Mode = "code" | "template" | "block-comment";

const regexAfterKeyword = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "instanceof", "yield", "await"]);

function startsRegex(previous: string, word: string): boolean {
  if (previous === "a") return regexAfterKeyword.has(word);
  return !(previous === ")" || previous === "]" || previous === "}" || previous === "'" || previous === '"' || previous === "`");
}

function skipQuoted(line: string, start: number): number {
  const quote = line[start];
  let i = start + 1;
  while (i < line.length && line[i] !== quote) i += line[i] === "\\" ? 2 : 1;
  return i + 1;
}

function skipRegex(line: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < line.length) {
    const char = line[i];
    if (char === "\\") i += 2;
    else {
      if (char === "[") inClass = true;
      else if (char === "]") inClass = false;
      else if (char === "/" && !inClass) return i + 1;
      i++;
    }
  }
  return i;
}
