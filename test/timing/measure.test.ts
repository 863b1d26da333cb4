import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { measure, timeit, type Clock, type TimedLoop } from "../../src/timing";

/** A clock that only moves when told: each loop of the fake statement costs `costOf(loops)` seconds. */
function fakeLoop(costPerLoop: (call: number) => number): { loop: TimedLoop; calls: number[] } {
  let now = 0;
  const clock: Clock = () => now;
  const calls: number[] = [];
  const loop: TimedLoop = (loops, readClock) => {
    const start = readClock();
    now += loops * costPerLoop(calls.length);
    calls.push(loops);
    return readClock() - start;
  };
  return { loop: (loops) => loop(loops, clock), calls };
}

const noPause = () => Promise.resolve();

describe("measure", () => {
  it("autoranges through 1, 10, 100, ... to the first measurement of at least 0.2 s, then repeats 7 times", async () => {
    const { loop, calls } = fakeLoop(() => 1e-4); // 100 µs per loop: 1,000 loops take 0.1 s, 10,000 take 1 s
    const result = await measure(loop, { pause: noPause, collectGarbage: false });
    assert.deepEqual(calls, [1, 10, 100, 1000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000]);
    assert.equal(result.loops, 10000);
    assert.equal(result.repeat, 7);
    assert.equal(result.all_runs.length, 7);
    assert.ok(Math.abs(result.average - 1e-4) < 1e-12);
  });

  it("stops autoranging at 10^9 loops as IPython does", async () => {
    const { loop, calls } = fakeLoop(() => 1e-12);
    const result = await measure(loop, { pause: noPause, repeat: 1, collectGarbage: false });
    assert.equal(calls.length, 11);
    assert.equal(result.loops, 1e9);
  });

  it("uses the given loops and repeat without autoranging", async () => {
    const { loop, calls } = fakeLoop((call) => (call === 2 ? 5e-6 : 1e-6));
    const result = await measure(loop, { loops: 3, repeat: 4, pause: noPause, collectGarbage: false });
    assert.deepEqual(calls, [3, 3, 3, 3]);
    assert.ok(Math.abs(result.best - 1e-6) < 1e-15);
    assert.ok(Math.abs(result.worst - 5e-6) < 1e-15);
  });

  it("rejects counts IPython cannot use", async () => {
    const { loop } = fakeLoop(() => 1);
    await assert.rejects(measure(loop, { repeat: 0 }), /repeat must be an integer >= 1/);
    await assert.rejects(measure(loop, { loops: -1 }), /loops must be an integer >= 0/);
  });

  it("stops between measurements when the signal is aborted, with the signal's reason", async () => {
    const controller = new AbortController();
    const { loop, calls } = fakeLoop(() => 1);
    const aborting: TimedLoop = (loops, clock) => {
      if (calls.length === 2) controller.abort(new Error("interrupted here"));
      return loop(loops, clock);
    };
    await assert.rejects(measure(aborting, { loops: 1, repeat: 7, signal: controller.signal, collectGarbage: false }), /interrupted here/);
    assert.equal(calls.length, 3);
  });
});

describe("timeit", () => {
  it("runs setup before each measurement, untimed, and awaits async statements", async () => {
    let setups = 0;
    let finished = 0;
    const result = await timeit(
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        finished++;
      },
      { loops: 5, repeat: 3, setup: () => setups++ },
    );
    assert.equal(setups, 3);
    assert.equal(finished, 15);
    assert.equal(result.loops, 5);
    assert.equal(result.all_runs.length, 3);
  });

  it("reads the injected clock", async () => {
    let now = 0;
    const result = await timeit(() => (now += 2), { loops: 2, repeat: 2, clock: () => now, collectGarbage: false });
    assert.deepEqual(result.all_runs, [4, 4]);
    assert.equal(result.average, 2);
  });

  it("measures CPU time with -c semantics", async () => {
    const result = await timeit(() => Math.sqrt(2), { loops: 1000, repeat: 2, clock: "cpu" });
    assert.equal(result.all_runs.length, 2);
    assert.ok(result.all_runs.every((run) => run >= 0));
  });
});
