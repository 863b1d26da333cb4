import assert from "node:assert/strict";
import { UsageError } from "../../src/errors";

/**
 * The message of the UsageError that `run` throws for `input`; fails the test when it
 * throws something else or nothing. With `oneLine`, also checks the message is one line.
 */
export function usageErrorOf(run: () => unknown, input: string, options: { oneLine?: boolean } = {}): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    if (options.oneLine) assert.doesNotMatch(error.message, /\n/, "a UsageError is one line");
    return error.message;
  }
  assert.fail(`no error for ${JSON.stringify(input)}`);
}
