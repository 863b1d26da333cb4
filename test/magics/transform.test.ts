import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtinMagics, helpText, MagicRegistry, transformCell } from "../../src/magics";
import { usageErrorOf } from "../support/usage-error";

const registry = new MagicRegistry(builtinMagics);
const transform = (code: string) => transformCell(code, registry);

const usageError = (code: string): string => usageErrorOf(() => transform(code), code);

describe("transformCell", () => {
  it("leaves a cell without magics untouched", () => {
    assert.equal(transform("const a = 10 % 3;\nconst b = `\n%timeit x\n`;"), undefined);
  });

  it("rewrites a line magic into a $tsp call with the statement inlined in a for loop", () => {
    const { code } = transform("%timeit -n 10 -r 3 f()")!;
    assert.equal(
      code,
      'void await $tsp.$magicTimeit({"loops":10,"repeat":3,"precision":3,"clock":"wall","quiet":false}, ' +
        "async ($timeitLoops, $timeitClock, $timeitThenable) => { if ($timeitLoops < 0) return 0;  " +
        "const $timeitStart = $timeitClock(); for (let $timeitIndex = 0; $timeitIndex < $timeitLoops; $timeitIndex++) { " +
        "const $timeitValue = (f()\n); if ($timeitThenable($timeitValue)) await $timeitValue; } return $timeitClock() - $timeitStart; });",
    );
  });

  it("keeps the result for -o in the assignment form (const, let, var, plain)", () => {
    for (const lhs of ["const r = ", "let r: TimeitResult = ", "var r = ", "r = ", "  obj.r = "]) {
      const { code } = transform(`${lhs}%timeit -o -q f()`)!;
      assert.ok(code.startsWith(`${lhs}await $tsp.$magicTimeit({"loops":0,"repeat":7,"precision":3,"clock":"wall","quiet":true}`), code);
    }
  });

  it("puts %%timeit's setup before the timer and the body inside the loop, awaiting a trailing promise", () => {
    const { code } = transform("%%timeit -n 5 setup()\nconst a = 1;\ng(a) // trailing comment")!;
    assert.match(code, /return 0; setup\(\)\n; const \$timeitStart = \$timeitClock\(\); for .*\{ const a = 1;\n\nconst \$timeitValue = \(g\(a\)\n\);/s);
  });

  it("does not wrap statements that are not expressions", () => {
    const { code } = transform("%timeit for (let i = 0; i < 3; i++) { g(i); }")!;
    assert.ok(!code.includes("$timeitValue"), code);
    assert.ok(code.includes("{ for (let i = 0; i < 3; i++) { g(i); }\n }"), code);
  });

  it("rewrites magic lines anywhere in code but not inside template literals, strings or comments", () => {
    const cell = "const s = `\n%timeit inTemplate()\n`;\n/*\n%timeit inComment()\n*/\nconst re = /`/;\n%timeit real()\nconst t = 'x';";
    const { code } = transform(cell)!;
    assert.equal(code.split("\n").filter((line) => line.includes("$magicTimeit")).length, 1);
    assert.ok(code.includes("%timeit inTemplate()") && code.includes("%timeit inComment()"));
    assert.ok(code.includes("(real()"));
  });

  it("maps positions in the generated code back to the user's line and column", () => {
    const cell = "const x = 1;\n%timeit -n 1 -r 1 x.notAMethod()";
    const { code, positionMap } = transform(cell)!;
    const generatedLines = code.split("\n");
    const column = generatedLines[1].indexOf("x.notAMethod");
    assert.deepEqual(positionMap.toUser(1, column + 2), { line: 1, column: 20 });
    assert.deepEqual(positionMap.toUser(0, 6), { line: 0, column: 6 });
    assert.deepEqual(positionMap.toUser(1, 3), { line: 1, column: 0 }, "generated code maps to the magic");
  });

  it("prints generated help for %name? and lists magics for %lsmagic", () => {
    assert.equal(transform("%timeit?")!.code, `void console.log(${JSON.stringify(helpText(registry.get("timeit")!))});`);
    assert.match(helpText(registry.get("timeit")!), /-n N {14}Execute the statement N times in a loop\. \(default: autorange\)/);
    assert.equal(
      transform("%lsmagic")!.code,
      `void console.log(${JSON.stringify("Available line magics:\n%lsmagic  %parallel  %prun  %roofline  %timeit\n\nAvailable cell magics:\n%%parallel  %%prun  %%timeit")});`,
    );
  });

  it("accepts Windows line endings", () => {
    const { code } = transform("const a = 1;\r\n%timeit -n 2 f(a)\r\nconst b = 2;")!;
    assert.match(code, /^const a = 1;\r\nvoid await \$tsp\.\$magicTimeit\(\{"loops":2,/);
    assert.ok(code.includes("(f(a)\n)"), code);
  });

  it("does nothing for %timeit without a statement, as IPython", () => {
    assert.equal(transform("%timeit")!.code, "void 0;");
  });

  it("raises IPython's UsageErrors for unknown magics", () => {
    assert.equal(usageError("%nosuchmagic"), "Line magic function `%nosuchmagic` not found.");
    assert.equal(usageError("%%nosuchmagic\n1"), "Cell magic `%%nosuchmagic` not found.");
    assert.equal(
      usageError("%%lsmagic\n1"),
      "Cell magic `%%lsmagic` not found (But line magic `%lsmagic` exists, did you mean that instead?).",
    );
    assert.equal(usageError("1;\n%%timeit\n2"), "Cell magic `%%timeit` must be on the first line of the cell.");
    assert.equal(usageError("f();\n%timeit --bogus f()"), 'option --bogus not recognized ( allowed: "n:r:tcp:qo" )');
  });
});
