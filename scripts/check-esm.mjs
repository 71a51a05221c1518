// npm run check:esm: proves that the ESM build imports no CommonJS, the way
// bundlers resolve it. A CommonJS module in an ESM graph is what makes Angular
// warn "... is not ESM" and what defeats tree shaking (fp-ts/lib once cost
// apps 6 kB gzipped). esbuild resolves every entry in package.json's exports
// and its metafile says which format each module it read is in.
//
// - Browser entries (those with a `browser` condition): the whole graph, our
//   dependencies' own imports included, must be ESM, since all of it ends up
//   in the app.
// - Every entry, resolved with the conditions every bundler honours (`import`,
//   `module`, then `main`; no `node`, which rxjs maps to its CommonJS build on
//   purpose): each import made by a file of ours must land on an ESM module.
//   What a dependency imports in turn (ws's ESM wrapper loads its CommonJS
//   core) is that package's business.
// - `connect` bundled alone: not a byte of io-ts or fp-ts in the output. The
//   session decodes frames by hand (protocol/frameFields.ts); the io-ts codecs
//   are for apps that ask for them, and cost ~10 kB min to any app that
//   ships them.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const ours = (path) => path.startsWith('dist/esm/');
const problems = new Set();

async function graph(entry, platform) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform,
    ...(platform === 'neutral' && { mainFields: ['module', 'main'], conditions: ['module'] }),
    external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
    logLevel: 'silent',
  });
  return result.metafile.inputs;
}

let checked = 0;
for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') continue; // ./package.json
  const entry = target.import?.default ?? target.browser?.import?.default;
  if (typeof entry !== 'string') throw new Error(`exports["${subpath}"] has no ESM entry`);

  const bundlerGraph = await graph(entry, 'neutral');
  for (const [path, input] of Object.entries(bundlerGraph)) {
    if (!ours(path)) continue;
    if (input.format === 'cjs') problems.add(`${path} is CommonJS`);
    for (const imported of input.imports) {
      if (imported.external) continue;
      checked += 1;
      if (bundlerGraph[imported.path]?.format === 'cjs')
        problems.add(
          `${path} imports '${imported.original}', which is CommonJS (${imported.path})`,
        );
    }
  }

  if (target.browser !== undefined) {
    const browserGraph = await graph(entry, 'browser');
    for (const [path, input] of Object.entries(browserGraph)) {
      checked += 1;
      if (input.format === 'cjs')
        problems.add(`${subpath} in a browser bundle loads CommonJS ${path}`);
    }
  }
}

// What an app that imports only `connect` gets: io-ts and fp-ts must be shaken out entirely.
const connectOnly = await build({
  stdin: {
    contents: `export { connect } from './${pkg.exports['.'].browser.default}';`,
    resolveDir: '.',
  },
  bundle: true,
  write: false,
  metafile: true,
  format: 'esm',
  platform: 'browser',
  external: ['rxjs', 'rxjs/*'],
  logLevel: 'silent',
});
for (const output of Object.values(connectOnly.metafile.outputs))
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    checked += 1;
    if (bytesInOutput > 0 && /node_modules\/(io-ts|fp-ts)\//.test(path))
      problems.add(`connect alone bundles ${path} (${bytesInOutput} bytes)`);
  }

for (const problem of problems) console.error(`FAIL ${problem}`);
console.log(
  problems.size === 0
    ? `esm ok: ${checked} imports and modules checked, none CommonJS; connect alone bundles no io-ts or fp-ts`
    : `${problems.size} problems in the ESM build`,
);
process.exit(problems.size === 0 ? 0 : 1);
