import nodeResolve from '@rollup/plugin-node-resolve';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rollup } from 'rollup';
import webpack from 'webpack';

// An app that imports decodeFrame alone gets the decoder and nothing of the
// session or the transport, in each bundler, from the built package (npm
// test builds dist/ first) as an app's node_modules holds it.
const root = resolve(__dirname, '..');
const app = "export { decodeFrame } from 'rxjs-text-stream';\n";
const heavy = /dist\/esm\/(session|transport)\//;

let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'tree-shaking-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(root, join(project, 'node_modules', 'rxjs-text-stream'), 'dir');
  writeFileSync(join(project, 'app.mjs'), app);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** The library's files a bundle holds, as `dist/esm/<folder>/<file>.js`. */
const libraryFiles = (ids: Iterable<string>): string[] =>
  [...ids].filter((id) => id.includes('dist/esm/')).map((id) => id.slice(id.indexOf('dist/esm/')));

it('esbuild: decodeFrame alone bundles no session or transport code', () => {
  // bench/bundle.mjs's own measurement, so the test and `npm run check:size` agree.
  const script = `import { measure } from './bench/bundle.mjs';
    const result = await measure(${JSON.stringify(app)}, ['rxjs', 'rxjs/*']);
    process.stdout.write(JSON.stringify(result));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  const { ownFiles } = JSON.parse(run.stdout) as { ownFiles: string[] };
  expect(ownFiles).toContain('dist/esm/protocol/decodeFrame.js');
  expect(ownFiles.filter((file) => heavy.test(file))).toEqual([]);
});

it('Rollup: decodeFrame alone bundles no session or transport code', async () => {
  const bundle = await rollup({
    input: join(project, 'app.mjs'),
    external: (id) => id === 'rxjs' || id.startsWith('rxjs/'),
    plugins: [nodeResolve({ browser: true, rootDir: project })],
    onwarn: () => undefined,
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const rendered = Object.entries(output[0].modules)
    .filter(([, module]) => module.renderedLength > 0)
    .map(([id]) => id);
  const files = libraryFiles(rendered);
  expect(files).toContain('dist/esm/protocol/decodeFrame.js');
  expect(files.filter((file) => heavy.test(file))).toEqual([]);
});

it('webpack: decodeFrame alone bundles no session or transport code', async () => {
  const stats = await new Promise<webpack.Stats>((done, fail) =>
    webpack(
      {
        mode: 'production',
        target: 'web',
        context: project,
        entry: './app.mjs',
        output: { path: join(project, 'webpack'), library: { type: 'module' } },
        experiments: { outputModule: true },
        externals: { rxjs: 'rxjs' },
        externalsType: 'module',
        // One module per file in the stats, rather than concatenated groups.
        optimization: { concatenateModules: false },
      },
      (error, result) => (error || result === undefined ? fail(error) : done(result)),
    ),
  );
  const { modules = [], errors = [] } = stats.toJson({ modules: true, errors: true });
  expect(errors).toEqual([]);
  const bundled = modules
    .filter((module) => (module.chunks ?? []).length > 0)
    .map((module) => module.nameForCondition ?? module.name ?? '');
  const files = libraryFiles(bundled);
  expect(files).toContain('dist/esm/protocol/decodeFrame.js');
  expect(files.filter((file) => heavy.test(file))).toEqual([]);
});
