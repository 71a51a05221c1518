// npm run bench: the benchmark suite. Every client runs in its own process
// against a loopback server in another. `--json` prints the results as JSON;
// `--runs N` and `--frames N` change the size; `--quick` runs every part
// small. `--only blast`, `--only subscriptions`, `--only streams`, `--only
// chat`, `--only jit`, `--only survivors` or `--only scale` (or a comma
// list) runs those parts.
// The streams part (each stream's CPU, bench/streams.mjs) takes
// `--streams-n`, `--streams-rounds`; the chat-UI benchmark takes `--chat-n`,
// `--chat-runs`, `--chat-cold-turns`, `--chat-steady-turns`
// (bench/chat.mjs); the JIT part (what V8 compiles in a cold chat UI's
// turns, bench/jit.mjs) takes `--jit-n`, `--jit-turns`, `--jit-runs`, `--jit-gc-on-main`;
// the survivors part (what outlives a scavenge in a chat UI's turns, cold
// or after `--survivors-warm-pool` clients, bench/survivors.mjs) takes
// `--survivors-n`, `--survivors-turns`, `--survivors-runs`; the
// blast part takes `--sessions` and `--idle-memory-runs` for idle memory;
// the scale benchmark takes `--n 1000` (a comma list), `--scale-runs`,
// `--turns`, `--warm-turns`, `--warm-pool`, `--idle-seconds` (0 skips the
// idle phase) and `--idle-sessions`, `--idle-runs` (bench/scale.mjs).
// `--only runner` runs the runner benchmark: `--runner-runs`,
// `--runner-conversations`, `--runner-turns`, `--heap-conversations`,
// `--quick` (bench/runner.mjs).
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { bundleSizes, describeBundleSizes, ENTRIES } from './bundle.mjs';
import { runJson, startServer } from './children.mjs';
import { median } from './frames.mjs';
import { chatBench, chatGoals, chatOptions, describeChat } from './chat.mjs';
import { describeRunner, runnerBench, runnerGoals, runnerOptions } from './runner.mjs';
import { describeScale, scaleBench, scaleGoals, scaleOptions } from './scale.mjs';
import { describeStreams, streamsOptions } from './streams.mjs';
import { describeJit, jitBench, jitOptions } from './jit.mjs';
import { describeSurvivors, survivorsBench, survivorsOptions } from './survivors.mjs';

const connectBudget = ENTRIES.find((entry) => entry.name === 'connect').budget;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    frames: { type: 'string', default: '500000' },
    sessions: { type: 'string', default: '1000' },
    'idle-memory-runs': { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    ...scaleOptions,
    ...chatOptions,
    ...runnerOptions,
    ...streamsOptions,
    ...jitOptions,
    ...survivorsOptions,
  },
});
// `--quick`: every part, small, for a check that the benchmark runs (a few
// minutes); flags given explicitly still win. Its figures are not the goals'.
const quickDefaults = {
  frames: '100000',
  runs: '3',
  sessions: '300',
  n: '300',
  'scale-runs': '3',
  turns: '10',
  'idle-seconds': '0',
  'chat-n': '300',
  'chat-cold-turns': '10',
  'chat-steady-turns': '30',
  'streams-n': '200',
  'streams-rounds': '50',
  'jit-n': '300',
  'jit-turns': '10',
  'survivors-n': '300',
  'survivors-turns': '10',
};
if (values.quick) {
  for (const [flag, value] of Object.entries(quickDefaults))
    if (!process.argv.some((arg) => arg === `--${flag}` || arg.startsWith(`--${flag}=`)))
      values[flag] = value;
}
const part = (name) => values.only === undefined || values.only.split(',').includes(name);
const runs = Number(values.runs);
const idleRuns = Number(values['idle-memory-runs']);
const frames = Number(values.frames);
const kinds = ['raw', 'rxjs-websocket', 'pipeline', 'session'];
const log = (line) => values.json || process.stderr.write(`${line}\n`);

