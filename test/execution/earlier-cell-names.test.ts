import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TestSession, expectError } from "./session";

/**
 * A later cell reads an earlier cell's declarations through the converter's `exports.<name>`
 * rewriting; these cells use the name in every position where a bare reference could slip
 * past that rewriting, above all shorthand properties (`{ n }`).
 */
describe("names declared by earlier cells, in every kind of reference", () => {
  let session: TestSession;
  before(async () => {
    session = new TestSession();
    await session.value(
      "const n = 3;\nlet m = 4;\nfunction f() { return 5; }\nclass K { v = 6 }\nenum E { A = 7 }\ntype T = { n: number };",
    );
  });
  after(() => session.close());

  it("reads them in shorthand properties at top level and in declarations", async () => {
    assert.equal(await session.value("({ n })"), "{ n: 3 }");
    assert.equal(await session.value("const o = { n }; o"), "{ n: 3 }");
    assert.equal(await session.value("const t: T = { n }; t"), "{ n: 3 }");
    assert.equal(await session.value("({ n: n })"), "{ n: 3 }");
    assert.equal(await session.value("({ f, K, E }).f() + new ({ K }).K().v + ({ E }).E.A"), "18");
    assert.equal(await session.value("const { n: copy } = { n }; copy"), "3");
  });

  it("reads them in shorthand properties inside functions, arrows, methods, generators and classes", async () => {
    assert.equal(await session.value("function g() { return { n }; }\ng()"), "{ n: 3 }");
    assert.equal(await session.value("(() => ({ n, m }))()"), "{ n: 3, m: 4 }");
    assert.equal(await session.value("class C { get() { return { n, m }; } }\nnew C().get()"), "{ n: 3, m: 4 }");
    assert.equal(await session.value("class D { static s = { n }; x = { n } }\n[D.s, new D().x]"), "[ { n: 3 }, { n: 3 } ]");
    assert.equal(await session.value("function* gen() { yield { n }; }\n[...gen()]"), "[ { n: 3 } ]");
    assert.equal(await session.value("async function later() { return { n }; }\nawait later()"), "{ n: 3 }");
    assert.equal(await session.value("function withDefault(x = { n }) { return x; }\nwithDefault()"), "{ n: 3 }");
    assert.equal(await session.value("function call(options: { n: number; m: number }) { return options.n * options.m; }\ncall({ n, m })"), "12");
  });

  it("reads them in spreads, templates, typeof, computed keys and default values", async () => {
    assert.equal(await session.value("({ ...{ n }, also: 1 })"), "{ n: 3, also: 1 }");
    assert.equal(await session.value("`${n}-${m}`"), "'3-4'");
    assert.equal(await session.value("typeof n"), "'number'");
    assert.equal(await session.value("((x = n) => x)()"), "3");
    assert.equal(await session.value("function h({ a = n }: { a?: number } = {}) { return a; }\nh()"), "3");
    assert.equal(await session.value("({ [n]: n })"), "{ '3': 3 }");
    assert.equal(await session.value("({ n() { return n; } }).n()"), "3");
  });

  it("writes them through shorthand assignment patterns instead of creating globals", async () => {
    assert.equal(await session.value("({ m } = { m: 9 }); m"), "9");
    assert.equal(await session.value("({ m = 5 } = {} as { m?: number }); m"), "5");
    assert.equal(await session.value("m"), "5");
    assert.equal(await session.value("typeof (globalThis as any).m"), "'undefined'", "no stray global");
    assert.equal(await session.value("[m] = [21]; m"), "21");
    assert.equal(await session.value("m = 4; m"), "4");
  });

  it("leaves shorthands of locals and globals alone", async () => {
    assert.equal(await session.value("let r; { const n = 10; r = { n }; } r"), "{ n: 10 }");
    assert.equal(await session.value("function local() { const n = 11; return { n }; }\nlocal()"), "{ n: 11 }");
    assert.equal(await session.value("({ n, hasConsole: typeof { console }.console, pi: { Math }.Math.PI })"), "{ n: 3, hasConsole: 'object', pi: 3.141592653589793 }");
    assert.equal(await session.value("[n].map((n) => ({ n: n * 2 }))[0]"), "{ n: 6 }");
    assert.equal(await session.value("[n].map((n) => ({ n }))[0]"), "{ n: 3 }");
  });

  it("uses a cell's own redeclaration of the name, then keeps it for later cells", async () => {
    const other = new TestSession();
    try {
      await other.value("const w = 1;");
      assert.equal(await other.value("const w = 20; ({ w })"), "{ w: 20 }");
      assert.equal(await other.value("({ w })"), "{ w: 20 }");
    } finally {
      await other.close();
    }
  });

  it("keeps the user's lines and columns in stack traces through expanded shorthands", async () => {
    const line2 = "const p = { n, m, bad: (null as any).x };";
    const error = expectError((await session.run(`const first = { n };\n${line2}`)).outcome);
    assert.equal(error.ename, "TypeError");
    assert.match(error.traceback[1], new RegExp(`at <cell>:2:${line2.indexOf("x }") + 1}$`));
    const typed = expectError((await session.run("const q = { n };\nconst wrong: string = { n }.n;")).outcome);
    assert.equal(typed.evalue, "2:7 - Type 'number' is not assignable to type 'string'.");
  });
});
