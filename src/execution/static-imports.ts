import type * as ts from "@tslab/typescript-for-tslab";

/**
 * The module specifiers a cell imports statically (`import ... from "x"`, `import "x"`,
 * `export ... from "x"`), not `import type`: the modules an ES module evaluates before
 * its own code. The executor loads the ES modules among them with import() first
 * (es-modules.ts), because the cell itself compiles to CommonJS `require()`.
 */
export function staticImportSpecifiers(typescript: typeof ts, source: string): string[] {
  const file = typescript.createSourceFile("cell.ts", source, typescript.ScriptTarget.Latest, false, typescript.ScriptKind.TS);
  const specifiers = new Set<string>();
  for (const statement of file.statements) {
    const typeOnly =
      (typescript.isImportDeclaration(statement) && statement.importClause?.isTypeOnly === true) ||
      (typescript.isExportDeclaration(statement) && statement.isTypeOnly);
    if (typeOnly) continue;
    if (!typescript.isImportDeclaration(statement) && !typescript.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (specifier && typescript.isStringLiteral(specifier)) specifiers.add(specifier.text);
  }
  return [...specifiers];
}
