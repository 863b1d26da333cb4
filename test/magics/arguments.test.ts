import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtinMagics, MagicRegistry, parseArguments } from "../../src/magics";
import { usageErrorOf } from "../support/usage-error";

const timeitSpec = new MagicRegistry(builtinMagics).get("timeit")!.arguments;
const parse = (text: string) => parseArguments({ text, line: 4, column: 8 }, timeitSpec);

const usageError = (text: string): string => usageErrorOf(() => parse(text), text);

describe("parseArguments (getopt rules, IPython's messages)", () => {
  it("reads separate, attached and clustered options, then keeps the rest verbatim with its position", () => {
    const parsed = parse(" -n10 -r 3 -qo  f(a, 'b  c')  ");
    assert.deepEqual(parsed.flags, { loops: 10, repeat: 3, quiet: true, output: true });
    assert.deepEqual(parsed.rest, { text: "f(a, 'b  c')", line: 4, column: 8 + 16 });
  });

  it("ends options at `--` and at a dash not followed by a letter", () => {
    assert.deepEqual(parse("-n 1 -- -x").rest.text, "-x");
    assert.deepEqual(parse("-n 1 -1 + y").rest.text, "-1 + y");
  });

  it("gives IPython's messages for an unknown option and a missing value", () => {
    assert.equal(usageError("--bogus f()"), 'option --bogus not recognized ( allowed: "n:r:tcp:qo" )');
    assert.equal(usageError("-x f()"), 'option -x not recognized ( allowed: "n:r:tcp:qo" )');
    assert.equal(usageError("-n"), 'option -n requires argument ( allowed: "n:r:tcp:qo" )');
  });

  it("rejects non-numeric and out-of-range counts in one line", () => {
    assert.equal(usageError("-n abc f()"), "argument -n: invalid int value: 'abc'");
    assert.equal(usageError("-n 1.5 f()"), "argument -n: invalid int value: '1.5'");
    assert.equal(usageError("-r 0 f()"), "argument -r: must be at least 1, got 0");
    // IPython: "-n 0" is refused rather than read as "choose for me" (it once autoranged to 10^9 loops here).
    assert.equal(usageError("-n 0 f()"), "argument -n: must be at least 1, got 0");
    assert.equal(usageError("-n -3 f()"), "argument -n: must be at least 1, got -3");
    assert.equal(usageError("-p -1 f()"), "argument -p: must be at least 0, got -1");
  });

  it("reads long options with = or a separate value", () => {
    const spec = {
      flags: [
        { key: "workers", long: "workers", short: "w", type: "integer" as const, help: "" },
        { key: "grain", long: "grain", type: "string" as const, choices: ["row", "element"], help: "" },
      ],
    };
    const parsed = parseArguments({ text: "--workers=4 --grain row run()", line: 0, column: 0 }, spec);
    assert.deepEqual(parsed.flags, { workers: 4, grain: "row" });
    assert.equal(parsed.rest.text, "run()");
    assert.throws(
      () => parseArguments({ text: "--grain block", line: 0, column: 0 }, spec),
      /^UsageError: argument --grain: invalid choice: 'block' \(choose from 'row', 'element'\)$/,
    );
    assert.throws(() => parseArguments({ text: "--nope", line: 0, column: 0 }, spec), {
      message: 'option --nope not recognized ( allowed: "w:" workers= grain= )',
    });
  });
});

describe("flag declarations", () => {
  it("a flag that needs an undeclared flag is refused when the magic is registered", () => {
    const magic = {
      name: "probe",
      kind: "both" as const,
      summary: "",
      doc: "",
      arguments: { flags: [{ key: "repeat", short: "r", type: "integer" as const, needs: ["compare"], help: "" }] },
      rewrite() {},
    };
    assert.throws(() => new MagicRegistry([magic]), /^Error: magic %probe: flag repeat needs an undeclared flag compare$/);
  });
});
