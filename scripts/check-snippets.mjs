// npm run check:snippets: every ```ts block in README.md and docs/*.md must
// compile as written against the built package, for a user with strict
// settings. Each block is type-checked twice, as a user would paste it:
//
// - in a CommonJS project (`module: nodenext`, no "type": "module"): no
//   top-level await there;
// - in an ESM project with `tsc --init`'s defaults (TypeScript 5.9:
//   exactOptionalPropertyTypes, noUncheckedIndexedAccess,
//   verbatimModuleSyntax, ...).
//
// Words after `ts` in the fence steer a block:
//   ```ts esm           checked as ESM only (it uses top-level await)
//   ```ts file=spin.ts  written under that name, so later blocks of the same
//                       page can `import ... from './spin.js'`
// A block that is deliberately not compilable is fenced as ```text instead.
// Globals come from @types/node and @types/jest, as in a Node project tested
// with Jest; Vitest blocks import their globals.
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const scratch = join(root, '.tmp', 'snippets');
const pages = [
  'README.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

const strict = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node', 'jest'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
};
const projects = {
  commonjs: { type: 'commonjs', options: strict },
  esm: {
    type: 'module',
    options: {
      ...strict,
      target: ts.ScriptTarget.ESNext,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      noUncheckedSideEffectImports: true,
      moduleDetection: ts.ModuleDetectionKind.Force,
    },
  },
};

/** The ```ts blocks of one page, with the line each one's code starts on. */
function extract(page) {
  const lines = readFileSync(page, 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i += 1) {
    const fence = /^```(ts|typescript)\b(.*)$/.exec(lines[i]);
    if (!fence) continue;
    const words = fence[2].trim().split(/\s+/).filter(Boolean);
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith('```')) end += 1;
    blocks.push({
      page,
      line: start + 1,
      code: lines.slice(start, end).join('\n') + '\n',
      esmOnly: words.includes('esm'),
      file: words.find((word) => word.startsWith('file='))?.slice('file='.length),
    });
    i = end;
  }
  return blocks;
}

rmSync(scratch, { recursive: true, force: true });
const blocks = pages.flatMap(extract);
const where = new Map(); // snippet file -> its block
let failures = 0;
for (const [kind, { type, options }] of Object.entries(projects)) {
  const dir = join(scratch, kind);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `snippets-${kind}`, type }));
  // The package by name, resolved through its own exports to dist/: what a user gets.
  symlinkSync(root, join(dir, 'node_modules', 'rxjs-text-stream'), 'dir');
  const files = [];
  blocks.forEach((block, index) => {
    if (block.esmOnly && kind !== 'esm') return;
    const pageDir = join(dir, block.page.replace(/[/.]/g, '_'));
    mkdirSync(pageDir, { recursive: true });
    const file = join(pageDir, block.file ?? `block${index}.ts`);
    writeFileSync(file, block.code);
    where.set(file, block);
    files.push(file);
  });
  const program = ts.createProgram(files, options);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file && resolve(diagnostic.file.fileName);
    const block = file && where.get(file);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    failures += 1;
    if (!block) {
      console.error(
        `FAIL (${kind}) ${file ? relative(root, file) : ''}: TS${diagnostic.code} ${message}`,
      );
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    console.error(
      `FAIL (${kind}) ${block.page}:${block.line + line}: TS${diagnostic.code} ${message}`,
    );
  }
}
console.log(
  failures === 0
    ? `snippets ok: ${blocks.length} ts blocks from ${pages.length} pages compile as CommonJS and ESM`
    : `${failures} type errors in the docs' snippets`,
);
process.exit(failures === 0 ? 0 : 1);
