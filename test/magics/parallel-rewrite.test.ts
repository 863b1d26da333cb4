import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtinMagics, helpText, MagicRegistry, transformCell } from "../../src/magics";
import { parallelMagic, parallelRuntime } from "../../src/magics/parallel";
import { compareModes, modelWorkersOf, nameList, sweepModes } from "../../src/magics/parallel-flags";
import { enableForAWhile, switchParallel } from "../../src/magics/parallel-switch";
import { isParallelEnabled } from "../../src/parallel/mode";
import { usageErrorOf } from "../support/usage-error";

const registry = new MagicRegistry(builtinMagics);
const transform = (code: string) => transformCell(code, registry);

const usageError = (code: string): string => usageErrorOf(() => transform(code), code, { oneLine: true });

/** The JSON object passed as the first argument of a runtime call in generated code. */
function firstJsonArgument(code: string, call: string): unknown {
  const start = code.indexOf(`${call}(`);
  assert.ok(start >= 0, `no ${call}( in ${code}`);
  const open = start + call.length + 1;
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === "{") depth++;
    if (code[i] === "}" && --depth === 0) return JSON.parse(code.slice(open, i + 1));
  }
  assert.fail("unterminated JSON argument");
}

describe("%parallel rewrites", () => {
  it("is registered as a line and cell magic", () => {
    assert.ok(registry.lineMagics().includes(parallelMagic));
    assert.ok(registry.cellMagics().includes(parallelMagic));
  });

  it("%parallel alone shows the pool; -w N resizes first", () => {
    assert.equal(transform("%parallel")!.code, `void await ${parallelRuntime}.status({});`);
    assert.equal(transform("%parallel -w 3")!.code, `void await ${parallelRuntime}.status({"workers":3});`);
  });

  it("%parallel off / on switch the mode", () => {
    assert.equal(transform("%parallel off")!.code, `${parallelRuntime}.switchTo(false);`);
    assert.equal(transform("%parallel on")!.code, `${parallelRuntime}.switchTo(true);`);
  });

  it("a statement runs under withParallelSettings with its trailing expression as the value", () => {
    const { code } = transform('%parallel -w 2 -g rows:8 -d message -t copy await f(A, B, { kernel: "naive" })')!;
    assert.ok(code.startsWith("void await $tsp.withParallelSettings("), code);
    assert.deepEqual(firstJsonArgument(code, `${parallelRuntime}.enter`), {
      settings: { workers: 2, grain: "rows:8", dispatch: "message", transport: "copy" },
      quiet: false,
    });
    assert.match(code, /async \(\) => \{ return \(await f\(A, B, \{ kernel: "naive" \}\)\n\); \}/);
    assert.match(code, /\.then\(async \(\$parallelRun\) => \{ await .*\.leave\(\$parallelRun\.traces\); return \$parallelRun\.value; \}, .*\.fail\);$/);
  });

  it("the assignment form keeps the value (no void)", () => {
    const { code } = transform("const C = %parallel -q await f()")!;
    assert.ok(code.startsWith("const C = await $tsp.withParallelSettings("), code);
  });

  it("leading statements run before the returned expression; user text keeps its columns", () => {
    const cell = transform("%parallel const x = 2; x * 3")!;
    assert.match(cell.code, /async \(\) => \{ const x = 2; \n *return \(x \* 3\n\); \}/);
    const at = cell.code.indexOf("x * 3");
    const before = cell.code.slice(0, at).split("\n");
    const user = cell.positionMap.toUser(before.length - 1, before[before.length - 1].length);
    assert.deepEqual(user, { line: 0, column: "%parallel const x = 2; ".length });
  });

  it("--compare and --sweep pass their modes, repeats and model to the runtime", () => {
    const compare = transform("%parallel --compare serial,1,2 -r 3 --model P=20 -g row g()")!.code;
    const spec = firstJsonArgument(compare, `${parallelRuntime}.compare`) as Record<string, unknown>;
    assert.equal(spec.kind, "compare");
    assert.equal(spec.repeat, 3);
    assert.equal(spec.modelWorkers, 20);
    assert.equal(spec.statement, "g()");
    assert.deepEqual(spec.modes, [
      { label: "serial", inline: true, settings: {} },
      { label: "1 worker", inline: false, settings: { grain: "row", workers: 1 } },
      { label: "2 workers", inline: false, settings: { grain: "row", workers: 2 } },
    ]);
    const sweep = transform("%parallel --sweep grain=element,rows:125 --flops 2*n**3 g()")!.code;
    const sweepSpec = firstJsonArgument(sweep, `${parallelRuntime}.compare`) as { modes: { label: string }[]; repeat: number };
    assert.deepEqual(sweepSpec.modes.map((m) => m.label), ["serial", "grain element", "grain rows:125"]);
    assert.equal(sweepSpec.repeat, 5);
    assert.ok(sweep.endsWith(", () => (2*n**3));"), sweep);
  });

  it("%%parallel passes the named inputs from the cell and the body as text", () => {
    const { code } = transform("%%parallel -n N --in A,alpha --out C -w 2\nC.data[i] = alpha * A.data[i];")!;
    const flags = firstJsonArgument(code, `${parallelRuntime}.loop`);
    assert.deepEqual(flags, { settings: { workers: 2 }, quiet: false, outputs: ["C"], body: "C.data[i] = alpha * A.data[i];" });
    assert.ok(code.endsWith(", (N), { A: A, alpha: alpha, C: C });"), code);
  });
});

