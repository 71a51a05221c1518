import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

const SRC = join(__dirname, '../../src');

/** Every module `entry` loads at startup: static imports, followed through src/ (dynamic import() not). */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.startsWith(SRC)) return;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
    for (const statement of source.statements) {
      const specifier =
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
        statement.moduleSpecifier &&
        ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : undefined;
      // `import type` and `export type` vanish from the JavaScript.
      const typeOnly =
        (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly) ||
        (ts.isExportDeclaration(statement) && statement.isTypeOnly);
      if (specifier === undefined || typeOnly) continue;
      if (!specifier.startsWith('.')) {
        seen.add(specifier);
        continue;
      }
      const path = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      visit(existsSync(path) ? path : path.replace(/\.ts$/, '/index.ts'));
    }
  };
  visit(join(SRC, entry));
  return seen;
}

const queueModules = (graph: Set<string>) =>
  [...graph].filter(
    (module) =>
      module === 'bullmq' || module === 'ioredis' || module.startsWith(join(SRC, 'bullmq')),
  );

describe('the bullmq entry stays out of everything else', () => {
  it.each(['index.ts', 'server/index.ts', 'testing/index.ts', 'cli/bin.ts'])(
    '%s loads neither bullmq, ioredis nor src/bullmq at startup',
    (entry) => {
      const graph = staticGraph(entry);
      expect(graph.size).toBeGreaterThan(5);
      expect(queueModules(graph)).toEqual([]);
    },
  );

  it('while the bullmq entry does load bullmq (the walk sees it)', () => {
    expect(queueModules(staticGraph('bullmq/index.ts'))).toContain('bullmq');
  });
});
