// npm run bench: the benchmark suite. Every client runs in its own process
// against a loopback server in another. `--json` prints the results as JSON;
// `--runs N` and `--frames N` change the size. `--only blast` or `--only
// scale` runs one part; the scale benchmark takes `--n 1000` (a comma list),
// `--scale-runs`, `--turns`, `--warm-turns`, `--warm-pool`, `--idle-seconds` (0 skips the idle phase) and
// `--idle-sessions`, `--idle-runs` (bench/scale.mjs).
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { bundleSizes, describeBundleSizes, ENTRIES } from './bundle.mjs';
import { runJson, startServer } from './children.mjs';
import { median } from './frames.mjs';
import { describeScale, scaleBench, scaleGoals, scaleOptions } from './scale.mjs';

const connectBudget = ENTRIES.find((entry) => entry.name === 'connect').budget;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    frames: { type: 'string', default: '500000' },
    sessions: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    ...scaleOptions,
  },
});
const part = (name) => values.only === undefined || values.only === name;
const runs = Number(values.runs);
const frames = Number(values.frames);
const kinds = ['raw', 'rxjs-websocket', 'pipeline', 'session'];
const log = (line) => values.json || process.stderr.write(`${line}\n`);

async function throughput() {
  const server = await startServer('blast', frames);
  const samples = Object.fromEntries(kinds.map((kind) => [kind, []]));
  try {
    // Interleaved, so drift in the machine's load spreads over every client.
    for (let run = 1; run <= runs; run += 1) {
      for (const kind of kinds) {
        samples[kind].push(await runJson(['bench/client.mjs', kind, server.url, String(frames)]));
      }
      log(`throughput run ${run}/${runs} done`);
    }
  } finally {
    server.child.kill();
  }
  const rawCpu = median(samples.raw.map((s) => s.cpuUs));
  return kinds.map((kind) => {
    const cpuUs = median(samples[kind].map((s) => s.cpuUs));
    const wallMs = median(samples[kind].map((s) => s.wallMs));
    return {
      kind,
      cpuUsPerFrame: cpuUs / frames,
      framesPerSecond: Math.round(frames / (wallMs / 1000)),
      ratioToRaw: cpuUs / rawCpu,
      cpuUsRuns: samples[kind].map((s) => s.cpuUs),
    };
  });
}

async function idle() {
  const server = await startServer('idle', frames);
  try {
    const raw = await runJson([
      '--expose-gc',
      'bench/idle.mjs',
      'raw',
      server.url,
      values.sessions,
    ]);
    const session = await runJson([
      '--expose-gc',
      'bench/idle.mjs',
      'session',
      server.url,
      values.sessions,
    ]);
    return {
      count: Number(values.sessions),
      rawBytes: raw.bytesPerConnection,
      sessionBytes: session.bytesPerConnection,
      ratio: session.bytesPerConnection / raw.bytesPerConnection,
    };
  } finally {
    server.child.kill();
  }
}

const results = {
  date: new Date().toISOString(),
  machine: {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  frames,
  runs,
};
if (part('blast')) {
  results.throughput = await throughput();
  results.inProcess = await runJson(['bench/inprocess.mjs', String(frames)]);
  results.memory = await runJson(['--expose-gc', 'bench/memory.mjs']);
  results.idle = await idle();
  results.bundle = await bundleSizes();
}
if (part('scale')) results.scale = await scaleBench(values, log);
results.goals = {};
if (part('blast')) {
  const ratio = (kind) => results.throughput.find((row) => row.kind === kind).ratioToRaw;
  Object.assign(results.goals, {
    'pipeline <= 1.15x raw CPU per frame': ratio('pipeline') <= 1.15,
    'session <= 1.25x raw CPU per frame': ratio('session') <= 1.25,
    'heap after 1M frames within 5 MB of 10k': Math.abs(results.memory.growthBytes) <= 5 * 2 ** 20,
    'idle session memory <= 1.3x raw ws': results.idle.ratio <= 1.3,
    [`connect() <= its check:size budget (${connectBudget} B) in an app that ships rxjs`]:
      results.bundle.connect.gzipBytes <= connectBudget,
    'browser entry <= 5 kB min+gzip, peers external':
      results.bundle.peersExternal.gzipBytes <= 5000,
    'browser entry never loads ws': !results.bundle.peersExternal.loadsWs,
  });
}
if (part('scale')) Object.assign(results.goals, scaleGoals(results.scale));

if (values.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  console.log(
    `${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}\n`,
  );
}
if (!values.json && part('blast')) {
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  console.log(`blast: ${frames} frames, median of ${runs} runs\n`);
  console.log('| client | CPU µs/frame | frames/s | CPU vs raw |\n| --- | --- | --- | --- |');
  for (const row of results.throughput)
    console.log(
      `| ${row.kind} | ${row.cpuUsPerFrame.toFixed(2)} | ${row.framesPerSecond} | ${row.ratioToRaw.toFixed(3)}x |`,
    );
  const { memory, idle: idleResult, bundle, inProcess } = results;
  console.log("\nwithout a socket (the library's own cost):");
  for (const [name, row] of Object.entries(inProcess))
    console.log(
      `  ${name}: ${row.cpuUsPerFrame.toFixed(2)} µs/frame (${row.ratioToRaw.toFixed(2)}x)`,
    );
  console.log(
    `\nheap: ${kb(memory.after10k)} after 10k frames, ${kb(memory.after1M)} after 1M (${memory.growthBytes >= 0 ? '+' : ''}${kb(memory.growthBytes)})`,
  );
  console.log(
    `idle: ${idleResult.count} sessions ${kb(idleResult.sessionBytes)} RSS each vs raw ws ${kb(idleResult.rawBytes)} (${idleResult.ratio.toFixed(2)}x)`,
  );
  console.log(describeBundleSizes(bundle));
}
if (!values.json && part('scale')) {
  const { rows } = results.scale;
  console.log(
    `\nscale: ${rows[0]?.turns} turns per session${rows[0]?.warmTurns > 0 ? ` (after ${rows[0].warmTurns} unmeasured)` : ''}, all concurrently, after a JIT warm-up of ${rows[0]?.warmPool} other client${rows[0]?.warmPool === 1 ? '' : 's'}, median of ${rows[0]?.runs} alternating runs\n`,
  );
  console.log(describeScale(results.scale));
}
if (!values.json) {
  for (const [goal, met] of Object.entries(results.goals))
    console.log(`${met ? 'met   ' : 'MISSED'} ${goal}`);
}
