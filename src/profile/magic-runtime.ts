import { display } from "../display/display";
import type { SortKey } from "./function-table";
import { profile } from "./profile";
import type { ProfileResult } from "./profile-result";

/** The flags of one %prun / %%prun, as the magic layer parsed them. */
export interface MagicPrunFlags {
  sort: SortKey;
  limit: number;
  quiet: boolean;
  intervalUs: number;
}

/**
 * The runtime half of %prun: called by the code the magic layer generates, as
 * `$tsp.$magicPrun(flags, async () => { <statement>; return (<trailing expression>); })`.
 * Shows the top functions and the call tree unless quiet, and returns the result (the
 * rewrite discards it unless -o was given). A statement that throws rejects with its own
 * error, after the profiler has stopped.
 */
export async function $magicPrun(flags: MagicPrunFlags, statement: () => unknown): Promise<ProfileResult> {
  const { profile: result } = await profile(statement, { intervalUs: flags.intervalUs });
  if (!flags.quiet) {
    display(result.table({ sort: flags.sort, limit: flags.limit }));
    display(result.icicle);
  }
  return result;
}
