/** V8's sampling CPU profiler around a statement: `profile(fn)`, and the runtime of `%prun`. */
export { defaultIntervalUs } from "./interval";
export { profile, type ProfileOptions, type ProfiledValue } from "./profile";
export { ProfileResult, mainThread, type TableChoice, type WorkerProfile } from "./profile-result";
export { sortKeys, type FunctionRow, type SortKey } from "./function-table";
export type { CpuProfile } from "./sampling";
export { profileParts, garbageCollection, otherPart, type PartRule, type PartShare, type ProfileParts, type SampledFrame } from "./time-parts";
export { mathjsPartRules } from "./mathjs-parts";
export { partsStatement, partShareComparison, profilesAgreement, CARRIES_SHARE_OF_GAP, MIN_PART_SAMPLES, type PartsEvidence, type PartsStatement, type ThreadParts } from "./part-statements";
