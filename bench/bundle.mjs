// Bundle sizes, minified and gzipped, with esbuild, bundled as a user's app
// would be: from a project whose node_modules holds the package (a link to
// this one, built), with browser conditions, so its exports and browser maps
// apply.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const rxjs = ['rxjs', 'rxjs/*'];
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const peers = [...rxjs, 'io-ts', 'io-ts/*', 'fp-ts', 'fp-ts/*'];

export async function measure(contents, external) {
  const project = mkdtempSync(join(tmpdir(), 'bundle-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(process.cwd(), join(project, 'node_modules', 'rxjs-text-stream'), 'dir');
  try {
    return await bundle(project, contents, external);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

async function bundle(project, contents, external) {
  const result = await build({
    stdin: { contents, resolveDir: project, loader: 'js' },
    nodePaths: [join(process.cwd(), 'node_modules')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.keys(result.metafile.inputs);
  // Minified bytes per package, and the library's per folder of src/, so a
  // regression names its cause.
  const minBytesBy = {};
  const ownMinBytesBy = {};
  // The library's own modules that made it into the bundle (dist/esm/...).
  const ownFiles = [];
  for (const output of Object.values(result.metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const owner = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'rxjs-text-stream';
      minBytesBy[owner] = (minBytesBy[owner] ?? 0) + bytesInOutput;
      const folder = /dist\/esm\/([^/]+)\//.exec(input)?.[1];
      if (owner === 'rxjs-text-stream' && folder !== undefined) {
        ownMinBytesBy[folder] = (ownMinBytesBy[folder] ?? 0) + bytesInOutput;
        if (bytesInOutput > 0) ownFiles.push(input.slice(input.indexOf('dist/esm/')));
      }
    }
  return {
    minBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    minBytesBy,
    ownMinBytesBy,
    loadsWs: inputs.some((input) => input.includes('node_modules/ws/')),
    // The library's own modules in the bundle, relative to its root (dist/esm/...).
    ownFiles,
  };
}

/**
 * What an app pays for each part of the library, in min+gzip bytes, with
 * rxjs (and Angular) external as an app ships them anyway: the budgets
 * `npm run check:size` holds each entry to, written only here. `over` makes a
 * budget relative: the angular entry may cost at most `budget` more than
 * connect.
 */
export const ENTRIES = [
  { name: 'decodeFrame', code: "export { decodeFrame } from 'rxjs-text-stream';", budget: 1500 },
  {
    name: 'operators',
    code: "export { decodeFrames, pingTimeout, pairToolCalls, turnWindows, toTurns, typingIndicator } from 'rxjs-text-stream';",
    budget: 4000,
  },
  { name: 'textStream', code: "export { textStream } from 'rxjs-text-stream';", budget: 6500 },
  { name: 'connect', code: "export { connect } from 'rxjs-text-stream';", budget: 12500 },
  {
    name: 'angular',
    code: "export * from 'rxjs-text-stream/angular';",
    budget: 1500,
    over: 'connect',
  },
];

const appExternal = [...rxjs, '@angular/core', '@angular/core/*'];

/** Each of {@link ENTRIES} bundled, with its budget in bytes (`over` resolved). */
export async function entrySizes() {
  const sizes = {};
  for (const { name, code } of ENTRIES) sizes[name] = await measure(code, appExternal);
  return ENTRIES.map(({ name, budget, over }) => ({
    name,
    ...sizes[name],
    budgetBytes: budget + (over === undefined ? 0 : sizes[over].gzipBytes),
    budget: over === undefined ? kb(budget) : `${over} + ${kb(budget)}`,
  }));
}

export async function bundleSizes() {
  return {
    // What an app that already ships rxjs pays to use a session: the library
    // with its io-ts and fp-ts, everything else shaken out.
    connect: await measure("export { connect } from 'rxjs-text-stream';", rxjs),
    peersExternal: await measure("export * from 'rxjs-text-stream';", peers),
    peersIncluded: await measure("export * from 'rxjs-text-stream';", []),
  };
}

/** One line per measurement, for `npm run bench` and `npm run bench:bundle`. */
export function describeBundleSizes({ connect, peersExternal, peersIncluded }) {
  const bySize = (table) =>
    Object.entries(table)
      .filter(([, bytes]) => bytes > 0)
      .sort(([, a], [, b]) => b - a);
  const own = bySize(connect.ownMinBytesBy)
    .map(([folder, bytes]) => `${folder} ${kb(bytes)}`)
    .join(', ');
  const parts = bySize(connect.minBytesBy)
    .map(([name, bytes]) => `${name} ${kb(bytes)}${name === 'rxjs-text-stream' ? ` (${own})` : ''}`)
    .join(', ');
  // Named even when absent: that connect bundles none of them is the point.
  const absent = ['io-ts', 'fp-ts'].filter((name) => !(connect.minBytesBy[name] > 0));
  const none = absent.length > 0 ? `; ${absent.join(', ')}: none` : '';
  return [
    `bundle: connect() in an app that already ships rxjs: ${kb(connect.gzipBytes)} min+gzip (${kb(connect.minBytes)} min: ${parts}${none})`,
    `bundle: the whole entry, rxjs, io-ts and fp-ts external: ${kb(peersExternal.gzipBytes)} min+gzip (${kb(peersExternal.minBytes)} min); with them included: ${kb(peersIncluded.gzipBytes)}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await bundleSizes();
  process.stdout.write(
    process.argv.includes('--json')
      ? `${JSON.stringify(sizes)}\n`
      : `${describeBundleSizes(sizes)}\n`,
  );
}
