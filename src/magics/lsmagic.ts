import { printExpression } from "./magic-output";
import type { MagicRegistry } from "./registry";
import type { MagicDeclaration } from "./types";

/** `%lsmagic`: lists the line and cell magics, as IPython's does. */
export const lsmagicMagic: MagicDeclaration = {
  name: "lsmagic",
  kind: "line",
  summary: "List currently available magic functions.",
  doc: "Line magics are used as `%name args` on a line of their own (or `const r = %name args`);\ncell magics as `%%name args` on the first line of a cell. `%name?` shows a magic's help.",
  arguments: { flags: [] },
  rewrite(use, out, registry) {
    printExpression(out, magicListing(registry));
  },
};

export function magicListing(registry: MagicRegistry): string {
  const line = registry.lineMagics().map((magic) => `%${magic.name}`).join("  ");
  const cell = registry.cellMagics().map((magic) => `%%${magic.name}`).join("  ");
  return `Available line magics:\n${line}\n\nAvailable cell magics:\n${cell}`;
}
