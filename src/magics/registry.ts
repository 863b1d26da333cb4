import type { MagicDeclaration } from "./types";

/**
 * The magics the kernel knows, by name.
 *
 * How to add a magic (the pattern every magic follows; see timeit.ts and lsmagic.ts):
 *   1. Create src/magics/<name>.ts exporting a `MagicDeclaration`:
 *        export const parallelMagic: MagicDeclaration = {
 *          name: "parallel", kind: "both", summary: "...", doc: "...",
 *          arguments: { flags: [{ key: "workers", short: "w", type: "integer", minimum: 1,
 *                                 metavar: "N", help: "..." }],
 *                       rest: { name: "statement", help: "..." } },
 *          rewrite(use, out) { ... },
 *        };
 *      `use.flags` holds the parsed, typed flags (bad input never reaches rewrite: the
 *      parser throws UsageError from the spec, and a flag declared with `form: "cell"`
 *      or `needs: [...]` is refused where it does not belong), `use.rest` the text after
 *      the flags, `use.body` a cell magic's body. `rewrite` writes ONE TypeScript
 *      expression: `out.generated(...)` for the magic's own code and `out.user(text)` for
 *      code the user typed (so errors map back to it). Code-taking magics call their
 *      runtime half, exported from runtimes.ts as `$magic<Name>` and named in generated
 *      code by `magicRuntime("$magic<Name>")` (runtime-reference.ts), e.g.
 *        out.generated(`await ${magicRuntime("$magicTimeit")}(${JSON.stringify(flags)}, () => { `);
 *        out.user(use.rest);
 *        out.generated(" })");
 *      The cell's checker then types the call from the runtime's own code.
 *      Magics that only print use `printExpression(text)` (magic-output.ts).
 *   2. Add it to `builtinMagics` in src/magics/builtins.ts.
 * Help (`%name?`), %lsmagic, argument parsing and UsageErrors come from the declaration.
 */
export class MagicRegistry {
  private readonly magics = new Map<string, MagicDeclaration>();

  constructor(declarations: readonly MagicDeclaration[] = []) {
    for (const declaration of declarations) this.register(declaration);
  }

  register(declaration: MagicDeclaration): void {
    if (!/^[A-Za-z_][\w]*$/.test(declaration.name)) throw new Error(`invalid magic name: ${JSON.stringify(declaration.name)}`);
    if (this.magics.has(declaration.name)) throw new Error(`magic %${declaration.name} is declared twice`);
    const keys = new Set(declaration.arguments.flags.map((flag) => flag.key));
    for (const flag of declaration.arguments.flags) {
      const unknown = flag.needs?.find((key) => !keys.has(key));
      if (unknown !== undefined) throw new Error(`magic %${declaration.name}: flag ${flag.key} needs an undeclared flag ${unknown}`);
    }
    this.magics.set(declaration.name, declaration);
  }

  get(name: string): MagicDeclaration | undefined {
    return this.magics.get(name);
  }

  lineMagics(): MagicDeclaration[] {
    return this.sorted().filter((magic) => magic.kind !== "cell");
  }

  cellMagics(): MagicDeclaration[] {
    return this.sorted().filter((magic) => magic.kind !== "line");
  }

  private sorted(): MagicDeclaration[] {
    return [...this.magics.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
