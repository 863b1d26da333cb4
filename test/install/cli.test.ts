import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { parseArgs } from "../../src/cli";
import { kernelsDir, pythonFromShebang, userDataDir } from "../../src/install";
import { nodeFlags } from "../../src/install/kernelspec";

const cliPath = resolve(__dirname, "..", "..", "src", "cli.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8" });

describe("tsparallel CLI", () => {
  it("installs a kernelspec with absolute argv and logos into --prefix, and uninstalls it", () => {
    const prefix = mkdtempSync(join(tmpdir(), "tsparallel-install-"));
    try {
      const installed = run("install", "--prefix", prefix, "--name", "ts-test");
      assert.equal(installed.status, 0, installed.stderr);
      const dir = join(prefix, "share", "jupyter", "kernels", "ts-test");
      const spec = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8"));
      assert.deepEqual(spec.argv, [process.execPath, ...nodeFlags(), cliPath, "kernel", "--connection-file", "{connection_file}"]);
      assert.equal(spec.display_name, "TypeScript (tsparallel)");
      assert.equal(spec.language, "typescript");
      assert.equal(spec.interrupt_mode, "message");
      for (const logo of ["logo-32x32.png", "logo-64x64.png"]) {
        assert.deepEqual([...readFileSync(join(dir, logo)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${logo} is a PNG`);
      }
      const removed = run("uninstall", "--prefix", prefix, "--name", "ts-test");
      assert.equal(removed.status, 0, removed.stderr);
      assert.equal(existsSync(dir), false);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it("answers bad arguments with a one-line usage error and exit code 2", () => {
    for (const args of [["frobnicate"], ["install", "--user", "--prefix", "/tmp/x"], ["install", "--prefix"], ["kernel"], ["install", "--name", "bad name"], ["install", "--colour"]]) {
      const result = run(...args);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split("\n").length, 1, `one line for ${args.join(" ")}`);
      assert.match(result.stderr, /^tsparallel: .*usage:/);
    }
  });

  it("parses each command's options", () => {
    assert.deepEqual(parseArgs(["install"]), { kind: "install", target: { kind: "user" }, name: "tsparallel" });
    assert.deepEqual(parseArgs(["uninstall", "--sys-prefix", "--name=x"]), { kind: "uninstall", target: { kind: "sys-prefix" }, name: "x" });
    assert.deepEqual(parseArgs(["kernel", "--connection-file", "/c.json"]), { kind: "kernel", connectionFile: "/c.json" });
  });
});

describe("Jupyter data directories", () => {
  it("finds the user data dir as jupyter_core does", () => {
    assert.equal(userDataDir({ JUPYTER_DATA_DIR: "/d" }, "linux"), "/d");
    assert.equal(userDataDir({ HOME: "/h" }, "linux"), "/h/.local/share/jupyter");
    assert.equal(userDataDir({ HOME: "/h", XDG_DATA_HOME: "/x" }, "linux"), "/x/jupyter");
    assert.equal(userDataDir({ HOME: "/h" }, "darwin"), "/h/Library/Jupyter");
  });

  it("puts --sys-prefix kernels under the active environment", () => {
    assert.equal(kernelsDir({ kind: "sys-prefix" }, { VIRTUAL_ENV: "/venv" }), "/venv/share/jupyter/kernels");
    assert.equal(kernelsDir({ kind: "prefix", dir: "/p" }), "/p/share/jupyter/kernels");
  });

  it("reads the interpreter from a script's #! line", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsparallel-shebang-"));
    try {
      const write = (name: string, text: string) => (require("node:fs").writeFileSync(join(dir, name), text), join(dir, name));
      assert.equal(pythonFromShebang(write("a", "#!/usr/bin/python3\nimport x\n")), "/usr/bin/python3");
      assert.equal(pythonFromShebang(write("b", "#!/usr/bin/env -S python3.11 -u\n")), "python3.11");
      assert.equal(pythonFromShebang(write("c", "#!/bin/sh\n")), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("node flags in the kernelspec", () => {
  it("enables relaxed SIMD on Node 20 and 21 only", () => {
    assert.deepEqual(nodeFlags("20.20.2"), ["--experimental-wasm-relaxed-simd"]);
    assert.deepEqual(nodeFlags("22.1.0"), []);
  });
});
