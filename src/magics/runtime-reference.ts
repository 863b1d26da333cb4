import { tsparallelGlobalName } from "../execution/cell-scope";
import type * as Runtimes from "./runtimes";

/** A magic runtime's name among the tsparallel module's exports (runtimes.ts). */
export type MagicRuntimeName = keyof typeof Runtimes;

/**
 * How generated code names a magic's runtime: `$tsp.$magicParallel`. Only the name is
 * needed here, so the rewrite does not load the runtime (it pulls in the pool and the
 * plotting code); the cell loads it through `$tsp` when it runs.
 */
export function magicRuntime(name: MagicRuntimeName): string {
  return `${tsparallelGlobalName}.${name}`;
}
