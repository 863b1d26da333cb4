import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { numbaExamplesScript, numbaTiming, runNumbaExamples } from "../../src/python/numba-examples";

/**
 * The article's Numba code through the real subprocess: a real run where Debian's
 * Python has NumPy and Numba, and the one-line notes where the Python, NumPy or Numba
 * is missing, with TSPARALLEL_PYTHON pointing at a Python that lacks them.
 */
const systemPython = "/usr/bin/python3";
const scratch = mkdtempSync(join(tmpdir(), "tsparallel-python-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** An executable that runs the system Python without its site packages, with only `paths` importable. */
function pythonWithOnly(name: string, paths: Record<string, string>): string {
  const dir = join(scratch, name);
  spawnSync("mkdir", ["-p", join(dir, "lib")]);
  for (const [module, target] of Object.entries(paths)) symlinkSync(target, join(dir, "lib", module));
  const launcher = join(dir, "python");
  writeFileSync(launcher, `#!/bin/sh\nPYTHONPATH="${join(dir, "lib")}" exec ${systemPython} -S "$@"\n`);
  chmodSync(launcher, 0o755);
  return launcher;
}

async function withPython<T>(python: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.TSPARALLEL_PYTHON;
  process.env.TSPARALLEL_PYTHON = python;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.TSPARALLEL_PYTHON;
    else process.env.TSPARALLEL_PYTHON = before;
  }
}

describe("runNumbaExamples", () => {
  test("a missing Python gives a one-line note naming it", async () => {
    const result = await withPython(join(scratch, "no-such-python"), () => runNumbaExamples({ n: 8, threads: 2 }));
    assert.equal(result.available, false);
    if (result.available) return;
    assert.match(result.note, /no Python at .*no-such-python/);
    assert.match(result.note, /TSPARALLEL_PYTHON/);
    assert.doesNotMatch(result.note, /\n/);
  });

  test("a Python without NumPy gives a one-line note naming NumPy", async () => {
    const result = await withPython(pythonWithOnly("bare", {}), () => runNumbaExamples({ n: 8, threads: 2 }));
    assert.equal(result.available, false);
    if (result.available) return;
    assert.match(result.note, /has no NumPy/);
    assert.doesNotMatch(result.note, /\n/);
  });

  test("a Python with NumPy but without Numba gives a one-line note naming Numba", async () => {
    const numpyDir = spawnSync(systemPython, ["-c", "import numpy, os; print(os.path.dirname(numpy.__file__))"], { encoding: "utf8" }).stdout.trim();
    const python = pythonWithOnly("numpy-only", { numpy: numpyDir });
    assert.equal(spawnSync(python, ["-c", "import numpy"]).status, 0, "the launcher imports NumPy");
    const result = await withPython(python, () => runNumbaExamples({ n: 8, threads: 2 }));
    assert.equal(result.available, false);
    if (result.available) return;
    assert.match(result.note, /has no Numba \(Debian: apt install python3-numba\)/);
  });

  test("bad sizes are refused before any subprocess starts", async () => {
    await assert.rejects(runNumbaExamples({ n: 0, threads: 2 }), /n must be a positive integer/);
    await assert.rejects(runNumbaExamples({ n: 8, threads: 1.5 }), /threads must be a positive integer/);
  });

  test("with Numba: both examples, serial and parallel on 1 and 2 threads, five runs each, and the diagnostics", async () => {
    const result = await withPython(systemPython, () => runNumbaExamples({ n: 24, threads: 2, rounds: 5 }));
    assert.equal(result.available, true, result.available ? "" : result.note);
    if (!result.available) return;
    assert.equal(result.timings.length, 6);
    for (const example of [1, 2] as const) {
      for (const [variant, threads] of [["serial", 1], ["parallel", 1], ["parallel", 2]] as const) {
        const timing = numbaTiming(result, example, variant, threads);
        assert.ok(timing, `Example ${example} ${variant} on ${threads}`);
        assert.equal(timing.seconds.runs.length, 5);
        assert.ok(timing.seconds.min > 0 && timing.seconds.min <= timing.seconds.median && timing.seconds.median <= timing.seconds.max);
      }
    }
    // Numba runs only the outer prange in parallel: the diagnostics say the inner one was serialised.
    assert.match(result.diagnostics.example1, /naive_matmul_body/);
    // The script is named by its place in the package, not by this machine's path to it.
    assert.match(result.diagnostics.example1, /tsparallel\/python\/numba_examples\.py \(\d+\)/);
    assert.ok(!result.diagnostics.example1.includes(numbaExamplesScript()), result.diagnostics.example1);
    assert.match(result.diagnostics.example1, /1 loop\(s\) serialized/);
    assert.match(result.diagnostics.example2, /improved_matmul_body/);
  });
});
