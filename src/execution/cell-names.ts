/**
 * Which of a cell's top-level names were bound when it ended, so that a cell that throws
 * part-way keeps what ran before the error (IPython keeps the names bound before an
 * exception) and gives back, for the rest, the values they had before the cell.
 *
 * The converter's CommonJS starts with a prologue that clears every name the cell
 * declares (`exports.a = exports.b = void 0;`), then assigns each one where its statement
 * runs (`exports.a = a;`). The prologue is rewritten to store a marker no cell can produce
 * instead of `undefined`: a name still holding the marker when the cell ends was never
 * reached. (The marker only differs from TypeScript's `void 0` for code that reads a
 * `var` before its declaration, which the checker allows and nobody relies on.)
 */
const unsetKey = Symbol.for("tsparallel.unsetCellName");
const unset: unique symbol = Symbol("not yet bound by the cell");
(globalThis as Record<symbol, unknown>)[unsetKey] = unset;

const unsetExpression = `globalThis[Symbol.for("tsparallel.unsetCellName")]`;
const prologueLine = /^exports\.[\w$]+(?: = exports\.[\w$]+)* = void 0;$/;
const preambleLine = /^("use strict";|Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);)$/;

export interface MarkedCell {
  /** The cell's code with the prologue storing the marker. */
  code: string;
  /** Every name the prologue clears, in order. */
  names: string[];
}

/** Rewrites the prologue lines at the top of the converter's output (their line count is kept, so source maps hold). */
export function markDeclaredNames(output: string): MarkedCell {
  const lines = output.split("\n");
  const names: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (preambleLine.test(line)) continue;
    if (!prologueLine.test(line)) break;
    for (const match of line.matchAll(/exports\.([\w$]+)/g)) names.push(match[1]);
    lines[index] = line.replace(/ = void 0;$/, ` = ${unsetExpression};`);
  }
  return { code: lines.join("\n"), names };
}

/** The values the names had before the cell ran. */
export type NameSnapshot = ReadonlyMap<string, unknown>;

export function snapshotNames(scope: Record<string, unknown>, names: readonly string[]): NameSnapshot {
  return new Map(names.map((name) => [name, scope[name]]));
}

/**
 * Puts back the earlier value of every name the cell did not bind (all of them when
 * `rollBackAll`, for a cell stopped because the heap was nearly full: what it bound is
 * what filled it), and returns those names.
 */
export function settleNames(scope: Record<string, unknown>, before: NameSnapshot, rollBackAll = false): string[] {
  const unreached: string[] = [];
  for (const [name, previous] of before) {
    if (!rollBackAll && scope[name] !== unset) continue;
    scope[name] = previous;
    unreached.push(name);
  }
  return unreached;
}
