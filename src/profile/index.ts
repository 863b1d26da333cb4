/** V8's sampling CPU profiler around a statement: `profile(fn)`, and the runtime of `%prun`. */
export { defaultIntervalUs } from "./interval";
export { profile, type ProfileOptions, type ProfiledValue } from "./profile";
export { ProfileResult, mainThread, type TableChoice, type WorkerProfile } from "./profile-result";
export { sortKeys, type FunctionRow, type SortKey } from "./function-table";
export type { CpuProfile } from "./sampling";
