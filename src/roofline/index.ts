export { type Ceiling, type CeilingOptions, type MachineCeilings, measureCeilings } from "./ceilings";
export { type CeilingUnit, type ProbeName, PROBE_NAMES } from "./probe";
