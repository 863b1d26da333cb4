import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileGlob, History } from "../../src/handler";
import { createHandlerDeps } from "./harness";

describe("history store", () => {
  const history = new History();
  ["6 * 7", "const x = 1;", "6 * 7", "'a' + 'b'", "6*7"].forEach((code, i) => history.record(i + 1, code, `out${i + 1}`));

  it("tail returns the last n entries, oldest first", () => {
    assert.deepEqual(history.tail(2).map((e) => e.line), [4, 5]);
    assert.deepEqual(history.tail(0), []);
  });

  it("range returns start <= line < stop of a session; 0 means this session", () => {
    assert.deepEqual(history.range(1, 2, 4).map((e) => e.input), ["const x = 1;", "6 * 7"]);
    assert.deepEqual(history.range(0, 4, undefined).map((e) => e.line), [4, 5]);
    assert.deepEqual(history.range(7, 1, undefined), []);
  });

  it("search matches whole inputs with glob patterns, with unique and n", () => {
    assert.deepEqual(history.search("6*7", undefined, false).map((e) => e.line), [1, 3, 5]);
    assert.deepEqual(history.search("6*7", undefined, true).map((e) => e.line), [3, 5], "unique keeps the latest of equal inputs");
    assert.deepEqual(history.search("6*7", 2, false).map((e) => e.line), [3, 5]);
    assert.deepEqual(history.search("const ?*", undefined, false).map((e) => e.line), [2]);
    assert.deepEqual(history.search("[']a*", undefined, false).map((e) => e.line), [4]);
    assert.deepEqual(history.search("7", undefined, false), [], "a glob matches the whole input, not a substring");
  });

  it("reads glob syntax: stars, ?, sets with ranges and negation, literal specials", () => {
    const matches = (glob: string, text: string) => compileGlob(glob)(text);
    assert.ok(matches("a.b(c)*", "a.b(c)xyz"), "regular-expression characters are literal");
    assert.ok(!matches("a.b", "axb"));
    assert.ok(matches("[!x]y", "zy") && !matches("[!x]y", "xy"), "! negates");
    assert.ok(matches("[^x]y", "zy") && !matches("[^x]y", "xy"), "^ negates, as in SQLite");
    assert.ok(matches("[a-c]1", "b1") && !matches("[a-c]1", "d1"), "ranges");
    assert.ok(matches("[]]", "]") && matches("[-a]", "-"), "] first and - at an end are members");
    assert.ok(matches("a[b", "a[b"), "an unclosed [ is literal");
    assert.ok(matches("line1*", "line1\nline2"), "* spans lines");
    assert.ok(matches("?", "😀") && !matches("??", "😀"), "? is one character, not one UTF-16 unit");
    assert.ok(matches("*", "") && matches("**a**", "a") && !matches("a*", ""));
    assert.ok(matches("*ab*ab", "xabyabab") && !matches("*ab*ab", "xabyaba"), "the last star backtracks");
    assert.ok(matches("a*b*c", "aXbYbZc") && !matches("a*b*c", "aXcYb"));
  });

  it("matches a pattern that makes a backtracking matcher explode, quickly and correctly", () => {
    // With the former RegExp translation this call did not return.
    const text = "a".repeat(20_000);
    const pathological = "*a*a*a*a*a*a*a*a*b";
    assert.equal(compileGlob(pathological)(text), false);
    assert.equal(compileGlob(pathological)(text + "b"), true);
  });
});

describe("history_request through the handler", () => {
  it("answers tail, range and search, with outputs when asked", async () => {
    const h = createHandlerDeps();
    for (const code of ["6 * 7", "'a' + 'b'", "6 * 7"]) h.shell("execute_request", { code });
    h.shell("execute_request", { code: "silent", silent: true });
    const tail = h.shell("history_request", { hist_access_type: "tail", n: 2, output: false, raw: true });
    const withOutput = h.shell("history_request", { hist_access_type: "tail", n: 1, output: true, raw: true });
    const range = h.shell("history_request", { hist_access_type: "range", session: 1, start: 2, stop: 3, output: false, raw: true });
    const search = h.shell("history_request", { hist_access_type: "search", pattern: "6*7", unique: true, output: false, raw: true });
    await h.handler.drained();
    assert.deepEqual(h.replyTo(tail).content, { status: "ok", history: [[1, 2, "'a' + 'b'"], [1, 3, "6 * 7"]] });
    assert.deepEqual(h.replyTo(withOutput).content.history, [[1, 3, ["6 * 7", "6 * 7"]]], "the fake's result text is the stored output");
    assert.deepEqual(h.replyTo(range).content.history, [[1, 2, "'a' + 'b'"]]);
    assert.deepEqual(h.replyTo(search).content.history, [[1, 3, "6 * 7"]]);
  });
});
