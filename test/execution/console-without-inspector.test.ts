import assert from "node:assert/strict";
import { Session } from "node:inspector";
import { describe, it } from "node:test";
import { unwrapConsoleFromInspector } from "../../src/execution/console-without-inspector";

/** Runs `print` with process.stdout captured; returns what it wrote. */
function captureStdout(print: () => void): string {
  const original = process.stdout.write;
  let text = "";
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    text += String(chunk);
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  try {
    print();
  } finally {
    process.stdout.write = original;
  }
  return text;
}

describe("unwrapConsoleFromInspector", () => {
  it("keeps console output away from a connected inspector session, prints the same text, and puts the wrapper back", () => {
    const session = new Session();
    session.connect();
    let reported = 0;
    session.on("Runtime.consoleAPICalled", () => reported++);
    session.post("Runtime.enable");
    try {
      const before = reported;
      assert.equal(captureStdout(() => console.log("wrapped %d", 1)), "wrapped 1\n");
      assert.equal(reported, before + 1, "while a session is connected, Node hands every console call to the inspector");

      const rewrap = unwrapConsoleFromInspector();
      try {
        assert.equal(captureStdout(() => console.log("plain %d", 2)), "plain 2\n");
        assert.equal(captureStdout(() => console.info({ a: [1, 2] })), "{ a: [ 1, 2 ] }\n");
        assert.equal(reported, before + 1, "the unwrapped methods skip the inspector");
        assert.equal(typeof console.profile, "function", "methods only the inspector implements are kept");
      } finally {
        rewrap();
      }
      captureStdout(() => console.log("wrapped again"));
      assert.equal(reported, before + 2);
    } finally {
      session.disconnect();
    }
  });
});
