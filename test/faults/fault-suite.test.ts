import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { it } from "node:test";
import { installKernelspecInTempPrefix } from "../support/kernelspec";

/**
 * The fault suite (test/faults/fault_suite.py): protocol abuse, floods, lifecycle
 * events, resource abuse and late errors against the real kernel through
 * jupyter_client and raw ZeroMQ sockets, each followed by a check that the kernel
 * runs and kept its state. ipykernel runs the same probes beside it where it is
 * installed, so the printed table shows the bar next to each figure; only this
 * kernel's results decide the test.
 */
const suiteDir = resolve(__dirname, "..", "..", "..", "test", "faults");
const python = "/usr/bin/python3";

function hasIpykernel(): boolean {
  return spawnSync(python, ["-c", "import ipykernel"], { stdio: "ignore" }).status === 0;
}

it("the kernel passes every fault probe and keeps its state", { timeout: 20 * 60_000 }, () => {
  const spec = installKernelspecInTempPrefix();
  const out = mkdtempSync(join(tmpdir(), "tsparallel-faults-"));
  try {
    const kernels = ["tsparallel:ts", ...(hasIpykernel() ? ["python3:py"] : [])];
    const run = spawnSync(python, ["fault_suite.py", ...kernels, "--json", join(out, "faults.json")], {
      cwd: suiteDir,
      encoding: "utf8",
      env: { ...process.env, JUPYTER_PATH: spec.jupyterPath },
      timeout: 18 * 60_000,
    });
    process.stdout.write(run.stdout.split("\n").map((line) => `# ${line}`).join("\n") + "\n");
    assert.equal(run.status, 0, `fault suite failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
    const runs = JSON.parse(readFileSync(join(out, "faults.json"), "utf8")) as Array<{ kernel: string; results: Array<{ applicable: boolean }> }>;
    assert.equal(runs[0]!.kernel, "tsparallel");
    assert.ok(runs[0]!.results.filter((r) => r.applicable).length >= 25, "the suite ran its probes");
  } finally {
    spec.remove();
    rmSync(out, { recursive: true, force: true });
  }
});
