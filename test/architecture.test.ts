import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '..', 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(src, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join(src, folder, file));
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

// Kysely's write builders, and raw SQL that writes.
const WRITES =
  /\.(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/i;

/** `store/papers.ts#upsertPaper` for every exported store function whose body writes rows. */
function storeWriteFunctions(): Set<string> {
  const writes = new Set<string>();
  for (const file of sourceFiles('store')) {
    for (const statement of parse(file).statements) {
      const exported =
        ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (exported && ts.isFunctionDeclaration(statement) && statement.name && WRITES.test(statement.getText()))
        writes.add(`${relative(src, file)}#${statement.name.text}`);
    }
  }
  return writes;
}

/** Every value imported from store/ by a file under the folder, as `file: store/x.ts#name`. */
function storeImports(folder: string): { file: string; name: string }[] {
  const found: { file: string; name: string }[] = [];
  for (const file of sourceFiles(folder)) {
    for (const statement of parse(file).statements) {
      if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
      const target = join(file, '..', (statement.moduleSpecifier as ts.StringLiteral).text);
      const module = relative(src, target);
      if (!module.startsWith('store/')) continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements)
          if (!element.isTypeOnly)
            found.push({ file: relative(src, file), name: `${module}#${(element.propertyName ?? element.name).text}` });
      if (bindings && ts.isNamespaceImport(bindings)) found.push({ file: relative(src, file), name: `${module}#*` });
    }
  }
  return found;
}

// /readyz proves the store can still write by touching a scratch row: no member's or paper's data changes.
const READINESS_PROBES = new Set(['store/stats.ts#probeWrite']);

describe('architecture', () => {
  const writes = storeWriteFunctions();

  it('finds the store functions that write (the check below has something to check)', () => {
    expect(writes).toContain('store/leases.ts#acquireLease');
    expect(writes).toContain('store/digests.ts#settleSend');
    expect(writes).not.toContain('store/leases.ts#leaseHolder');
  });

  it.each(['web', 'jobs'])(
    'no file under src/%s writes through store/ or its own SQL: writes go through a capability',
    (folder) => {
      const offending = storeImports(folder).filter(
        ({ name }) => (writes.has(name) && !READINESS_PROBES.has(name)) || name.endsWith('#*'),
      );
      expect(offending).toEqual([]);
      const rawWrites = sourceFiles(folder).filter((file) => WRITES.test(readFileSync(file, 'utf8')));
      expect(rawWrites.map((file) => relative(src, file))).toEqual([]);
    },
  );
});
