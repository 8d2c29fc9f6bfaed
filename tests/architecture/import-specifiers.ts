import ts from "typescript";

/** One module reference in a source file; `specifier` is null when it is computed at run time. */
export interface ImportReference {
  specifier: string | null;
  line: number;
}

/*
 * Parsed with the TypeScript compiler we already depend on rather than matched with a regular expression, so
 * imports inside comments and strings are not counted and none of the syntaxes below is missed.
 * `ts.preProcessFile` would be shorter, but it skips `export * as name from "x"`.
 */
function literalText(node: ts.Node | undefined): string | undefined {
  return node && ts.isStringLiteralLike(node) ? node.text : undefined;
}

/**
 * Every module a TypeScript file refers to: `import … from`, `import "x"`, `export … from`, `import type`,
 * dynamic `import(…)`, `import x = require(…)`, `require(…)` and type-level `import("x").T`.
 *
 * @example importSpecifiers("a.ts", 'export * from "zod";') // [{ specifier: "zod", line: 1 }]
 */
export function importSpecifiers(fileName: string, text: string): ImportReference[] {
  const kind = fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const found: ImportReference[] = [];
  const record = (node: ts.Node, specifier: string | null) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const specifier = literalText(node.moduleSpecifier);
      if (specifier !== undefined) record(node, specifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      record(node, literalText(node.moduleReference.expression) ?? null);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      record(node, literalText(node.argument.literal) ?? null);
    } else if (ts.isCallExpression(node)) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      // A computed specifier is recorded as null: the checker cannot see where it leads, so it refuses it.
      if (isDynamicImport || isRequire) record(node, literalText(node.arguments[0]) ?? null);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
