// The runner benchmark (issue 26): what `runConversations` costs over the
// same sessions driven by hand, and whether a long run's heap stays flat.
// Every client runs in its own process (bench/runner-client.mjs) against a
// `converse` bench server in another.
//
// - CPU: CONVERSATIONS (default 1000) conversations of TURNS (5) turns, all at
//   once (concurrency = CONVERSATIONS), through the runner and by hand;
//   the two alternate, the order reversing every run, and each figure is the
//   median of RUNS (3) runs: the machine is shared and noisy.
// - Heap: HEAP_CONVERSATIONS (100 000) one-turn conversations in sequence at
//   concurrency 200, the heap read (after forced GCs) at 10 % and again just
//   before the input runs out.
//
// node bench/runner.mjs [--runner-runs 3] [--runner-conversations 1000] [--runner-turns 5]
//                       [--heap-conversations 100000] [--quick] [--json]
// `--quick`: 1 run of 200 conversations and 10 000 for the heap (a smoke test, not figures).
// (also `npm run bench -- --only runner ...`, with the same flags)
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { runJson, startServer } from './children.mjs';
import { median } from './frames.mjs';

export const runnerOptions = {
  'runner-runs': { type: 'string', default: '3' },
  'runner-conversations': { type: 'string', default: '1000' },
  'runner-turns': { type: 'string', default: '5' },
  'heap-conversations': { type: 'string', default: '100000' },
  quick: { type: 'boolean', default: false },
};

const HEAP_CONCURRENCY = 200;

const client = (kind, url, conversations, turns, concurrency) =>
  runJson([
    '--expose-gc',
    'bench/runner-client.mjs',
    kind,
    url,
    String(conversations),
    String(turns),
    String(concurrency),
  ]);

/** Runs the benchmark; `log` reports progress. */
export async function runnerBench(values, log = () => undefined) {
  const quick = values.quick === true;
  const runs = quick ? 1 : Number(values['runner-runs']);
  const conversations = quick ? 200 : Number(values['runner-conversations']);
  const turns = Number(values['runner-turns']);
  const heapConversations = quick ? 10_000 : Number(values['heap-conversations']);
  const server = await startServer('converse', 0);
  try {
    const samples = { runner: [], hand: [] };
    for (let run = 0; run < runs; run += 1) {
      const order = run % 2 === 0 ? ['runner', 'hand'] : ['hand', 'runner'];
      for (const kind of order)
        samples[kind].push(await client(kind, server.url, conversations, turns, conversations));
      log(`runner run ${run + 1}/${runs} done`);
    }
    const heap = await client('heap', server.url, heapConversations, 1, HEAP_CONCURRENCY);
    log('runner heap run done');
    const cpu = (kind) => median(samples[kind].map((sample) => sample.cpuUsPerTurn));
    return {
      conversations,
      turns,
      runs,
      runnerCpuUsPerTurn: cpu('runner'),
      handCpuUsPerTurn: cpu('hand'),
      ratio: cpu('runner') / cpu('hand'),
      runnerRuns: samples.runner.map((sample) => sample.cpuUsPerTurn),
      handRuns: samples.hand.map((sample) => sample.cpuUsPerTurn),
      heap: { ...heap, concurrency: HEAP_CONCURRENCY },
    };
  } finally {
    server.child.kill();
  }
}

export function runnerGoals(result) {
  return {
    'runner <= 1.15x the CPU per turn of the same sessions by hand': result.ratio <= 1.15,
    [`heap after ${result.heap.conversations} conversations within 5 MB`]:
      Math.abs(result.heap.growthBytes) <= 5 * 2 ** 20,
  };
}

export function describeRunner(result) {
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
  const runsOf = (list) => list.map((value) => value.toFixed(0)).join(', ');
  return [
    `runner: ${result.conversations} conversations x ${result.turns} turns, all at once, median of ${result.runs} alternating runs`,
    '',
    '| client | CPU µs/turn | runs |',
    '| --- | --- | --- |',
    `| runConversations | ${result.runnerCpuUsPerTurn.toFixed(0)} | ${runsOf(result.runnerRuns)} |`,
    `| by hand (connect + send) | ${result.handCpuUsPerTurn.toFixed(0)} | ${runsOf(result.handRuns)} |`,
    `| ratio | ${result.ratio.toFixed(2)}x | |`,
    '',
    `heap: ${result.heap.conversations} conversations at concurrency ${result.heap.concurrency}: ${mb(result.heap.heapBefore)} at 10 %, ${mb(result.heap.heapAfter)} near the end (${result.heap.growthBytes >= 0 ? '+' : ''}${mb(result.heap.growthBytes)}), ${(result.heap.wallMs / 1000).toFixed(0)} s`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { ...runnerOptions, json: { type: 'boolean', default: false } },
  });
  const result = await runnerBench(values, (line) => process.stderr.write(`${line}\n`));
  const goals = runnerGoals(result);
  if (values.json) console.log(JSON.stringify({ ...result, goals }, null, 2));
  else {
    console.log(describeRunner(result));
    for (const [goal, met] of Object.entries(goals))
      console.log(`${met ? 'met   ' : 'MISSED'} ${goal}`);
  }
}
