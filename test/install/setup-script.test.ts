import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";

/**
 * scripts/setup.sh, which `npm run reports`, `npm test` and .ci/run call first. Its
 * apt-get branch changes the machine, so no test runs it (CI's fresh machine does);
 * these run the branches that do not.
 */
const repo = resolve(__dirname, "..", "..", "..");
const script = join(repo, "scripts", "setup.sh");
const testsPackages = [
  "jupyter-nbconvert", "python3-nbclient", "python3-numpy", "python3-numba", "python3-threadpoolctl",
  "jupyter-notebook", "python3-jupyter-server", "python3-jupyter-kernel-test", "python3-ipykernel", "chromium",
];

const run = (args: string[], env?: NodeJS.ProcessEnv) => spawnSync("/bin/bash", [script, ...args], { encoding: "utf8", env });

describe("scripts/setup.sh", () => {
  it("changes nothing and says nothing where the packages and dependencies are all there", () => {
    for (const purpose of ["reports", "tests"]) {
      const result = run([purpose]);
      assert.equal(result.status, 0, `${purpose}: ${result.stderr}`);
      assert.equal(result.stderr, "", purpose);
    }
  });

  it("answers an unknown purpose with its usage and exit code 2", () => {
    const result = run(["everything"]);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, "usage: scripts/setup.sh reports|tests\n");
  });

  it("on a machine without the packages, without root or sudo, stops and prints the command to run", () => {
    const sandbox = mkdtempSync(join(tmpdir(), "tsparallel-setup-"));
    try {
      // A fresh machine's package database: the real dpkg-query, reading an empty status file.
      const admindir = join(sandbox, "dpkg");
      mkdirSync(admindir);
      writeFileSync(join(admindir, "status"), "");
      // A PATH with what the script needs up to that point, and no sudo.
      const bin = join(sandbox, "bin");
      mkdirSync(bin);
      for (const tool of ["dpkg-query", "grep", "id", "dirname"]) symlinkSync(which(tool), join(bin, tool));
      symlinkSync(process.execPath, join(bin, "node"));
      chmodSync(sandbox, 0o755);
      const env = { PATH: bin, DPKG_ADMINDIR: admindir, HOME: sandbox };
      const asNonRoot = process.getuid?.() === 0;
      const result = asNonRoot
        ? spawnSync(which("setpriv"), ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/bash", script, "tests"], { encoding: "utf8", env })
        : run(["tests"], env);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /setup: not root and no sudo: run this as root, then run this again:/);
      assert.ok(result.stderr.includes(`su -c 'apt-get update && apt-get install -y ${testsPackages.join(" ")}'`), result.stderr);
      assert.doesNotMatch(result.stderr, /npm ci/, "stops before the npm dependencies");
    } finally {
      rmSync(sandbox, { recursive: true, force: true });
    }
  });
});

function which(tool: string): string {
  const found = spawnSync("/bin/sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
  assert.ok(found, `${tool} is on PATH`);
  return found;
}
