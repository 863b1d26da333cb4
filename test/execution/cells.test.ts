import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { TestSession, expectError } from "./session";

describe("executing TypeScript cells (notebook folder without node_modules)", () => {
  let session: TestSession;
  before(() => {
    session = new TestSession();
  });
  after(() => session.close());

  it("keeps declarations across cells and lets a later cell declare a name again", async () => {
    await session.value("const base: number = 40;\nfunction add(n: number) {\n  return base + n;\n}\ninterface Point { x: number }");
    assert.equal(await session.value("const p: Point = { x: add(2) }; p.x"), "42");
    assert.equal(await session.value("const base = 'again'; base"), "'again'");
    assert.equal(await session.value("let counter = 1"), undefined);
    assert.equal(await session.value("counter += 1; counter"), "2");
  });

  it("reports a type error with the cell's line and column and keeps going", async () => {
    const error = expectError((await session.run("(globalThis as any).ranRejected = true;\n\nconst bad: string = 42;")).outcome);
    assert.equal(error.ename, "TypeScriptError");
    assert.equal(error.evalue, "3:7 - Type 'number' is not assignable to type 'string'.");
    assert.deepEqual(error.traceback, ["<cell>:3:7 - error TS2322: Type 'number' is not assignable to type 'string'."]);
    assert.equal(await session.value("(globalThis as any).ranRejected"), undefined, "a rejected cell does not run");
  });

  it("finds Node's type definitions from a folder without node_modules", async () => {
    // styleText is in the @types/node this package depends on (v20), not in tslab's nested v18.
    assert.equal(await session.value("import { styleText } from 'node:util';\nconsole.log('x'); typeof styleText"), "'function'");
  });

  it("maps runtime stack frames to the cell's lines, including frames of earlier cells", async () => {
    await session.value("type Shape = { sides: number };\n\nfunction explode(message: string): never {\n  throw new RangeError(message);\n}");
    const error = expectError((await session.run("// a comment line\nconst shape: Shape = { sides: 3 };\nexplode(`sides ${shape.sides}`);")).outcome);
    assert.equal(error.ename, "RangeError");
    assert.equal(error.evalue, "sides 3");
    assert.equal(error.traceback[0], "RangeError: sides 3");
    assert.match(error.traceback[1], /^ {4}at (Object\.)?explode \(<cell>:4:9\)$/);
    assert.match(error.traceback[2], /^ {4}at <cell>:3:1$/);
    assert.ok(
      error.traceback.every((line) => !line.includes("node:") && !line.includes("tsparallel-cell-")),
      "kernel frames are trimmed",
    );
  });

  it("names the cell in tracebacks when asked", async () => {
    const error = expectError((await session.run("(undefined as any).toString()", { cellName: "In [7]" })).outcome);
    assert.equal(error.ename, "TypeError");
    assert.match(error.traceback.join("\n"), /at In \[7\]:1:20/);
  });

  it("applies the magic layer's position map to type errors and stack frames", async () => {
    // Generated code sits two lines below (and four columns right of) what the user typed.
    const positionMap = { toUser: (line: number, column: number) => ({ line: line - 2, column: column - 4 }) };
    const typeError = expectError((await session.run("0;\n0;\n    const s: string = 1;", { positionMap })).outcome);
    assert.equal(typeError.evalue, "1:7 - Type 'number' is not assignable to type 'string'.");
    const thrown = expectError((await session.run("0;\n0;\n    throw new Error('mapped');", { positionMap })).outcome);
    assert.match(thrown.traceback[1], /at <cell>:1:7$/);
  });

  it("reports thrown non-Errors and UsageErrors readably", async () => {
    const thrown = expectError((await session.run("throw 'plain string';")).outcome);
    assert.deepEqual([thrown.ename, thrown.evalue, thrown.traceback], ["Error", "'plain string'", ["Uncaught 'plain string'"]]);
    const usage = expectError((await session.run("import { UsageError } from 'tsparallel';\nthrow new UsageError('bad flag -z');")).outcome);
    assert.deepEqual([usage.ename, usage.evalue, usage.traceback], ["UsageError", "bad flag -z", ["UsageError: bad flag -z"]]);
  });

  it("gives the last expression as execute_result, rich when the value opts in", async () => {
    // Deeper than util.inspect's default depth of 2, which would print [Object].
    assert.match(String(await session.value("({ nested: { deeper: { list: [1, 2, 3] } } })")), /deeper: \{ list: \[ 1, 2, 3 \] \}/);
    assert.equal(await session.value("undefined"), undefined);
    assert.equal(await session.value("null"), "null");
    assert.equal(await session.value("Promise.resolve(3)"), "Promise { 3 }", "no async-hook internals");
    const { outcome } = await session.run(
      "({ [Symbol.for('Jupyter.display')]() { return { 'text/html': '<b>rich</b>' }; }, toString() { return 'x'; } })",
    );
    assert.equal(outcome.status, "ok");
    assert.equal(outcome.status === "ok" && outcome.result?.data["text/html"], "<b>rich</b>");
    assert.equal(typeof (outcome.status === "ok" && outcome.result?.data["text/plain"]), "string");
  });

  it("keeps the last expression apart from a name the cell declares like it, and from earlier cells' names", async () => {
    // The converter stores the last expression under `tsLastExpr`, or a numbered name when the cell declares that.
    assert.equal(await session.value("const tsLastExpr = 'declared'; let total = 1; total + 1"), "2");
    assert.equal(await session.value("tsLastExpr"), "'declared'");
    assert.equal(await session.value("total = total * 10; total"), "10");
  });

  it("captures console and process streams, also from callbacks the cell scheduled", async () => {
    const { sink } = await session.run(
      "console.log('one', { a: 1 });\nconsole.error('two');\nprocess.stdout.write('three\\n');\n" +
        "await new Promise<void>((resolve) => setTimeout(() => { console.log('later'); resolve(); }, 10));",
    );
    assert.equal(sink.text("stdout"), "one { a: 1 }\nthree\nlater\n");
    assert.equal(sink.text("stderr"), "two\n");
    const quiet = await session.run("setTimeout(() => console.log('after the cell'), 5); 1");
    const next = await session.run("await new Promise((resolve) => setTimeout(resolve, 50));");
    assert.equal(quiet.sink.text("stdout"), "after the cell\n", "a timer keeps writing to the cell that started it");
    assert.equal(next.sink.text("stdout"), "");
  });

  it("runs top-level await and keeps what was awaited", async () => {
    assert.equal(await session.value("const answer = await Promise.resolve(6 * 7);\nanswer"), "42");
    assert.equal(await session.value("answer + 1"), "43");
  });

  it("imports Node built-ins, local modules and tsparallel itself", async () => {
    writeFileSync(path.join(session.cwd, "data.txt"), "from disk");
    writeFileSync(path.join(session.cwd, "helper.ts"), "export const twice = (n: number): number => 2 * n;\n");
    assert.equal(
      await session.value(`import { readFileSync } from "node:fs";\nreadFileSync(${JSON.stringify(path.join(session.cwd, "data.txt"))}, "utf8")`),
      "'from disk'",
    );
    assert.equal(await session.value('import { twice } from "./helper";\ntwice(21)'), "42");
    // A local module that imports another, a JavaScript one: both are checked and emitted with the cell.
    writeFileSync(path.join(session.cwd, "outer.ts"), 'import { inner } from "./lib/inner";\nexport const outer = (): string => `outer(${inner()})`;\n');
    mkdirSync(path.join(session.cwd, "lib"), { recursive: true });
    writeFileSync(path.join(session.cwd, "lib", "inner.js"), 'exports.inner = () => "inner";\n');
    assert.equal(await session.value('import { outer } from "./outer";\nouter()'), "'outer(inner)'");
    assert.equal(await session.value("const readFileSync = 'shadowed'; readFileSync"), "'shadowed'");
    const { outcome, sink } = await session.run('import { display } from "tsparallel";\ndisplay.html("<i>hi</i>");');
    assert.equal(outcome.status, "ok");
    assert.deepEqual(sink.displays[0].data, { "text/html": "<i>hi</i>", "text/plain": "<HTML>" });
    const typed = expectError((await session.run('import { display } from "tsparallel";\nconst n: number = display;')).outcome);
    assert.match(typed.evalue, /^2:7 - Type 'Display' is not assignable to type 'number'/);
  });

  it("sees the globals of @types/node only, and the types of a package the cell imports", async () => {
    // Its own folder, written before its converter starts (on the next turn) builds the first program.
    const folder = new TestSession();
    try {
      const types = path.join(folder.cwd, "node_modules", "@types");
      mkdirSync(path.join(types, "declares-global"), { recursive: true });
      writeFileSync(path.join(types, "declares-global", "index.d.ts"), "declare var globalFromTypes: number;\n");
      mkdirSync(path.join(types, "shapes"), { recursive: true });
      writeFileSync(path.join(types, "shapes", "index.d.ts"), "export interface Shape { sides: number }\n");
      const unseen = expectError((await folder.run("const n: number = globalFromTypes;")).outcome);
      assert.match(unseen.evalue, /^1:19 - Cannot find name 'globalFromTypes'/);
      assert.equal(await folder.value('import type { Shape } from "shapes";\nconst square: Shape = { sides: 4 };\nsquare.sides'), "4");
      const wrong = expectError((await folder.run('import type { Shape } from "shapes";\nconst bad: Shape = { sides: "four" };')).outcome);
      assert.match(wrong.evalue, /^2:22 - Type 'string' is not assignable to type 'number'/);
      assert.equal(await folder.value("Buffer.from('ab').length"), "2");
    } finally {
      await folder.close();
    }
  });

  it("offers $tsp, the kernel's own tsparallel module, typed, without moving positions", async () => {
    const kernelModule = await import("../../src/index");
    const { outcome, sink } = await session.run("$tsp.display.markdown('**md**');\ntypeof $tsp.clearOutput");
    assert.equal(outcome.status, "ok");
    assert.equal(sink.displays[0].data["text/markdown"], "**md**");
    assert.equal(typeof kernelModule.display, "function");
    const wrong = expectError((await session.run("\n  $tsp.noSuchExport();")).outcome);
    assert.match(wrong.evalue, /^2:8 - Property 'noSuchExport' does not exist/);
  });

  it("completes, inspects and judges completeness", async () => {
    await session.value("/** Says hello. */\nfunction greet(name: string): string { return 'hi ' + name; }");
    const completion = session.executor.complete("gre", 3);
    assert.ok(completion.matches.includes("greet"));
    assert.deepEqual([completion.cursorStart, completion.cursorEnd], [0, 3]);
    const members = session.executor.complete("'é😀'.toUpp", 10);
    assert.deepEqual([members.matches[0], members.cursorStart, members.cursorEnd], ["toUpperCase", 5, 10], "cursor in code points");
    const inspection = session.executor.inspect("greet('x')", 5, 0);
    assert.equal(inspection.found, true);
    assert.equal(inspection.data["text/plain"], "function greet(name: string): string\n\nSays hello.");
    assert.match(String(inspection.data["text/markdown"]), /```typescript\nfunction greet/);
    assert.equal(session.executor.inspect("   ", 1, 0).found, false);
    assert.deepEqual(session.executor.isComplete("for (let i = 0; i < 3; i++) {"), { status: "incomplete", indent: "  " });
    assert.deepEqual(session.executor.isComplete("const x = 1;"), { status: "complete" });
    assert.deepEqual(session.executor.isComplete("const = ;"), { status: "invalid" });
  });
});
