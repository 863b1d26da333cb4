import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DeferredWatches } from "../../src/execution/deferred-watches";

describe("directory watches held back until the converter is warm", () => {
  it("starts a watch asked for early only when started, and one asked for later at once", () => {
    const watches = new DeferredWatches();
    const started: string[] = [];
    const watch = (name: string) => () => {
      started.push(name);
      return { close: () => started.push(`closed ${name}`) };
    };
    const early = watches.add(watch("node_modules"));
    assert.deepEqual(started, []);
    watches.start();
    assert.deepEqual(started, ["node_modules"]);
    watches.add(watch("dist"));
    assert.deepEqual(started, ["node_modules", "dist"]);
    early.close();
    assert.deepEqual(started, ["node_modules", "dist", "closed node_modules"]);
  });

  it("never starts a watch closed before the start", () => {
    const watches = new DeferredWatches();
    let starts = 0;
    watches.add(() => {
      starts += 1;
      return { close: () => undefined };
    }).close();
    watches.start();
    assert.equal(starts, 0);
  });
});
