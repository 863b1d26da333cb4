import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { requireWithCodeCache } from "../../src/execution/code-cache";

describe("requireWithCodeCache", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "tsparallel-code-cache-"));
  const cacheDir = path.join(folder, "cache");
  const file = path.join(folder, "library.js");
  after(() => rmSync(folder, { recursive: true, force: true }));

  const load = () => {
    // Each load is a fresh module instance, as in a new converter thread.
    delete require.cache[file];
    return requireWithCodeCache(file, cacheDir);
  };

  it("compiles from source first, then from the cache it saved", () => {
    writeFileSync(file, "exports.version = 1; exports.twice = (n) => 2 * n;\n");
    const first = load();
    assert.equal(first.usedCache, false);
    assert.equal((first.exports as { twice(n: number): number }).twice(21), 42);
    first.saveIfNew();
    assert.equal(readdirSync(cacheDir).length, 1);
    const second = load();
    assert.equal(second.usedCache, true);
    assert.equal((second.exports as { version: number }).version, 1);
    assert.equal(require(file), second.exports, "later requires get the instance loaded with the cache");
  });

  it("never uses the cache of a changed source, and replaces it", () => {
    writeFileSync(file, "exports.version = 1; exports.twice = (n) => 2 * n;\n");
    load().saveIfNew();
    const before = readdirSync(cacheDir);
    // Same length, so V8's own check (it compares the source's length) would not notice.
    writeFileSync(file, "exports.version = 2; exports.twice = (n) => 3 * n;\n");
    const changed = load();
    assert.equal(changed.usedCache, false);
    assert.equal((changed.exports as { version: number }).version, 2);
    assert.equal((changed.exports as { twice(n: number): number }).twice(2), 6);
    changed.saveIfNew();
    const after = readdirSync(cacheDir);
    assert.equal(after.length, 1, "the stale cache was removed");
    assert.notDeepEqual(after, before);
    assert.equal(load().usedCache, true);
  });

  it("runs without a cache where the folder cannot be written", () => {
    writeFileSync(path.join(folder, "not-a-folder"), "");
    delete require.cache[file];
    const loaded = requireWithCodeCache(file, path.join(folder, "not-a-folder", "cache"));
    assert.equal(loaded.usedCache, false);
    assert.doesNotThrow(() => loaded.saveIfNew());
    assert.equal((loaded.exports as { version: number }).version, 2);
  });
});
