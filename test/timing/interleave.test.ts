import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { interleaveRounds, roundOrder } from "../../src/timing/interleave";

describe("interleaveRounds", () => {
  test("runs every variant once per round after a warm-up round, rotating the order each round", async () => {
    const order: string[] = [];
    const prepared: string[] = [];
    const variant = (name: string) => () => {
      order.push(name);
      return name.toUpperCase();
    };
    const rounds = await interleaveRounds(
      { a: variant("a"), b: variant("b"), c: variant("c") },
      { rounds: 3, prepare: (name, round) => void prepared.push(`${round}${name}`) },
    );
    assert.deepEqual(order.join(" "), "a b c b c a c a b a b c");
    assert.deepEqual(prepared.slice(0, 4), ["0a", "0b", "0c", "1b"], "prepare precedes each run, the warm-up round's too");
    for (const name of ["a", "b", "c"] as const) {
      assert.equal(rounds[name].seconds.runs.length, 3, "the warm-up round is not timed");
      assert.deepEqual(rounds[name].values, [name.toUpperCase(), name.toUpperCase(), name.toUpperCase()]);
    }
  });

  test("fixedOrder keeps the order given", async () => {
    const order: string[] = [];
    await interleaveRounds({ a: () => order.push("a"), b: () => order.push("b") }, { rounds: 2, fixedOrder: true });
    assert.equal(order.join(""), "ababab");
  });

  test("an asynchronous prepare is awaited before its run, and a throwing one stops the rounds", async () => {
    let ready = false;
    const seen: boolean[] = [];
    await interleaveRounds({ a: () => void seen.push(ready) }, {
      rounds: 2,
      prepare: async () => {
        ready = false;
        await new Promise((resolve) => setImmediate(resolve));
        ready = true;
      },
    });
    assert.deepEqual(seen, [true, true, true]);
    let runs = 0;
    await assert.rejects(
      interleaveRounds({ a: () => runs++ }, { rounds: 5, prepare: (_, round) => { if (round === 2) throw new Error("interrupted"); } }),
      /interrupted/,
    );
    assert.equal(runs, 2);
  });

  test("roundOrder rotates left and wraps", () => {
    assert.deepEqual(roundOrder(["a", "b", "c"], 4), ["b", "c", "a"]);
    assert.deepEqual(roundOrder([], 1), []);
  });
});
