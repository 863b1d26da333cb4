import { AsyncLocalStorage } from "node:async_hooks";
import type { RunOptions } from "./options";
import type { RunTrace } from "./trace";

/** What `%parallel -w N -g GRAIN -d DISPATCH -t TRANSPORT [--timeline] STATEMENT` imposes on the statement's runs. */
export type ParallelSettings = Pick<RunOptions, "workers" | "grain" | "dispatch" | "transport" | "inline" | "window" | "timeline">;

interface Scope {
  settings: ParallelSettings;
  traces: RunTrace[];
}

const scopes = new AsyncLocalStorage<Scope>();

/**
 * Runs `fn` with every parallelMatmul / parallelFor call inside it (awaited or
 * scheduled from it) under `settings`, which override the calls' own options, so
 * the same code runs serially or on the pool in any mode without being edited.
 * Resolves to fn's value and the traces of the runs it made, in order.
 */
export async function withParallelSettings<T>(
  settings: ParallelSettings,
  fn: () => T | Promise<T>,
): Promise<{ value: Awaited<T>; traces: RunTrace[] }> {
  const scope: Scope = { settings: { ...settings }, traces: [] };
  const value = await scopes.run(scope, async () => await fn());
  return { value, traces: scope.traces };
}

/** A call's options with the enclosing settings applied over them. */
export function applySettings<O extends RunOptions>(options: O): O {
  const settings = scopes.getStore()?.settings;
  if (!settings) return options;
  const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  return { ...options, ...defined };
}

/** Records a finished run's trace in the enclosing scope, if any. */
export function recordTrace(trace: RunTrace): void {
  scopes.getStore()?.traces.push(trace);
}
