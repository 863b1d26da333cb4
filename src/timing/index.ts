/** Timing as IPython's %timeit does it: measurement, TimeitResult, IPython's formatting. */
export { timeit, type TimeitOptions } from "./timeit";
export { measure, defaultRepeat, defaultPrecision, autorangeThreshold, type MeasureOptions, type TimedLoop } from "./measure";
export { TimeitResult, formatTimeitResult, slowestRunWarning, compileTimeNote, type TimeitResultInit } from "./timeit-result";
export { formatTime, formatG } from "./format-time";
export { wallClock, cpuClock, clockOf, type Clock, type ClockKind } from "./clocks";
export { garbageCollector } from "./gc";
export { isThenable } from "./thenable";
export { median } from "./median";
export type { MagicTimeitFlags, MagicTimedLoop } from "./magic-runtime";
export { spreadOf, scaleSpread, spreadsOverlap, formatSpread, perRoundRatios, type Spread } from "./spread";
export { interleaveRounds, roundOrder, type RoundsOf, type InterleaveOptions } from "./interleave";
