import type { CostModel } from "./model";

/**
 * The same configuration's model at another matrix size, from the measured per-element
 * cost: a unit of the product is an inner product of length n, so with one task per
 * element there are n² tasks of n multiply-adds each, and with one task per row n tasks
 * of n² each. The per-task overheads (a message, a claim) and the serial part do not
 * depend on n; the serial baseline grows as n³. What this leaves out: caches — at n = 1000
 * B (8 MB) no longer fits where it fits at n = 400, so the naive loop's cost per
 * multiply-add can grow; the prediction is then optimistic.
 */
export function scaleModel(model: CostModel, from: { n: number; grain: "element" | "row" }, toN: number): CostModel {
  if (!(from.n > 0) || !(toN > 0)) throw new RangeError(`scaleModel: sizes must be positive, got ${from.n} and ${toN}`);
  const ratio = toN / from.n;
  const tasksGrow = from.grain === "element" ? ratio ** 2 : ratio;
  const workGrows = from.grain === "element" ? ratio : ratio ** 2;
  return {
    ...model,
    chunks: Math.round(model.chunks * tasksGrow),
    computePerChunkUs: model.computePerChunkUs * workGrows,
    baselineUs: model.baselineUs * ratio ** 3,
  };
}
