// npm run test:angular: the Angular entry as an Angular app gets it.
//
// 1. Unit tests of rxjs-text-stream/angular against real @angular/core and
//    zone.js (Vitest: both ship as ESM).
// 2. The packed tarball (npm pack runs prepack, which builds) installed into
//    examples/angular-app, an Angular CLI workspace with its own lockfile.
// 3. Its production (AOT, strictTemplates) build in both configurations,
//    zoneless and zone.js; any warning fails the run.
// 4. Both builds driven in Debian's Chromium against the reference server
//    (test/angular/run.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const app = 'examples/angular-app';
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const env = { ...process.env, NG_CLI_ANALYTICS: 'false' };

/** Runs a step with its output shown; returns that output, or exits on failure. */
function step(label, command, args, cwd = '.') {
  const at = Date.now();
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  process.stdout.write(output);
  if (result.status !== 0) {
    console.error(`FAIL ${label} (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  console.log(`-- ${label}: ${seconds(at)}`);
  return output;
}

step('unit tests (vitest, zone.js)', 'npx', [
  'vitest',
  'run',
  '--config',
  'test/angular/vitest.config.ts',
]);

const pack = join(app, '.pack');
rmSync(pack, { recursive: true, force: true });
mkdirSync(pack, { recursive: true });
const [{ filename }] = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--silent', '--pack-destination', pack], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
);
// The example depends on file:.pack/rxjs-text-stream.tgz, whatever the version.
renameSync(join(pack, filename), join(pack, 'rxjs-text-stream.tgz'));
console.log(`packed ${filename}`);

step('install the example (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund'], app);

let warnings = 0;
for (const configuration of ['production', 'production,zone']) {
  const output = step(
    `ng build --configuration ${configuration}`,
    'npx',
    ['ng', 'build', '--configuration', configuration],
    app,
  );
  warnings += output.split('\n').filter((line) => /\bWARNING\b|▲/.test(line)).length;
}
console.log(`${warnings === 0 ? 'ok  ' : 'FAIL'} production builds: ${warnings} warnings`);
if (warnings !== 0) process.exit(1);

step('Chromium: both builds against the reference server', 'npx', ['tsx', 'test/angular/run.ts']);
console.log(`\ntest:angular took ${seconds(started)}`);
