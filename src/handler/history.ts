import { compileGlob } from "./glob";

/**
 * The inputs (and text/plain outputs) of cells run with store_history, kept in
 * memory for this kernel process, answering history_request the way IPython's
 * HistoryManager does. https://jupyter-client.readthedocs.io/en/stable/messaging.html#history
 */
export interface HistoryEntry {
  session: number;
  line: number;
  input: string;
  output: string | null;
}

export type HistoryRow = [number, number, string] | [number, number, [string, string | null]];

/** This process's session number. Sessions are numbered from 1 as IPython does; 0 or negative means relative to this one. */
export const CURRENT_SESSION = 1;

export class History {
  private readonly entries: HistoryEntry[] = [];

  record(line: number, input: string, output: string | null = null): void {
    this.entries.push({ session: CURRENT_SESSION, line, input, output });
  }

  /** Sets the output of an already recorded line (the result arrives after the input is stored). */
  setOutput(line: number, output: string): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i]!.line === line) {
        this.entries[i]!.output = output;
        return;
      }
    }
  }

  /** The last `n` entries, oldest first. */
  tail(n: number): HistoryEntry[] {
    return n <= 0 ? [] : this.entries.slice(-n);
  }

  /** Lines `start <= line < stop` of `session` (stop absent: to the end). */
  range(session: number, start: number, stop: number | undefined): HistoryEntry[] {
    const wanted = session <= 0 ? CURRENT_SESSION + session : session;
    return this.entries.filter((e) => e.session === wanted && e.line >= start && (stop === undefined || e.line < stop));
  }

  /**
   * Inputs matching a glob (glob.ts: `*`, `?`, `[...]` like SQLite's GLOB that
   * IPython uses; case-sensitive, whole input). `unique` keeps the latest of equal
   * inputs; `n` keeps the last n matches.
   */
  search(pattern: string, n: number | undefined, unique: boolean): HistoryEntry[] {
    const matches = compileGlob(pattern);
    let found = this.entries.filter((e) => matches(e.input));
    if (unique) {
      const seen = new Set<string>();
      found = found.reverse().filter((e) => !seen.has(e.input) && seen.add(e.input)).reverse();
    }
    return n !== undefined && n > 0 ? found.slice(-n) : found;
  }
}

export function toRows(entries: readonly HistoryEntry[], withOutput: boolean): HistoryRow[] {
  return entries.map((e): HistoryRow => (withOutput ? [e.session, e.line, [e.input, e.output]] : [e.session, e.line, e.input]));
}
