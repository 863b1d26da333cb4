import type { PartRule, SampledFrame } from "./time-parts";

/** A frame in a file of an npm package: `mathjs/lib/cjs/type/matrix/DenseMatrix.js:29` is in `mathjs` at `type/matrix/DenseMatrix.js`. */
function inPackageFile(frame: SampledFrame, packageName: string, files: RegExp): boolean {
  const match = /^([^/:]+)\/(?:lib\/(?:cjs|esm)\/)?([^:]+)(?::\d+)?$/.exec(frame.location);
  return match !== null && match[1] === packageName && files.test(match[2]!);
}

const kernelFile = /^tsparallel\/matmul\/kernels\/mathjs\.ts(?::\d+)?$/;

/**
 * The two parts of the `mathjs` kernel's product (src/matmul/kernels/mathjs.ts) a profile
 * can tell apart: getting the data into mathjs's form and back, and mathjs's multiply
 * itself. mathjs's loop calls `addScalar` and `multiplyScalar` for every multiply-add,
 * through typed-function's type dispatch; V8 inlines those calls into the loop, and a
 * sample in inlined code may be attributed to the loop or to the dispatcher, so the rule
 * keeps them in one part rather than report a split the profile cannot make.
 */
export const mathjsPartRules: readonly PartRule[] = [
  {
    label: "conversion",
    frames:
      "tsparallel's mathjs kernel (`rowsOf`, copying Float64Array rows into nested arrays, and the copy of the product back); " +
      "mathjs's matrix type (`type/matrix/`: `matrix()`, `DenseMatrix`) and `utils/array.js` (copying the nested arrays into DenseMatrix objects, checking their sizes, " +
      "unwrapping the product)",
    matches: (frame) =>
      kernelFile.test(frame.location) || inPackageFile(frame, "mathjs", /^(type\/matrix\/.+|utils\/array)\.js$/),
  },
  {
    label: "multiply loop",
    frames:
      "mathjs's `function/arithmetic/multiply.js` (the Matrix × Matrix loop), the scalar add and multiply it calls per element " +
      "(`plain/number/arithmetic.js`) and typed-function's dispatch to them: V8 inlines these into the loop, so samples cannot tell them apart",
    matches: (frame) =>
      inPackageFile(frame, "mathjs", /^(function\/arithmetic\/multiply|plain\/number\/arithmetic)\.js$/) || inPackageFile(frame, "typed-function", /\.js$/),
  },
];
