// npm run check:pack: what `npm pack` would publish tells the truth. No
// generated API site (docs/api) rides along, and every source map in the
// tarball resolves to a source that is in the tarball too: the package ships
// src/, so both the .js maps (debuggers, stack traces) and the .d.ts maps
// (an editor's go-to-definition) land on the real TypeScript.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
);
const files = new Set(pack.files.map((file) => file.path));
const problems = [];

for (const path of files) if (path.startsWith('docs/api/')) problems.push(`${path} is packed`);

let maps = 0;
for (const path of files) {
  if (path.endsWith('.js') || path.endsWith('.d.ts')) {
    const link = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path, 'utf8'))?.[1];
    if (link && !files.has(normalize(join(dirname(path), link))))
      problems.push(`${path} points at ${link}, which is not packed`);
  }
  if (!path.endsWith('.map')) continue;
  maps += 1;
  const map = JSON.parse(readFileSync(path, 'utf8'));
  map.sources.forEach((source, index) => {
    if (typeof map.sourcesContent?.[index] === 'string') return;
    const target = normalize(join(dirname(path), map.sourceRoot ?? '', source));
    if (!files.has(target)) problems.push(`${path}: source ${source} is not packed`);
  });
}
if (maps === 0) problems.push('no source maps packed: build first (npm run build)');

for (const problem of problems) console.error(`FAIL ${problem}`);
console.log(
  problems.length === 0
    ? `pack ok: ${files.size} files (${(pack.size / 1000).toFixed(0)} kB packed), no docs/api, ${maps} source maps all resolve`
    : `${problems.length} packaging problems`,
);
process.exit(problems.length === 0 ? 0 : 1);
