// node bench/queue.mjs: conversations per second through the BullMQ queue
// (K worker processes of the built CLI on a private redis-server) against
// one `text-stream run` process of the same file, both talking to the
// reference server in a process of its own. Variants alternate within each
// round, so drift in the machine's load spreads over both. Needs
// redis-server on PATH and a build (npm run build).
//
//   node bench/queue.mjs [--conversations 1000] [--workers 2,3] [--concurrency 10] [--rounds 3]
//
// Throughput is conversations / the summary's elapsedMs (first conversation
// start to last end), the same measure for both.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '2,3' },
    concurrency: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
const N = Number(values.conversations);
const workerCounts = values.workers.split(',').map(Number);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const BIN = 'dist/cjs/cli/bin.js';
const dir = mkdtempSync(join(tmpdir(), 'text-stream-bench-queue-'));
const children = new Set();

function start(command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const exited = new Promise((resolve) =>
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, out, err });
    }),
  );
  const waitFor = (pattern) =>
    new Promise((resolve, reject) => {
      const look = () => {
        const match = (out + err).match(pattern);
        if (match) return resolve(match);
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      exited.then(() => reject(new Error(`${args.join(' ')} exited: ${err}`)));
      look();
    });
  return { child, exited, waitFor };
}

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const lastSummary = (out) => JSON.parse(out.trim().split('\n').at(-1));

async function single(file, url) {
  const run = start(process.execPath, [
    BIN,
    'run',
    file,
    '--url',
    url,
    '--concurrency',
    String(concurrency),
    '--json',
  ]);
  const { out } = await run.exited;
  return lastSummary(out);
}

async function queued(file, url, redis, workers, round) {
  const queue = `bench-${workers}-${round}`;
  const where = ['--redis', redis, '--queue', queue];
  const running = Array.from({ length: workers }, () =>
    start(process.execPath, [
      BIN,
      'worker',
      ...where,
      '--url',
      url,
      '--concurrency',
      String(concurrency),
    ]),
  );
  await Promise.all(running.map((worker) => worker.waitFor(/worker on queue/)));
  await start(process.execPath, [BIN, 'enqueue', file, ...where]).exited;
  const { out } = await start(process.execPath, [BIN, 'results', ...where, '--json']).exited;
  for (const worker of running) worker.child.kill('SIGTERM');
  await Promise.all(running.map((worker) => worker.exited));
  return lastSummary(out);
}

const rate = (summary) => summary.conversations / (summary.elapsedMs / 1000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const file = join(dir, 'scripts.ndjson');
  const turns = [
    'Hi, I need to reschedule my appointment',
    { text: 'Next Tuesday', expect: { toolCalls: ['check_availability'] } },
    { text: '9 AM please', expect: { toolCalls: ['book_appointment'] } },
  ];
  writeFileSync(
    file,
    Array.from({ length: N }, (_, i) => JSON.stringify({ id: `b${i}`, turns })).join('\n') + '\n',
  );
  const redisPort = await freePort();
  const redis = start('redis-server', [
    '--bind',
    '127.0.0.1',
    '--port',
    String(redisPort),
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await redis.waitFor(/Ready to accept connections/);
  const server = start(process.execPath, [BIN, 'serve', '--ping-interval', '0']);
  const [, url] = await server.waitFor(/listening on (ws:\/\/\S+)/);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;

  const samples = { run: [], ...Object.fromEntries(workerCounts.map((k) => [`queue x${k}`, []])) };
  for (let round = 1; round <= rounds; round += 1) {
    const s = await single(file, url);
    if (s.ok !== N) throw new Error(`run: ${s.ok} of ${N} ok`);
    samples.run.push(rate(s));
    for (const k of workerCounts) {
      const q = await queued(file, url, redisUrl, k, round);
      if (q.ok !== N) throw new Error(`queue x${k}: ${q.ok} of ${N} ok`);
      samples[`queue x${k}`].push(rate(q));
    }
    process.stderr.write(
      `round ${round}/${rounds}: ${Object.entries(samples)
        .map(([k, v]) => `${k} ${v.at(-1).toFixed(0)}/s`)
        .join(', ')}\n`,
    );
  }
  console.log(
    `${N} conversations of 3 turns, concurrency ${concurrency} per process, ${cpus().length} CPUs, median of ${rounds}:`,
  );
  for (const [name, xs] of Object.entries(samples))
    console.log(
      `  ${name.padEnd(10)} ${median(xs).toFixed(0).padStart(5)} conversations/s  (${xs.map((x) => x.toFixed(0)).join(', ')})`,
    );
} finally {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
