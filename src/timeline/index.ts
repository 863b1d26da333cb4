/** The task timeline of a parallel run: read, drawn as a plotly chart, exported for Perfetto / chrome://tracing. */
export { Timeline, timelinesOf, callingThreadId, type TimelineLane, type ChunkBar, type SendBar } from "./timeline";
export { chromeTrace, type ChromeTrace, type TraceEvent, type CompleteEvent, type MetadataEvent } from "./chrome-trace";
export { timelineFigure, maxBars } from "./figure";
export { timelineStats, type TimelineStats } from "./stats";