describe("%parallel usage errors", () => {
  it("lists the known names for a bad grain, dispatch or transport", () => {
    assert.match(usageError("%parallel -g fine f()"), /grain must be element, row, rows:K \(K >= 1\) or auto, not "fine"/);
    assert.match(usageError("%parallel -d pigeon f()"), /invalid choice: 'pigeon' \(choose from 'message', 'shared'\)/);
    assert.match(usageError("%parallel -t post f()"), /invalid choice: 'post' \(choose from 'shared', 'copy'\)/);
    assert.match(usageError("%parallel --sweep dispatch=message,bus f()"), /dispatch must be message or shared, not "bus"/);
  });

  it("rejects unknown options, bad numbers and misplaced flags", () => {
    assert.match(usageError("%parallel -x f()"), /option -x not recognized/);
    assert.match(usageError("%parallel -w two f()"), /invalid int value: 'two'/);
    assert.match(usageError("%parallel -w 0"), /must be at least 1/);
    assert.match(usageError("%parallel -g row"), /no statement given/);
    assert.match(usageError("%parallel -w 2 off"), /%parallel off takes no options/);
    assert.match(usageError("%parallel --compare serial,1 --sweep workers=1 f()"), /--compare or --sweep, not both/);
    assert.match(usageError("%parallel --compare serial,1 -w 2 f()"), /drop -w/);
  });

  it("refuses a flag of the other form, or without the flag it needs, in one line naming both", () => {
    assert.equal(usageError("%parallel --in A f()"), "%parallel: --in applies only to the cell magic %%parallel");
    assert.equal(usageError("%parallel -n 4 f()"), "%parallel: -n applies only to the cell magic %%parallel");
    assert.equal(usageError("%%parallel --compare serial,1\nc[i] = 1;"), "%%parallel: --compare applies only to the line magic %parallel");
    assert.equal(usageError("%%parallel -n 4 -r 2 --out c\nc[i] = 1;"), "%%parallel: -r applies only to the line magic %parallel");
    assert.equal(usageError("%parallel -r 3 f()"), "%parallel: -r needs --compare or --sweep");
    assert.equal(usageError("%parallel --model P=4 f()"), "%parallel: --model needs --compare or --sweep");
    assert.ok(transform("%parallel --sweep workers=1 -r 3 --model P=4 f()"), "with --sweep, -r and --model are accepted");
  });

  it("checks the %%parallel body before anything runs: a variable it was not given is named", () => {
    assert.match(usageError("%%parallel -n 4 --in a --out c\nc[i] = a[i] + offset;"), /^%%parallel: loop body refers to 'offset', not among its inputs \(a, c\)/);
    assert.match(usageError("%%parallel --in a\na[i] = 1;"), /give the iteration count with -n N/);
    assert.match(usageError("%%parallel -n 4 --in a\n"), /no loop body/);
    assert.match(usageError("%%parallel -n 4 --in a,i\na[i] = 1;"), /'i' is the loop index/);
    assert.match(usageError("%%parallel -n 4 --in a-b\n;"), /'a-b' is not a variable name/);
  });
});

