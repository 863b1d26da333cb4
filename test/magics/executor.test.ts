import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ExecuteOutcome, Executor } from "../../src/execution/types";
import { TestSession } from "../execution/session";

const timeitLine =
  /^(?<mean>[\d.]+) (?<unit>ns|\u00b5s|ms|s) \u00b1 [\d.]+ (ns|\u00b5s|ms|s) per loop \(mean \u00b1 std\. dev\. of (?<runs>\d+) runs?, (?<loops>[\d,]+) loops? each\)$/m;
const seconds: Record<string, number> = { ns: 1e-9, "\u00b5s": 1e-6, ms: 1e-3, s: 1 };

describe("magics through the real executor", () => {
  let session: TestSession;
  let executor: Executor;

  async function run(code: string): Promise<{ outcome: ExecuteOutcome; stdout: string }> {
    const { outcome, sink } = await session.run(code);
    return { outcome, stdout: sink.text("stdout") };
  }

  async function ok(code: string): Promise<{ stdout: string; value?: string }> {
    const { sink, value } = await session.ok(code);
    return { stdout: sink.text("stdout"), value };
  }

  before(async () => {
    session = new TestSession({ magics: true, folderPrefix: "tsparallel-magics-" });
    executor = session.executor;
    await ok("let calls = 0;\nfunction f(): number { calls++; return Math.sqrt(calls); }");
  });
  after(() => session.close());

  it("%timeit -n 10 -r 3 prints IPython's line and runs the statement loops x repeats times", async () => {
    await ok("calls = 0;");
    const { stdout } = await ok("%timeit -n 10 -r 3 f()");
    const match = timeitLine.exec(stdout);
    assert.ok(match, stdout);
    assert.equal(match.groups!.runs, "3");
    assert.equal(match.groups!.loops, "10");
    assert.equal((await ok("calls")).value, "30");
  });

  it("%%timeit runs its setup once per measurement and the body loops x repeats times", async () => {
    await ok("let setups = 0;\nlet bodies = 0;");
    const { stdout } = await ok("%%timeit -n 5 -r 4 setups++\nbodies++;\nMath.sqrt(bodies);");
    assert.match(stdout, timeitLine);
    assert.equal((await ok("[setups, bodies]")).value, "[ 4, 20 ]");
  });

  it("lets the body use what the setup line declares", async () => {
    const { stdout } = await ok("%%timeit -n 2 -r 2 const data = [3, 1, 2];\ndata.slice().sort((a, b) => a - b);");
    assert.match(stdout, timeitLine);
  });

  it("-o returns a TimeitResult with IPython's fields that displays as the line", async () => {
    await ok("const measured = %timeit -o -q -n 3 -r 2 f()");
    const fields = await ok(
      "[measured.loops, measured.repeat, measured.all_runs.length, measured.timings.length, measured.best <= measured.average, measured.average <= measured.worst, typeof measured.stdev, typeof measured.compile_time]",
    );
    assert.equal(fields.value, "[ 3, 2, 2, 2, true, true, 'number', 'number' ]");
    const { outcome } = await run("measured");
    assert.equal(outcome.status, "ok");
    const data = (outcome as { result: { data: Record<string, string> } }).result.data;
    assert.match(data["text/plain"], timeitLine);
    assert.equal(data["text/html"], `<pre>${data["text/plain"]}</pre>`);
  });

  it("-q prints nothing, and without -o nothing is displayed", async () => {
    const { stdout, value } = await ok("%timeit -q -n 2 -r 2 f()");
    assert.equal(stdout, "");
    assert.equal(value, undefined);
  });

  it("awaits async statements inside each loop: explicit await and a returned promise", async () => {
    for (const statement of ["await new Promise((r) => setTimeout(r, 25))", "new Promise((r) => setTimeout(r, 25))"]) {
      const match = timeitLine.exec((await ok(`%timeit -n 2 -r 2 ${statement}`)).stdout);
      assert.ok(match, statement);
      assert.ok(Number(match.groups!.mean) * seconds[match.groups!.unit] >= 0.02, match[0]);
    }
  });

  it("answers bad input with a one-line UsageError and keeps the session's state", async () => {
    await ok("const survives = 'yes';");
    for (const [code, message] of [
      ["%timeit -n abc f()", "argument -n: invalid int value: 'abc'"],
      ["%timeit --bogus f()", 'option --bogus not recognized ( allowed: "n:r:tcp:qo" )'],
      ["%timeit -n", 'option -n requires argument ( allowed: "n:r:tcp:qo" )'],
      ["%nosuchmagic", "Line magic function `%nosuchmagic` not found."],
      ["%%nosuchmagic\n1", "Cell magic `%%nosuchmagic` not found."],
      ["(globalThis as any).ranAnyway = 1;\n%timeit -r x f()", "argument -r: invalid int value: 'x'"],
    ]) {
      const { outcome } = await run(code);
      assert.deepEqual(outcome, { status: "error", ename: "UsageError", evalue: message, traceback: [`UsageError: ${message}`] });
    }
    assert.equal((await ok("survives")).value, "'yes'");
    assert.equal((await ok("(globalThis as any).ranAnyway")).value, undefined, "nothing of a rejected cell runs");
  });

  it("points a type error in the timed statement at the user's line and column", async () => {
    const { outcome } = await run("const x = 1;\n%timeit -n 1 -r 1 x.notAMethod()");
    assert.equal(outcome.status, "error");
    assert.match((outcome as { evalue: string }).evalue, /^2:21 - Property 'notAMethod' does not exist/);
  });

  it("points errors in a %%timeit body and setup line at the user's lines", async () => {
    const body = await run("%%timeit -n 1 -r 1\nconst a = 1;\na.nope()");
    assert.match((body.outcome as { evalue: string }).evalue, /^3:3 - Property 'nope' does not exist/);
    const setup = await run("%%timeit -n 1 -r 1 const b: string = 2;\nb.length");
    assert.match((setup.outcome as { evalue: string }).evalue, /^1:26 - Type 'number' is not assignable to type 'string'/);
  });

  it("prints help from the declaration and lists the magics", async () => {
    const help = (await ok("%timeit?")).stdout;
    assert.match(help, /^ {2}%timeit \[-n N\] \[-r R\] \[-t\] \[-c\] \[-p P\] \[-q\] \[-o\] statement$/m);
    assert.match(help, /^ {2}-r R {14}Number of measurements/m);
    assert.equal((await ok("%lsmagic")).stdout, "Available line magics:\n%lsmagic  %parallel  %prun  %roofline  %timeit\n\nAvailable cell magics:\n%%parallel  %%prun  %%timeit\n");
  });

  it("runs magic lines in order with the cell's other statements", async () => {
    const { stdout } = await ok("console.log('before');\n%timeit -n 1 -r 1 f()\nconsole.log('after');");
    const lines = stdout.trim().split("\n");
    assert.equal(lines[0], "before");
    assert.match(lines[1], timeitLine);
    assert.equal(lines[2], "after");
  });

  it("completes and inspects inside a magic's statement, with cursors in the user's cell", async () => {
    await ok("const sortable = [3, 1, 2];");
    const code = "const \u00e9 = 1;\n%timeit -n 1 sortable.so";
    const end = Array.from(code).length;
    const completion = executor.complete(code, end);
    assert.ok(completion.matches.includes("sort"), completion.matches.join(","));
    assert.deepEqual([completion.cursorStart, completion.cursorEnd], [end - 2, end]);
    const inspection = executor.inspect("%timeit sortable.sort()", 19, 0);
    assert.equal(inspection.found, true);
    assert.match(String(inspection.data["text/plain"]), /sort\(compareFn/);
  });

  it("completes magic names after %", () => {
    assert.deepEqual(executor.complete("%ti", 3), { matches: ["%timeit"], cursorStart: 0, cursorEnd: 3, metadata: {} });
    assert.deepEqual(executor.complete("x;\n%%", 5).matches, ["%%parallel", "%%prun", "%%timeit"]);
  });
});
