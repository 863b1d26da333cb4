import type * as ts from "@tslab/typescript-for-tslab";

/**
 * The declarations the session keeps after a cell that failed part-way:
 * IPython keeps the names bound by the statements that ran before an exception, and so
 * does this kernel. `current` is the converter's declaration file for the cell as a whole
 * (the cell's own declarations, then the earlier ones it did not redeclare); `unreached`
 * holds the value names whose statements did not run. Those lose the cell's declaration
 * and get back the one they had before the cell (`previous`), if any. Type-only
 * declarations (type aliases, interfaces) stay: they compiled, and nothing had to run.
 */
export function keepCompletedDeclarations(
  typescript: typeof ts,
  previous: string,
  current: string,
  unreached: ReadonlySet<string>,
): string {
  const kept = declarationsNaming(typescript, current, (name) => !unreached.has(name), "keep types");
  const restored = declarationsNaming(typescript, previous, (name) => unreached.has(name), "values only");
  return kept + restored;
}

type TypeDeclarations = "keep types" | "values only";

/** The statements of a declaration file whose declared names pass `wanted`, printed. */
function declarationsNaming(
  typescript: typeof ts,
  text: string,
  wanted: (name: string) => boolean,
  typeDeclarations: TypeDeclarations,
): string {
  const file = typescript.createSourceFile("declarations.d.ts", text, typescript.ScriptTarget.Latest, false, typescript.ScriptKind.TS);
  const printer = typescript.createPrinter({ newLine: typescript.NewLineKind.LineFeed });
  const printed: string[] = [];
  for (const statement of file.statements) {
    const chosen = choose(typescript, statement, wanted, typeDeclarations);
    if (chosen) printed.push(printer.printNode(typescript.EmitHint.Unspecified, chosen, file));
  }
  return printed.map((statement) => statement + "\n").join("");
}

function choose(
  typescript: typeof ts,
  statement: ts.Statement,
  wanted: (name: string) => boolean,
  typeDeclarations: TypeDeclarations,
): ts.Statement | undefined {
  const factory = typescript.factory;
  if (typescript.isTypeAliasDeclaration(statement) || typescript.isInterfaceDeclaration(statement)) {
    return typeDeclarations === "keep types" ? statement : undefined;
  }
  if (typescript.isVariableStatement(statement)) {
    const list = statement.declarationList;
    const declarations = list.declarations.filter((declaration) => boundNames(typescript, declaration.name).every(wanted));
    if (declarations.length === 0) return undefined;
    if (declarations.length === list.declarations.length) return statement;
    return factory.updateVariableStatement(statement, statement.modifiers, factory.updateVariableDeclarationList(list, declarations));
  }
  if (typescript.isImportDeclaration(statement)) return chooseImport(typescript, statement, wanted);
  const name = (statement as { name?: ts.Node }).name;
  if (name && typescript.isIdentifier(name)) return wanted(name.text) ? statement : undefined;
  // Anything nameless (`export {}`) is kept from the cell's file, not repeated from the earlier one.
  return typeDeclarations === "keep types" ? statement : undefined;
}

function chooseImport(typescript: typeof ts, statement: ts.ImportDeclaration, wanted: (name: string) => boolean): ts.Statement | undefined {
  const clause = statement.importClause;
  if (!clause) return undefined;
  const factory = typescript.factory;
  const defaultName = clause.name && wanted(clause.name.text) ? clause.name : undefined;
  let bindings = clause.namedBindings;
  if (bindings && typescript.isNamespaceImport(bindings) && !wanted(bindings.name.text)) bindings = undefined;
  if (bindings && typescript.isNamedImports(bindings)) {
    const elements = bindings.elements.filter((element) => wanted(element.name.text));
    bindings = elements.length === 0 ? undefined : factory.updateNamedImports(bindings, elements);
  }
  if (!defaultName && !bindings) return undefined;
  return factory.updateImportDeclaration(
    statement,
    statement.modifiers,
    factory.updateImportClause(clause, clause.isTypeOnly, defaultName, bindings),
    statement.moduleSpecifier,
    statement.assertClause,
  );
}

function boundNames(typescript: typeof ts, name: ts.BindingName): string[] {
  if (typescript.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (typescript.isOmittedExpression(element) ? [] : boundNames(typescript, element.name)));
}
