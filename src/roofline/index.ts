export { type Ceiling, type CeilingOptions, type MachineCeilings, measureCeilings } from "./ceilings";
export { type CeilingUnit, type ProbeName, PROBE_NAMES } from "./probe";
export { type ComputeProbe, type Placement, type RooflinePoint, COMPUTE_PROBES, placePoint } from "./placement";
export { Roofline, roofline } from "./roofline";
export { computeProbeOf, measureKernelPoint } from "./kernel-points";
export type { MagicRooflineFlags } from "./magic-runtime";
