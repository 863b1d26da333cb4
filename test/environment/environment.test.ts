import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { jupyterDisplaySymbol } from "../../src/cell/mime";
import { cpuFacts, environment, Environment, packageRoot, packageVersion, stealShare } from "../../src/environment";
import { UsageError } from "../../src/errors";
import * as publicApi from "../../src/index";

const repo = resolve(__dirname, "..", "..", "..");
const versionIn = (path: string) => (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;

describe("environment()", () => {
  it("records the machine and runtime facts as typed fields", () => {
    const env = environment({ seed: 7 });
    assert.ok(env instanceof Environment);
    assert.equal(env.cores, os.availableParallelism());
    assert.equal(env.nodeVersion, process.versions.node);
    assert.equal(env.v8Version, process.versions.v8);
    assert.equal(env.memoryBytes, os.totalmem());
    assert.equal(env.arch, os.arch());
    assert.equal(env.osType, os.type());
    assert.ok(env.cpuModel.length > 0 && env.cpuModel !== "unknown", `cpu model: ${env.cpuModel}`);
    assert.ok(["relaxed", "simd", "scalar"].includes(env.wasmBuild), `wasm build: ${env.wasmBuild}`);
    assert.equal(env.seed, 7);
    assert.ok(Math.abs(env.executedAt.getTime() - Date.now()) < 60_000);
  });

  it("reads package versions from their package.json", () => {
    const env = environment();
    assert.equal(env.versions.tsparallel, versionIn(join(repo, "package.json")));
    for (const name of ["workerpool", "mathjs", "typescript"] as const) {
      assert.equal(env.versions[name], versionIn(join(repo, "node_modules", name, "package.json")), name);
    }
    assert.equal(packageRoot(), repo);
    assert.equal(packageVersion("no-such-package-of-tsparallel"), "not found");
  });

  it("lists SIMD flags from cpuinfo's flags (x86) or Features (arm64) line", () => {
    const dir = mkdtempSync(join(os.tmpdir(), "tsparallel-cpuinfo-"));
    try {
      const x86 = join(dir, "x86");
      writeFileSync(x86, "processor\t: 0\nmodel name\t: Test CPU 9000\nflags\t\t: fpu sse4_2 avx avx2 fma\n");
      assert.deepEqual(cpuFacts(x86), { model: "Test CPU 9000", simd: ["avx2", "fma", "sse4_2"] });
      const arm = join(dir, "arm");
      writeFileSync(arm, "processor\t: 0\nFeatures\t: fp asimd evtstrm\n");
      assert.deepEqual(cpuFacts(arm).simd, ["asimd"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds a dependency's version in a node_modules above the package root", () => {
    const dir = mkdtempSync(join(os.tmpdir(), "tsparallel-root-"));
    try {
      const root = join(dir, "app", "node_modules", "tsparallel");
      mkdirSync(join(dir, "app", "node_modules", "mathjs"), { recursive: true });
      mkdirSync(join(root, "dist"), { recursive: true });
      writeFileSync(join(root, "package.json"), JSON.stringify({ name: "tsparallel", version: "9.9.9" }));
      writeFileSync(join(dir, "app", "node_modules", "mathjs", "package.json"), JSON.stringify({ name: "mathjs", version: "1.2.3" }));
      assert.equal(packageRoot(join(root, "dist")), root);
      assert.equal(packageVersion("tsparallel", root), "9.9.9");
      assert.equal(packageVersion("mathjs", root), "1.2.3");
      assert.equal(packageVersion("workerpool", root), "not found");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("displays as a table captioned Environment in text/plain and text/html", () => {
    const env = environment({ seed: 42 });
    const bundle = env[jupyterDisplaySymbol]();
    const plain = bundle["text/plain"] as string;
    const html = bundle["text/html"] as string;
    assert.match(plain, /^Environment$/m);
    assert.match(plain, new RegExp(`^cores \\(available to Node\\)\\s+${env.cores}$`, "m"));
    assert.match(plain, new RegExp(`^Node / V8\\s+v${process.versions.node.replace(/\./g, "\\.")} / `, "m"));
    assert.match(plain, /^random seed\s+42$/m);
    assert.match(plain, /^executed \(UTC\)\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/m);
    assert.match(html, /<caption>Environment<\/caption>/);
    assert.ok(html.includes(`<td style="text-align: left">${env.versions.tsparallel}</td>`));
    assert.match(environment()[jupyterDisplaySymbol]()["text/plain"] as string, /^random seed\s+not set$/m);
  });

  it("escapes facts in its HTML", () => {
    const env = environment();
    Object.defineProperty(env, "cpuModel", { value: `<script>alert("x")</script> & Co` });
    const html = env[jupyterDisplaySymbol]()["text/html"] as string;
    assert.ok(!html.includes("<script>"), html);
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"), html);
    assert.match(env[jupyterDisplaySymbol]()["text/plain"] as string, /^CPU\s+<script>alert\("x"\)<\/script> & Co$/m);
  });

  it("rejects a seed that is not a finite number with a one-line UsageError", () => {
    assert.throws(() => environment({ seed: Number.NaN }), (error: unknown) => error instanceof UsageError && /seed must be a finite number/.test(error.message));
    assert.throws(() => environment({ seed: "1" as unknown as number }), UsageError);
    assert.throws(() => environment(null as unknown as { seed: number }), UsageError);
  });

  it("is part of the public API, with formats from the display area", () => {
    assert.equal(publicApi.environment, environment);
    assert.equal(typeof publicApi.formats.seconds, "function");
    assert.equal(publicApi.formats.seconds(0.0123), "12.3 ms");
  });
});

describe("environment(): machine load and the Python side", () => {
  it("names the git commit, the load, steal, whether the machine is virtual, and the Python versions", () => {
    const env = environment();
    const text = env[jupyterDisplaySymbol]()["text/plain"] as string;
    assert.match(text, /^git commit\s+[0-9a-f]{12}( \+ uncommitted changes)?$/m);
    assert.match(text, /^load average \(1 \/ 5 \/ 15 min\) at start\s+[\d.]+ \/ [\d.]+ \/ [\d.]+$/m);
    assert.match(text, /^CPU steal since boot\s+[\d.]+%$/m);
    assert.match(text, /^virtual machine\s+(yes \(hypervisor flag\)|no)$/m);
    assert.match(text, /^Python \/ NumPy \/ Numba \/ OpenBLAS\s+3\.\d+\.\d+ \/ \S+ \/ \S+ \/ .+$/m);
    const end = env.atEnd()[jupyterDisplaySymbol]()["text/plain"] as string;
    assert.match(end, /^CPU steal during the run\s+[\d.]+% of [\d.]+ min$/m);
  });

  it("stealShare is the stolen part of the ticks between two samples", () => {
    assert.equal(stealShare({ steal: 10, total: 1000 }, { steal: 30, total: 1200 }), 0.1);
    assert.equal(stealShare({ steal: 10, total: 1000 }, { steal: 10, total: 1000 }), undefined);
    assert.equal(stealShare(undefined, { steal: 1, total: 2 }), undefined);
  });
});
