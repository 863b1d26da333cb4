/** The parallel runtime: pool, parallel loops and matmul, traces, cost model. */
export { pool, closePool, ParallelPool, type PoolStats, type PoolConfig } from "./pool";
export { parallelMatmul, type ParallelMatmulOptions } from "./parallel-matmul";
export { parallelFor, type LoopRange, type LoopBodyInput, type ParallelForOptions } from "./parallel-for";
export { lastTrace } from "./run";
export { measurePerTaskCost } from "./task-cost";
export { setParallelEnabled, isParallelEnabled } from "./mode";
export { withParallelSettings, type ParallelSettings } from "./settings";
export { registerLoopBody, loopBodyNames, type BodyFactory, type RangeRunner } from "./bodies";
export { type RunTrace, type WorkerTrace, traceTotalUs } from "./trace";
export { traceRows, traceHeadline, formatTrace, type TraceRow } from "./trace-format";
export { compileLoopBody, type CompiledBody } from "./source-body";
export { prange } from "./parallel-for";
export { type Grain, type Dispatch, type Transport, type RunOptions, parseGrain } from "./options";
export { ParallelTaskError, WorkerDiedError, ParallelInterruptedError } from "./errors";
export { calibrateModel, predict, serialFraction, amdahlSpeedup, karpFlatt, type CostModel, type Prediction } from "./model";
export { scaleModel } from "./model-scale";
export * from "./evidence";
