import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { after, describe, test } from "node:test";
import { runSessionDisposers } from "../../src/cell/session-disposers";
import { closePool, measurePerTaskCost, parallelFor, pool } from "../../src/parallel";

after(() => closePool());

function sharedVector(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * 8));
}

const PARALLEL_MODULE = path.join(__dirname, "../../src/parallel");

/** Runs a script in a fresh node; a thread left open keeps it alive until the timeout kills it. */
function runChild(script: string): { status: number | null; signal: NodeJS.Signals | null; stdout: string } {
  const child = spawnSync(process.execPath, ["-e", script], { timeout: 20_000, encoding: "utf8" });
  return { status: child.status, signal: child.signal, stdout: child.stdout };
}

describe("the pool", () => {
  test("starts on first use with one worker per core by default, and closes", async () => {
    await closePool();
    assert.equal(pool.stats().alive, 0);
    await parallelFor(10, "y[i] = i", { y: sharedVector(10) });
    assert.equal(pool.stats().alive, pool.workers);
    await closePool();
    assert.equal(pool.stats().alive, 0);
  });

  test("resizes by replacing its threads", async () => {
    await pool.resize(3);
    const y = sharedVector(30);
    const { trace } = await parallelFor(30, "y[i] = i", { y }, { dispatch: "shared", trace: true });
    assert.equal(trace.workers, 3);
    assert.equal(trace.perWorker.length, 3);
    assert.equal(pool.stats().alive, 3);
    await parallelFor(30, "y[i] = i", { y }, { workers: 1 });
    assert.equal(pool.workers, 1);
    assert.equal(pool.stats().alive, 1);
    await assert.rejects(pool.resize(0), { name: "UsageError" });
    await pool.resize(2);
  });

  test("measures its per-task cost", async () => {
    const us = await measurePerTaskCost(100);
    assert.ok(us > 0);
    assert.equal(pool.stats().perTaskCostUs, us);
  });

  test("the session's disposers close it (kernel shutdown and restart)", async () => {
    await parallelFor(4, "y[i] = 1", { y: sharedVector(4) });
    assert.ok(pool.stats().alive > 0);
    const failures = await runSessionDisposers();
    assert.deepEqual(failures, []);
    assert.equal(pool.stats().alive, 0);
    // The pool comes back on next use and registers its disposer again.
    await parallelFor(4, "y[i] = 1", { y: sharedVector(4) });
    assert.ok(pool.stats().alive > 0);
    await runSessionDisposers();
    assert.equal(pool.stats().alive, 0);
  });

  test("a process that used the pool exits once it is closed: no thread lingers", () => {
    const body = `const p = require(${JSON.stringify(PARALLEL_MODULE)});
      const y = new Float64Array(new SharedArrayBuffer(80));
      p.parallelFor(10, "y[i] = i", { y }, { workers: 2, dispatch: "message" })
        .then(() => p.closePool()).then(() => console.log("closed", y[9]));`;
    const closed = runChild(body);
    assert.equal(closed.signal, null, "the process was killed: a thread kept it alive");
    assert.equal(closed.status, 0);
    assert.match(closed.stdout, /closed 9/);
  });

  test("and a process that does not close it stays alive (the check above can fail)", () => {
    const body = `const p = require(${JSON.stringify(PARALLEL_MODULE)});
      p.pool.ready().then(() => { console.log("started"); setTimeout(() => { console.log("still alive"); process.exit(5); }, 1500).unref(); });`;
    const open = runChild(body);
    assert.equal(open.status, 5);
    assert.match(open.stdout, /still alive/);
  });
});