describe("%parallel flag values", () => {
  it("compareModes: serial and worker counts, each once", () => {
    assert.deepEqual(compareModes("serial,2", { dispatch: "message" }).map((m) => [m.label, m.inline, m.settings.workers, m.settings.dispatch]), [
      ["serial", true, undefined, undefined],
      ["2 workers", false, 2, "message"],
    ]);
    assert.throws(() => compareModes("1,1", {}), /listed twice/);
    assert.throws(() => compareModes("serial,,2", {}), /empty item/);
    assert.throws(() => compareModes("300", {}), /workers must be an integer from 1 to 256/);
  });

  it("sweepModes: serial first, then each value of one key", () => {
    assert.deepEqual(sweepModes("workers=1,2", {}).map((m) => m.label), ["serial", "workers 1", "workers 2"]);
    assert.deepEqual(sweepModes("transport=shared,copy", { workers: 2 })[2].settings, { workers: 2, transport: "copy" });
    assert.throws(() => sweepModes("colour=red", {}), /unknown key 'colour'; sweep one of workers, grain, dispatch, transport/);
    assert.throws(() => sweepModes("grain", {}), /KEY=V1,V2/);
    assert.throws(() => sweepModes("grain=row", { grain: "row" }), /both set grain/);
  });

  it("modelWorkersOf and nameList", () => {
    assert.equal(modelWorkersOf("P=20"), 20);
    assert.equal(modelWorkersOf("8"), 8);
    assert.throws(() => modelWorkersOf("P=many"), /--model takes P=N/);
    assert.deepEqual(nameList("A, B,A", "--in"), ["A", "B"]);
  });

  it("help is generated from the declaration and names every form and option", () => {
    const help = helpText(parallelMagic);
    for (const text of ["%parallel off | on", "--compare serial,1,2", "--sweep", "%%parallel -n N --in A,B --out C", "--model P=N", "-g GRAIN", "--in NAMES", "--out NAMES"]) {
      assert.ok(help.includes(text), `help lacks ${text}`);
    }
    const [lineUsage, cellUsage] = help.split("\n").filter((line) => /^  %%?parallel \[/.test(line));
    assert.equal(lineUsage, "  %parallel [-w N] [-g GRAIN] [-d DISPATCH] [-t TRANSPORT] [-q] [--timeline] [-o] [--compare MODES] [--sweep KEY=LIST] [-r R] [--flops EXPR] [--model P=N] statement");
    assert.equal(cellUsage, "  %%parallel [-w N] [-g GRAIN] [-d DISPATCH] [-t TRANSPORT] [-q] [--timeline] [-n N] [--in NAMES] [--out NAMES] [statement]");
    const options = help.slice(help.indexOf("Options:"));
    assert.match(options, /--in NAMES +Comma-separated variables the body reads\. Only in %%parallel\./);
    assert.match(options, /-r R +Rounds: each times one run of every mode\. Only in %parallel\. Needs --compare or --sweep\. \(default: 5\)/);
    const cell = transform("%parallel?")!.code;
    assert.ok(cell.includes(JSON.stringify(help)), "%parallel? prints the generated help");
  });
});

describe("the temporary switch of --compare", () => {
  it("puts off back, unless %parallel on/off was used meanwhile", () => {
    try {
      switchParallel(false);
      const restore = enableForAWhile();
      assert.equal(isParallelEnabled(), true);
      restore();
      assert.equal(isParallelEnabled(), false);
      const late = enableForAWhile();
      switchParallel(true);
      late();
      assert.equal(isParallelEnabled(), true, "the user's later %parallel on stands");
      const noop = enableForAWhile();
      noop();
      assert.equal(isParallelEnabled(), true, "already on: nothing to put back");
    } finally {
      switchParallel(true);
    }
  });
});
