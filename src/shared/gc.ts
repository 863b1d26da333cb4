import * as v8 from "node:v8";
import * as vm from "node:vm";

let collector: (() => void) | null | undefined;

/**
 * A function that runs a full garbage collection, or undefined where none can be had.
 *
 * IPython switches Python's cyclic collector off while it times (timeit's gc.disable()).
 * V8 cannot switch its collector off, so %timeit does the next best thing: it collects
 * before each measurement, outside the timed interval, so that garbage left by setup,
 * earlier measurements or earlier cells is not collected on the clock. Collections that
 * the timed statement's own allocations trigger stay in the measurement: they are part
 * of what the statement costs in V8.
 *
 * `gc` is taken from the global when Node runs with --expose-gc; otherwise the flag is
 * set at run time and the function read from a fresh context, where V8 installs it.
 */
export function garbageCollector(): (() => void) | undefined {
  if (collector !== undefined) return collector ?? undefined;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === "function") {
    collector = exposed as () => void;
    return collector;
  }
  try {
    v8.setFlagsFromString("--expose-gc");
    const fromContext: unknown = vm.runInNewContext("gc");
    collector = typeof fromContext === "function" ? (fromContext as () => void) : null;
  } catch {
    collector = null;
  }
  return collector ?? undefined;
}
