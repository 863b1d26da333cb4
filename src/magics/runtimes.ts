/**
 * The runtime half of every magic whose generated code calls one. The tsparallel module
 * exports these (src/index.ts), so a cell reaches them as `$tsp.$magic<Name>` and the
 * cell's checker types each call from the runtime's own code: the declarations sent with
 * every cell give `$tsp` the module's type (execution/cell-scope.ts). A magic names its
 * runtime in generated code with `magicRuntime` (runtime-reference.ts).
 */
export { $magicTimeit } from "../timing/magic-runtime";
export { $magicParallel } from "./parallel-runtime";
export { $magicRoofline } from "../roofline/magic-runtime";
export { $magicPrun } from "../profile/magic-runtime";
