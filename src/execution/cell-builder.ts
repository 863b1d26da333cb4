import * as path from "node:path";
import type * as ts from "@tslab/typescript-for-tslab";

/**
 * The builder program the converter's watch makes for each cell.
 *
 * TypeScript's default (`createEmitAndSemanticDiagnosticsBuilderProgram`) keeps, for
 * every file of the program, the files it references — recomputed in full for each
 * new program, that is for every cell whose text differs from the last, through the
 * checker, over lib and @types/node's 270 files. tslab reads that state for one thing:
 * the local .ts and .js files a cell depends on (`getAllDependencies`), which it
 * checks and emits with the cell. A plain builder (`createAbstractBuilder`) plus that
 * one question answered for the cell alone, by following its imports, gives the same
 * answer without the per-program pass, which took about 40% of a new cell's conversion.
 */
export function createCellBuilder(typescript: typeof ts): ts.CreateProgram<ts.BuilderProgram> {
  return (rootNames, options, host, oldProgram, configFileParsingDiagnostics, projectReferences) => {
    const builder = typescript.createAbstractBuilder(rootNames, options, host, oldProgram, configFileParsingDiagnostics, projectReferences);
    builder.getAllDependencies = (sourceFile) => localDependencies(builder.getProgram(), sourceFile);
    // tslab reads the cell's bound `locals` as soon as the program exists; the full builder
    // had bound every file by creating the checker. The cell's check needs the checker anyway.
    builder.getProgram().getTypeChecker();
    return builder;
  };
}

/**
 * `sourceFile` and every file it reaches through imports and `/// <reference path>`,
 * followed through the files that are not declarations: a package's .d.ts never leads
 * back to a notebook's own modules, and only .ts/.js files are emitted with a cell.
 */
function localDependencies(program: ts.Program, sourceFile: ts.SourceFile): string[] {
  const checker = program.getTypeChecker();
  const reached = new Map<string, ts.SourceFile>([[sourceFile.fileName, sourceFile]]);
  const pending = [sourceFile];
  const reach = (file: ts.SourceFile | undefined) => {
    if (!file || reached.has(file.fileName)) return;
    reached.set(file.fileName, file);
    if (!file.isDeclarationFile) pending.push(file);
  };
  for (let file = pending.pop(); file; file = pending.pop()) {
    const imports = (file as ts.SourceFile & { imports?: readonly ts.StringLiteralLike[] }).imports ?? [];
    for (const literal of imports) {
      for (const declaration of checker.getSymbolAtLocation(literal)?.declarations ?? []) reach(declaration.getSourceFile());
    }
    for (const reference of file.referencedFiles) {
      reach(program.getSourceFile(path.resolve(path.dirname(file.fileName), reference.fileName)));
    }
  }
  return [...reached.keys()];
}
