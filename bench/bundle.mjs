// The browser entry's size, minified and gzipped, with esbuild.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const peers = ['rxjs', 'rxjs/*', 'io-ts', 'io-ts/*', 'fp-ts', 'fp-ts/*'];

// Bundled as a user's app would: from a project whose node_modules holds the
// package (a link to this one, built), so its exports and browser maps apply.
async function measure(external) {
  const project = mkdtempSync(join(tmpdir(), 'bundle-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(process.cwd(), join(project, 'node_modules', 'rxjs-text-stream'), 'dir');
  try {
    return await bundle(project, external);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

async function bundle(project, external) {
  const result = await build({
    stdin: { contents: "export * from 'rxjs-text-stream';", resolveDir: project, loader: 'js' },
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
  return {
    minBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    loadsWs: inputs.some((input) => input.includes('node_modules/ws/')),
  };
}

export async function bundleSizes() {
  return { peersExternal: await measure(peers), peersIncluded: await measure([]) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await bundleSizes())}\n`);
}
