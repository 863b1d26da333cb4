import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { repeatStatement } from "../../src/parallel/evidence";
import { spreadOf } from "../../src/timing/spread";

const ms = (...values: number[]) => spreadOf(values.map((v) => v / 1e3));

describe("repeated measurements of the same work", () => {
  test("ranges that overlap agree: no statement", () => {
    assert.equal(repeatStatement("Serial dot", [{ where: "in the grain sweep", seconds: ms(10, 11, 12, 11, 10) }, { where: "beside 2 workers", seconds: ms(11.5, 13, 12.5, 12, 14) }]), undefined);
    assert.equal(repeatStatement("Serial dot", [{ where: "once", seconds: ms(10, 11) }]), undefined, "one measurement has nothing to disagree with");
  });

  test("ranges that do not overlap: the figures of both, which way and by how much", () => {
    const statement = repeatStatement("The serial loop", [
      { where: "in the first rounds", seconds: ms(0.39, 0.35, 0.42, 0.4, 0.38) },
      { where: "in the second", seconds: ms(0.522, 0.48, 0.56, 0.5, 0.53) },
    ]);
    assert.equal(statement?.kind, "repeats-disagree");
    assert.equal(
      statement?.text,
      "The serial loop measured 390 µs (350 µs–420 µs) in the first rounds and 522 µs (480 µs–560 µs) in the second: the same work took 1.34× " +
        "as long in the later one, beyond the spread of either (the ranges do not overlap), so the speed at which this machine ran it changed between the two " +
        "measurements; compare only figures measured in the same rounds.",
    );
  });

  test("faster in the later measurement is said as faster", () => {
    const statement = repeatStatement("Serial dot", [{ where: "first", seconds: ms(20, 21, 22) }, { where: "then", seconds: ms(10, 11, 12) }]);
    assert.match(statement!.text, /ran 1\.91× faster in the later one/);
  });

  test("of several, the non-overlapping pair furthest apart, though closer pairs overlap", () => {
    const statement = repeatStatement("Serial dot", [
      { where: "in the grain sweep", seconds: ms(10, 10.5, 11) },
      { where: "beside 1 worker", seconds: ms(10.8, 12, 12.5) },
      { where: "beside 2 workers", seconds: ms(12.2, 13, 13.5) },
      { where: "beside 3 workers", seconds: ms(9, 16, 20) },
    ]);
    // 3 workers' wide range overlaps every other; 10.5 against 13 ms is the widest clear gap.
    assert.match(statement!.text, /^Serial dot measured 10\.5 ms \(10 ms–11 ms\) in the grain sweep and 13 ms \(12\.2 ms–13\.5 ms\) beside 2 workers \(of its 4 measurements, the pair furthest apart whose ranges do not overlap\)/);
  });
});