async function throughput(mode) {
  const server = await startServer(mode, frames);
  const samples = Object.fromEntries(kinds.map((kind) => [kind, []]));
  try {
    // Interleaved, so drift in the machine's load spreads over every client.
    for (let run = 1; run <= runs; run += 1) {
      for (const kind of kinds) {
        samples[kind].push(await runJson(['bench/client.mjs', kind, server.url, String(frames)]));
      }
      log(`${mode} run ${run}/${runs} done`);
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
      mainCpuUsPerFrame: median(samples[kind].map((s) => s.mainCpuUs)) / frames,
      framesPerSecond: Math.round(frames / (wallMs / 1000)),
      ratioToRaw: cpuUs / rawCpu,
      cpuUsRuns: samples[kind].map((s) => s.cpuUs),
    };
  });
}

// Idle memory: bare ws, a session, and a session with nine streams
// subscribed, alternating (the order reverses every run); medians.
const idleKinds = ['raw', 'session', 'session-subscribed'];
async function idle() {
  const server = await startServer('idle', frames);
  const samples = Object.fromEntries(idleKinds.map((kind) => [kind, []]));
  try {
    for (let run = 1; run <= idleRuns; run += 1) {
      for (const kind of run % 2 === 1 ? idleKinds : [...idleKinds].reverse()) {
        samples[kind].push(
          await runJson(['--expose-gc', 'bench/idle.mjs', kind, server.url, values.sessions]),
        );
      }
      log(`idle memory run ${run}/${idleRuns} done`);
    }
  } finally {
    server.child.kill();
  }
  const bytes = (kind) => median(samples[kind].map((s) => s.bytesPerConnection));
  const raw = bytes('raw');
  return {
    count: Number(values.sessions),
    runs: idleRuns,
    rawBytes: raw,
    sessionBytes: bytes('session'),
    ratio: bytes('session') / raw,
    subscribedBytes: bytes('session-subscribed'),
    subscribedRatio: bytes('session-subscribed') / raw,
    runsBytes: Object.fromEntries(
      idleKinds.map((kind) => [kind, samples[kind].map((s) => s.bytesPerConnection)]),
    ),
  };
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
  results.throughput = await throughput('blast');
  results.throughputFull = await throughput('blast-full');
  results.inProcess = await runJson(['bench/inprocess.mjs', String(frames)]);
  results.memory = await runJson(['--expose-gc', 'bench/memory.mjs']);
  results.idle = await idle();
  results.bundle = await bundleSizes();
}
if (part('subscriptions'))
  results.subscriptions = await runJson(['--expose-gc', 'bench/subscriptions.mjs', '2000']);
