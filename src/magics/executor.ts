import { UsageError } from "../errors";
import type { CompletionOutcome, ExecuteOutcome, Executor } from "../execution/types";
import { builtinMagics } from "./builtins";
import { MagicRegistry } from "./registry";
import { cursorToGenerated, cursorToUser } from "./cursor";
import { transformCell, type TransformedCell } from "./transform";

/**
 * The magic layer in front of an executor: each cell's magics are rewritten into
 * TypeScript (transform.ts) and the result runs on `inner` with the position map, so
 * errors point at what the user typed. A UsageError ends the request before anything
 * runs: one line, no stack, the session's state untouched.
 */
export function createMagicExecutor(inner: Executor, registry: MagicRegistry = new MagicRegistry(builtinMagics)): Executor {
  const transform = (code: string) => transformCell(code, registry);
  /** The rewritten cell for completion and inspection; undefined when it has no magics or bad ones. */
  const quietTransform = (code: string): TransformedCell | undefined => {
    try {
      return transform(code);
    } catch (error) {
      if (error instanceof UsageError) return undefined;
      throw error;
    }
  };
  return {
    async execute(code, sink, options = {}) {
      let transformed;
      try {
        transformed = transform(code);
      } catch (error) {
        if (error instanceof UsageError) return usageErrorOutcome(error.message);
        throw error;
      }
      if (!transformed) return inner.execute(code, sink, options);
      return inner.execute(transformed.code, sink, { ...options, positionMap: transformed.positionMap });
    },
    complete(code, cursorPos) {
      const magicName = completeMagicName(code, cursorPos, registry);
      if (magicName) return magicName;
      const cell = quietTransform(code);
      if (!cell) return inner.complete(code, cursorPos);
      const generatedCursor = cursorToGenerated(code, cursorPos, cell);
      if (generatedCursor === undefined) return { matches: [], cursorStart: cursorPos, cursorEnd: cursorPos, metadata: {} };
      const completion = inner.complete(cell.code, generatedCursor);
      const shift = (position: number) => cursorToUser(code, position, cell);
      const metadata = { ...completion.metadata };
      const types = metadata._jupyter_types_experimental;
      if (Array.isArray(types)) {
        metadata._jupyter_types_experimental = types.map((entry: { start: number; end: number }) => ({ ...entry, start: shift(entry.start), end: shift(entry.end) }));
      }
      return { ...completion, cursorStart: shift(completion.cursorStart), cursorEnd: shift(completion.cursorEnd), metadata };
    },
    inspect(code, cursorPos, detailLevel) {
      const cell = quietTransform(code);
      if (!cell) return inner.inspect(code, cursorPos, detailLevel);
      const generatedCursor = cursorToGenerated(code, cursorPos, cell);
      if (generatedCursor === undefined) return { found: false, data: {} };
      return inner.inspect(cell.code, generatedCursor, detailLevel);
    },
    isComplete(code) {
      try {
        const transformed = transform(code);
        return inner.isComplete(transformed ? transformed.code : code);
      } catch (error) {
        // Let it run: executing shows the UsageError.
        if (error instanceof UsageError) return { status: "complete" };
        throw error;
      }
    },
    interrupt: () => inner.interrupt(),
    dispose: () => inner.dispose(),
  };
}

export function usageErrorOutcome(message: string): ExecuteOutcome {
  return { status: "error", ename: "UsageError", evalue: message, traceback: [`UsageError: ${message}`] };
}

/**
 * Completes `%ti|` / `%%ti|` at the start of a line to the magics' names. Cursor positions
 * are in Unicode code points (Jupyter's unit); the prefix is ASCII, so only the offset of
 * the line start needs converting.
 */
function completeMagicName(code: string, cursorPos: number, registry: MagicRegistry): CompletionOutcome | undefined {
  const characters = Array.from(code);
  const before = characters.slice(0, cursorPos).join("");
  const match = /(^|\n)[ \t]*(%%?)([A-Za-z_]\w*)?$/.exec(before);
  if (!match) return undefined;
  const [, , percent, partial = ""] = match;
  const candidates = percent === "%%" ? registry.cellMagics() : registry.lineMagics();
  const matches = candidates.map((magic) => `${percent}${magic.name}`).filter((name) => name.startsWith(percent + partial));
  const cursorStart = cursorPos - percent.length - partial.length;
  return { matches, cursorStart, cursorEnd: cursorPos, metadata: {} };
}
