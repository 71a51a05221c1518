// npm run test:package: packs the tarball, installs it into a scratch project
// (with rxjs, its peer) and loads every entry with require() and import (the
// bullmq entry once bullmq and ioredis are installed too), then
// holds a conversation through the installed package.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const root = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), 'rxjs-text-stream-package-'));
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const rxjs = JSON.parse(readFileSync('node_modules/rxjs/package.json', 'utf8')).version;
let failed = 0;
const check = (label, ok, detail = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${detail ? `: ${detail}` : ''}`);
  if (!ok) failed += 1;
};

// Loads `name` from `entry` with require() and with import, in the scratch project.
function loads(entry, name) {
  const cjs = run(
    process.execPath,
    ['-e', `process.stdout.write(typeof require(${JSON.stringify(entry)}).${name})`],
    scratch,
  );
  check(`require('${entry}').${name}`, cjs === 'function', cjs);
  const esm = run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { ${name} } from ${JSON.stringify(entry)}; process.stdout.write(typeof ${name})`,
    ],
    scratch,
  );
  check(`import { ${name} } from '${entry}'`, esm === 'function', esm);
}

try {
  const [{ filename }] = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', scratch], root),
  );
  check('npm pack', filename === `rxjs-text-stream-${version}.tgz`, filename);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${filename}`, `rxjs@${rxjs}`],
    scratch,
  );

  const entries = {
    'rxjs-text-stream': 'connect',
    'rxjs-text-stream/server': 'startReferenceServer',
    'rxjs-text-stream/testing': 'createTestServer',
  };
  for (const [entry, name] of Object.entries(entries)) loads(entry, name);

  const conversation = `
    import { lastValueFrom } from 'rxjs';
    import { connect } from 'rxjs-text-stream';
    import { startReferenceServer } from 'rxjs-text-stream/server';
    const server = await startReferenceServer({ pingIntervalMs: false });
    const session = connect({ url: server.url, toolEvents: true });
    await lastValueFrom(session.send('Hi, I need to reschedule my appointment'));
    const turn = await lastValueFrom(session.send('Next Tuesday'));
    process.stdout.write(turn.toolCalls.map((call) => call.toolName + ':' + call.status).join());
    session.close();
    await server.close();`;
  const calls = run(process.execPath, ['--input-type=module', '-e', conversation], scratch);
  check(
    'a conversation through the installed package',
    calls === 'check_availability:completed',
    calls,
  );

  const bin = run(join(scratch, 'node_modules/.bin/text-stream'), ['--help'], scratch);
  check('the text-stream bin', bin.startsWith('usage: text-stream'));

  // The queue entry and commands need bullmq (an optional peer): without it
  // the rest works, and the queue commands say what to install.
  const missing = spawnSync(
    join(scratch, 'node_modules/.bin/text-stream'),
    ['results', '--redis', 'redis://127.0.0.1:1', '--queue', 'q'],
    { cwd: scratch, encoding: 'utf8' },
  );
  check(
    'text-stream results without bullmq says to install it',
    missing.status === 1 && missing.stderr.includes('npm install bullmq ioredis'),
    missing.stderr.trim(),
  );
  const bullmq = JSON.parse(readFileSync('node_modules/bullmq/package.json', 'utf8')).version;
  const ioredis = JSON.parse(readFileSync('node_modules/ioredis/package.json', 'utf8')).version;
  run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      `bullmq@${bullmq}`,
      `ioredis@${ioredis}`,
    ],
    scratch,
  );
  loads('rxjs-text-stream/bullmq', 'enqueueScripts');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${failed === 0 ? 'package ok' : `${failed} package checks failed`}`);
process.exit(failed === 0 ? 0 : 1);
