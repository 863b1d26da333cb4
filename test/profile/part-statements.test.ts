import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { partShareComparison, partsStatement, profilesAgreement, type PartsEvidence } from "../../src/profile/part-statements";
import type { ProfileParts } from "../../src/profile/time-parts";
import { spreadOf } from "../../src/timing/spread";

/** Parts from sample counts of 1 ms each, in the order conversion, multiply loop, garbage collection, other. */
function partsOf(conversion: number, loop: number, gc: number, other: number): ProfileParts {
  const counts: [string, number][] = [["conversion", conversion], ["multiply loop", loop], ["garbage collection", gc], ["other", other]];
  const samples = conversion + loop + gc + other;
  return { parts: counts.map(([label, count]) => ({ label, samples: count, ms: count, share: count / samples })), samples, sampledMs: samples, idleMs: 0 };
}

const evidence = (parts: ProfileParts, subjectSeconds: number, referenceSeconds: number): PartsEvidence => ({
  subject: "mathjs",
  parts,
  seconds: spreadOf([subjectSeconds * 0.95, subjectSeconds, subjectSeconds * 1.1]),
  reference: { name: "wasm", seconds: referenceSeconds },
});

describe("where a profile says a gap lies", () => {
  it("names the part whose share, at its low end, holds half of the gap, and rules out the others with their high end", () => {
    // 400 samples: loop 80% ± 4%; mathjs 1 s against 0.1 s, a gap of 0.9 s; the loop holds at least 0.76 s.
    const statement = partsStatement(evidence(partsOf(40, 320, 30, 10), 1, 0.1));
    assert.equal(statement.kind, "part-carries-gap");
    assert.equal(statement.part, "multiply loop");
    assert.match(statement.text, /^400 samples over 400 ms: conversion 10% ± 3%, multiply loop 80% ± 4%, garbage collection 8% ± 3%, other 3% ± 2%\./);
    assert.match(statement.text, /10× as long as wasm/);
    assert.match(statement.text, /its multiply loop \(at least 76% of its time\) holds at least half of that gap/);
    // Conversion at most 13%: the rest is 0.87 s, 8.7× wasm's 0.1 s.
    assert.match(statement.text, /its conversion is at most 13%, and the rest of its time alone is still 8\.7× as long as wasm/);
    assert.doesNotMatch(statement.text, /its other/, "other is not a cause");
  });

  it("names every part that holds half of the gap, the largest first", () => {
    // 400 samples: conversion 40% ± 5%, loop 50% ± 5%; a gap of 0.5 s in 1 s: each holds at least 0.25 s.
    const statement = partsStatement(evidence(partsOf(160, 200, 30, 10), 1, 0.5));
    assert.equal(statement.kind, "part-carries-gap");
    assert.equal(statement.part, "multiply loop");
    assert.match(statement.text, /its multiply loop \(at least 45% of its time\) and its conversion \(at least 35% of its time\) each hold at least half of that gap/);
  });

  it("names no part when none holds half of the gap, however large the gap", () => {
    // Three parts of about a third each: none reaches half of a gap that is 90% of the time.
    const statement = partsStatement(evidence(partsOf(130, 140, 130, 0), 1, 0.1));
    assert.equal(statement.kind, "no-part-carries-gap");
    assert.match(statement.text, /no part the rule names holds half of that gap on its own/);
  });

  it("does not rule out a part whose removal would not leave the subject slower", () => {
    // 100 samples: conversion 10% ± 6%. A gap of 0.15 s in 1 s: at its low end (4%) conversion
    // holds less than half of it, at its high end (16%) it could close it.
    const statement = partsStatement(evidence(partsOf(10, 80, 5, 5), 1, 0.85));
    assert.equal(statement.kind, "part-carries-gap");
    assert.match(statement.text, /its conversion \(4%–16%\) may or may not hold half of it/);
  });

  it("says nothing about causes from too few samples, or when there is no gap", () => {
    assert.equal(partsStatement(evidence(partsOf(2, 30, 3, 1), 1, 0.1)).kind, "too-few-samples");
    const none = partsStatement(evidence(partsOf(40, 320, 30, 10), 0.1, 0.2));
    assert.equal(none.kind, "no-gap");
    assert.doesNotMatch(none.text, /holds at least half/);
  });
});

describe("comparing a part's share between threads", () => {
  const serial = { thread: "the serial product", parts: partsOf(40, 320, 30, 10) }; // conversion 10% ± 3%
  it("says larger only when every worker's interval lies above the serial one", () => {
    const larger = partShareComparison("conversion", serial, [
      { thread: "worker 1", parts: partsOf(40, 100, 50, 10) }, // 20% ± 6%
      { thread: "worker 2", parts: partsOf(50, 100, 40, 10) }, // 25% ± 6%
    ]);
    assert.equal(larger.kind, "share-larger");
    assert.match(larger.text, /^conversion took 10% ± 3% of the serial product's running time \(400 samples\) and 20% ± 6% on worker 1 \(200 samples\), 25% ± 6% on worker 2/);
    const mixed = partShareComparison("conversion", serial, [
      { thread: "worker 1", parts: partsOf(40, 100, 50, 10) },
      { thread: "worker 2", parts: partsOf(25, 125, 40, 10) }, // 13% ± 5%: overlaps 7–13%
    ]);
    assert.equal(mixed.kind, "share-not-different");
    assert.match(mixed.text, /their intervals overlap/);
  });

  it("says smaller when every worker lies below, and nothing from a thinly sampled worker", () => {
    const smaller = partShareComparison("multiply loop", serial, [{ thread: "worker 1", parts: partsOf(40, 100, 50, 10) }]); // 50% against 80%
    assert.equal(smaller.kind, "share-smaller");
    const thin = partShareComparison("conversion", serial, [{ thread: "worker 1", parts: partsOf(20, 10, 5, 5) }]); // 50%, but 40 samples
    assert.equal(thin.kind, "share-not-different");
    assert.match(thin.text, /fewer than 50 samples/);
  });

  it("refuses a part the rule does not have", () => {
    assert.throws(() => partShareComparison("transfer", serial, []), /no part "transfer"/);
  });
});

describe("whether two profiles of the same work agree", () => {
  const first = (parts: ProfileParts) => ({ thread: "the first serial profile", parts });
  const second = (parts: ProfileParts) => ({ thread: "the second", parts });

  it("agrees when every part's intervals overlap, whatever the sample counts", () => {
    // conversion 10% ± 3% (400 samples) against 12% ± 4% (300 samples).
    const agreement = profilesAgreement(first(partsOf(40, 320, 30, 10)), second(partsOf(36, 240, 18, 6)));
    assert.equal(agreement.kind, "agree");
    assert.match(agreement.text, /conversion 10% ± 3% against 12% ± 4%/);
  });

  it("disagrees when one part's intervals lie apart, and names that part", () => {
    // conversion 10% ± 3% against 40% ± 5%: the conversion swung between the two runs.
    const agreement = profilesAgreement(first(partsOf(40, 320, 30, 10)), second(partsOf(160, 200, 30, 10)));
    assert.equal(agreement.kind, "disagree");
    assert.match(agreement.text, /disagree on conversion and multiply loop \(/);
    assert.doesNotMatch(agreement.text, /garbage collection and/, "garbage collection overlaps: 8% ± 3% both times");
  });

  it("does not compare profiles with too few samples", () => {
    assert.equal(profilesAgreement(first(partsOf(2, 30, 3, 1)), second(partsOf(160, 200, 30, 10))).kind, "too-few-samples");
  });
});
