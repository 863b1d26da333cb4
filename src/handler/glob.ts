/**
 * Glob matching for history_request's `search`, in time proportional to
 * input × pattern whatever the pattern. The glob used to become a RegExp, and
 * V8's backtracking made `*a*a*a*a*a*a*a*a*b` against a long cell run for
 * hours while the shell answered nothing. IPython hands the
 * glob to SQLite, whose matcher does not blow up this way either.
 *
 * Syntax as SQLite's GLOB: `*` any run of characters (newlines included), `?`
 * one character, `[...]` one of a set with ranges (`a-z`), negated by a leading
 * `^` (SQLite) or `!` (shell globs); `]` first in a set is literal; an
 * unclosed `[` is literal. Case-sensitive; the whole input must match.
 */

type Token = { kind: "star" } | { kind: "char"; matches(c: string): boolean };

export type GlobMatcher = (text: string) => boolean;

export function compileGlob(glob: string): GlobMatcher {
  const tokens = tokenize(Array.from(glob));
  return (text) => matchTokens(tokens, Array.from(text));
}

/**
 * Greedy matching with one backtrack point, the last star: when a later
 * literal fails, only the last star takes one more character. Earlier stars
 * never need to take more (whatever they could absorb the last star can), so
 * each input position is retried at most once per pattern token.
 */
function matchTokens(tokens: readonly Token[], text: readonly string[]): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let starTextAt = 0;
  while (t < text.length) {
    const token = tokens[p];
    if (token?.kind === "star") {
      starAt = p++;
      starTextAt = t;
    } else if (token?.kind === "char" && token.matches(text[t]!)) {
      p++;
      t++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      t = ++starTextAt;
    } else {
      return false;
    }
  }
  while (tokens[p]?.kind === "star") p++;
  return p === tokens.length;
}

function tokenize(glob: readonly string[]): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      // Consecutive stars are one star.
      if (tokens.at(-1)?.kind !== "star") tokens.push({ kind: "star" });
    } else if (c === "?") {
      tokens.push({ kind: "char", matches: () => true });
    } else if (c === "[" && closingBracket(glob, i) > 0) {
      const close = closingBracket(glob, i);
      tokens.push({ kind: "char", matches: charSet(glob.slice(i + 1, close)) });
      i = close;
    } else {
      tokens.push({ kind: "char", matches: (x) => x === c });
    }
  }
  return tokens;
}

/** Index of the `]` closing the set opened at `open` (a `]` right after `[`, `[^` or `[!` is a member), or -1. */
function closingBracket(glob: readonly string[], open: number): number {
  let i = open + 1;
  if (glob[i] === "^" || glob[i] === "!") i++;
  i++; // the first member, which may be "]"
  for (; i < glob.length; i++) if (glob[i] === "]") return i;
  return -1;
}

function charSet(body: readonly string[]): (c: string) => boolean {
  const negated = body[0] === "^" || body[0] === "!";
  const members = negated ? body.slice(1) : body;
  const singles = new Set<string>();
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    // "a-z" is a range; a "-" first or last is literal.
    if (members[i + 1] === "-" && i + 2 < members.length) {
      ranges.push([m.codePointAt(0)!, members[i + 2]!.codePointAt(0)!]);
      i += 2;
    } else {
      singles.add(m);
    }
  }
  return (c) => {
    const code = c.codePointAt(0)!;
    const member = singles.has(c) || ranges.some(([low, high]) => code >= low && code <= high);
    return member !== negated;
  };
}
