/** Statements backed by a run's evidence: one place that decides what a trace or a comparison shows. */
export { type Statement } from "./statement";
export { traceShares, computePerUnitUs, type TraceShares } from "./shares";
export { traceStatements, type TraceEvidence } from "./trace-statements";
export { relate, relationPhrase, relationLabel, comparisonStatement, type Relation, type Timed } from "./comparison-statements";
export { validationStatement, modelDifference, predictionStatement } from "./model-statements";
export { repeatStatement, type Repeat } from "./repeat-statements";
export * as evidenceThresholds from "./thresholds";
