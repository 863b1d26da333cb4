import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TestSession } from "./session";

/**
 * A cell's timer functions are the interruptible ones (execution/interruptible-timers.ts);
 * they must behave as Node's own, and a cell must still be free to declare the names.
 */
describe("the timer functions a cell sees", () => {
  let session: TestSession;
  before(() => {
    session = new TestSession();
  });
  after(() => session.close());

  it("are the kernel's interruptible ones, not the globals", async () => {
    assert.equal(await session.value("setTimeout === globalThis.setTimeout"), "false");
    assert.equal(await session.value("setImmediate === globalThis.setImmediate || setInterval === globalThis.setInterval"), "false");
  });

  it("pass arguments, return clearable handles and promisify as Node's do", async () => {
    assert.equal(await session.value("await new Promise<number>((resolve) => setTimeout((a: number, b: number) => resolve(a + b), 1, 40, 2))"), "42");
    assert.equal(await session.value("await new Promise<string>((resolve) => setImmediate((s: string) => resolve(s), 'now'))"), "'now'");
    const cleared = "let fired = 0; clearTimeout(setTimeout(() => fired++, 1)); const iv = setInterval(() => fired++, 1); clearInterval(iv);\n" +
      "await new Promise((resolve) => setTimeout(resolve, 20)); fired";
    assert.equal(await session.value(cleared), "0");
    assert.equal(await session.value("const { promisify } = require('node:util'); await promisify(setTimeout)(1, 'promisified')"), "'promisified'");
  });

  it("leave a cell free to declare its own setTimeout", async () => {
    assert.equal(await session.value("const setTimeout = (f: () => number) => f(); setTimeout(() => 7)"), "7");
    assert.equal(await session.value("setTimeout(() => 8)"), "8");
  });
});