if (part('streams')) {
  results.streams = await runJson([
    '--expose-gc',
    'bench/streams.mjs',
    '--json',
    '--streams-n',
    values['streams-n'],
    '--streams-rounds',
    values['streams-rounds'],
  ]);
}
if (part('chat')) results.chat = await chatBench(values, log);
if (part('jit')) results.jit = await jitBench(values, log);
if (part('survivors')) results.survivors = await survivorsBench(values, log);
if (part('scale')) results.scale = await scaleBench(values, log);
if (part('runner')) results.runner = await runnerBench(values, log);
results.goals = {};
if (part('blast')) {
  const ratio = (kind) => results.throughput.find((row) => row.kind === kind).ratioToRaw;
  Object.assign(results.goals, {
    'blast: pipeline <= 1.0x raw CPU per frame': ratio('pipeline') <= 1.0,
    'blast: session <= 1.05x raw CPU per frame': ratio('session') <= 1.05,
    'heap after 1M frames within 5 MB of 10k': Math.abs(results.memory.growthBytes) <= 5 * 2 ** 20,
    'idle session memory <= 1.3x raw ws': results.idle.ratio <= 1.3,
    'idle session with nine streams subscribed <= 1.3x raw ws memory':
      results.idle.subscribedRatio <= 1.3,
    [`connect() <= its check:size budget (${connectBudget} B) in an app that ships rxjs`]:
      results.bundle.connect.gzipBytes <= connectBudget,
    'browser entry never loads ws': !results.bundle.peersExternal.loadsWs,
  });
}
if (part('chat')) Object.assign(results.goals, chatGoals(results.chat));
if (part('scale')) Object.assign(results.goals, scaleGoals(results.scale));
if (part('runner')) Object.assign(results.goals, runnerGoals(results.runner));

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
  for (const [label, rows] of [
    ['blast (a write per frame)', results.throughput],
    ['blast-full (large writes: every client reads full chunks)', results.throughputFull],
  ]) {
    console.log(`${label}: ${frames} frames, median of ${runs} alternating runs\n`);
    console.log(
      '| client | CPU µs/frame | main thread µs/frame | frames/s | CPU vs raw |\n| --- | --- | --- | --- | --- |',
    );
    for (const row of rows)
      console.log(
        `| ${row.kind} | ${row.cpuUsPerFrame.toFixed(2)} | ${row.mainCpuUsPerFrame.toFixed(2)} | ${row.framesPerSecond} | ${row.ratioToRaw.toFixed(3)}x |`,
      );
    console.log('');
  }
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
    `idle, median of ${idleResult.runs} alternating runs: ${idleResult.count} sessions ${kb(idleResult.sessionBytes)} RSS each vs raw ws ${kb(idleResult.rawBytes)} (${idleResult.ratio.toFixed(2)}x); with nine streams subscribed ${kb(idleResult.subscribedBytes)} (${idleResult.subscribedRatio.toFixed(2)}x)`,
  );
  console.log(describeBundleSizes(bundle));
}
if (!values.json && part('subscriptions')) {
  const sub = results.subscriptions;
  console.log(
    `\nheap per session, in-process: ${sub.sessionBytes} B with nothing subscribed; each stream subscribed alone adds (B): ${Object.entries(
      sub.streamBytes,
    )
      .map(([name, bytes]) => `${name} ${bytes}`)
      .join(
        ', ',
      )}; all nine ${sub.allNineBytes}. For reference: a plain Subject's subscriber ${sub.plainSubjectSubscriberBytes} B, rxjs's subscriber alone ${sub.rxjsSubscriberBytes} B`,
  );
}
if (!values.json && part('streams')) console.log(`\n${describeStreams(results.streams)}`);
if (!values.json && part('chat')) {
  const [row] = results.chat;
  console.log(
    `\nchat UI (turns$, toolCalls$, typing$, messages$, state$, session$ subscribed; each send() awaited with lastValueFrom), all sessions concurrently, median of ${row?.runs} alternating runs; cold: a fresh process, no JIT warm-up; steady: after 200 other clients conversed\n`,
  );
  console.log(describeChat(results.chat));
}
if (!values.json && part('jit')) console.log(`\n${describeJit(results.jit)}`);
if (!values.json && part('survivors')) console.log(`\n${describeSurvivors(results.survivors)}`);
if (!values.json && part('scale')) {
  const { rows } = results.scale;
  console.log(
    `\nscale: ${rows[0]?.turns} turns per session${rows[0]?.warmTurns > 0 ? ` (after ${rows[0].warmTurns} unmeasured)` : ''}, all concurrently, after a JIT warm-up of ${rows[0]?.warmPool} other client${rows[0]?.warmPool === 1 ? '' : 's'}, median of ${rows[0]?.runs} alternating runs\n`,
  );
  console.log(describeScale(results.scale));
}
if (!values.json && part('runner')) console.log(`\n${describeRunner(results.runner)}`);
if (!values.json) {
  for (const [goal, met] of Object.entries(results.goals))
    console.log(`${met ? 'met   ' : 'MISSED'} ${goal}`);
}
