import { UsageError } from "../errors";
import type { CompletionOutcome, ExecuteOutcome, Executor } from "../execution/types";
import { builtinMagics } from "./builtins";
import { MagicRegistry } from "./registry";
import { transformCell } from "./transform";

/**
 * The magic layer in front of an executor: each cell's magics are rewritten into
 * TypeScript (transform.ts) and the result runs on `inner` with the position map, so
 * errors point at what the user typed. A UsageError ends the request before anything
 * runs: one line, no stack, the session's state untouched.
 */
export function createMagicExecutor(inner: Executor, registry: MagicRegistry = new MagicRegistry(builtinMagics)): Executor {
  const transform = (code: string) => transformCell(code, registry);
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
      return completeMagicName(code, cursorPos, registry) ?? inner.complete(code, cursorPos);
    },
    inspect: (code, cursorPos, detailLevel) => inner.inspect(code, cursorPos, detailLevel),
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
