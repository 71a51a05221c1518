// What outlives a scavenge in a chat UI's turns, against bare `ws`: the
// garbage behind the GC's share of the chat benchmark's CPU (bench/chat.mjs).
//
// Every client is bench/scale-client.mjs in a fresh process: cold (no
// warm-up pool), as in the cold regime, or after a warm-up pool of
// `--survivors-warm-pool` other clients, as in the steady one. Two parts:
//
// - survivors: one process per configuration, BENCH_SURVIVORS=1
//   (bench/survivorSampling.mjs): the bytes a turn allocates that no
//   scavenge frees (promoted, or allocated old), by allocation site, and how
//   much of it `ws`'s receiver allocated; an upper bound, by at most what
//   the new space held at the full GCs V8 ran during the turns (reported).
//   The sampling costs CPU, so these processes report no CPU figure.
// - CPU: alternating runs (the order reverses every run), medians: the CPU
//   per turn of each configuration, as the chat benchmark measures it.
//
// The configurations: bare `ws`; bare `ws` keeping some state of the app's
// per connection (`raw-state`, a few kB); a session awaited with `ask()`;
// the chat UI; and those three again under V8's
// `--no-allocation-site-pretenuring`, which shows what V8's pretenuring
// (allocating straight in the old generation from an allocation site it
// has judged long-lived) does to them. That flag is a measurement, not
// advice: it is V8's, for every allocation site of the process, and it
// costs long-lived objects their pretenuring. Last, the chat UI again with
// its measured loop letting go of each answer once counted, rather than
// holding it through the next turn as a loop with `const answer = await
// ...` does (scale-client.mjs, BENCH_LET_GO). And bare `ws`, `raw-state`,
// the session and the chat UI with pretenuring on but `ws`'s receiver
// going back to one array per socket for each message's fragments
// (bench/wsFragments.mjs): the array literal V8 pretenures in these
// processes, and what it costs them.
//
// node bench/survivors.mjs [--survivors-n 1000] [--survivors-turns 20] [--survivors-runs 3] [--survivors-warm-pool 0] [--json]
// (also `npm run bench -- --only survivors ...`)
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { startServer } from './children.mjs';
import { median } from './frames.mjs';
import { client, PING_MS } from './scale.mjs';
import { REUSE_FRAGMENTS_ENV } from './wsFragments.mjs';

export const survivorsOptions = {
  'survivors-n': { type: 'string', default: '1000' },
  'survivors-turns': { type: 'string', default: '20' },
  'survivors-runs': { type: 'string', default: '3' },
  'survivors-warm-pool': { type: 'string', default: '0' },
};

const NO_PRETENURING = '--no-allocation-site-pretenuring';
const configurations = [
  { name: 'raw', kind: 'raw', flags: [] },
  { name: 'raw-state', kind: 'raw-state', flags: [] },
  { name: 'session', kind: 'session', flags: [] },
  { name: 'chat-ui', kind: 'chat-ui', flags: [] },
  {
    name: 'raw-state, no pretenuring',
    kind: 'raw-state',
    flags: [NO_PRETENURING],
  },
  { name: 'session, no pretenuring', kind: 'session', flags: [NO_PRETENURING] },
  { name: 'chat-ui, no pretenuring', kind: 'chat-ui', flags: [NO_PRETENURING] },
  // The measured loop lets go of each answer once counted (scale-client.mjs, BENCH_LET_GO).
  { name: 'chat-ui, answers let go', kind: 'chat-ui', flags: [], env: { BENCH_LET_GO: '1' } },
  // `ws`'s per-message array reused (bench/wsFragments.mjs): pretenuring on, that one site harmless.
  { name: 'raw, ws array reused', kind: 'raw', flags: [], env: REUSE_FRAGMENTS_ENV },
  { name: 'raw-state, ws array reused', kind: 'raw-state', flags: [], env: REUSE_FRAGMENTS_ENV },
  { name: 'session, ws array reused', kind: 'session', flags: [], env: REUSE_FRAGMENTS_ENV },
  { name: 'chat-ui, ws array reused', kind: 'chat-ui', flags: [], env: REUSE_FRAGMENTS_ENV },
];

/** One client, after a warm-up pool of `warmPool` (0: cold); `env` adds to its environment. */
const runClient = ({ kind, flags, env: own }, url, n, turns, warmPool, env = {}) =>
  client(kind, url, n, turns, 0, 0, warmPool, { nodeFlags: flags, env: { ...own, ...env } });

/** Runs the survivors benchmark; `values` holds the flags of {@link survivorsOptions}. */
export async function survivorsBench(values, log = () => undefined) {
  const n = values['survivors-n'];
  const turns = values['survivors-turns'];
  const runs = Number(values['survivors-runs']);
  const warmPool = values['survivors-warm-pool'];
  if (!/^\d+$/.test(warmPool))
    throw new TypeError(`--survivors-warm-pool: not a count: ${warmPool}`);
  const server = await startServer('converse', PING_MS);
  const survivors = {};
  const cpu = Object.fromEntries(configurations.map(({ name }) => [name, []]));
  try {
    for (const configuration of configurations) {
      const result = await runClient(configuration, server.url, n, turns, warmPool, {
        BENCH_SURVIVORS: '1',
      });
      survivors[configuration.name] = {
        heapPerSession: result.connectedHeapPerSession,
        ...result.survivors,
      };
    }
    log('survivors sampled');
    for (let run = 1; run <= runs; run += 1) {
      const order = run % 2 === 1 ? configurations : [...configurations].reverse();
      for (const configuration of order) {
        const result = await runClient(configuration, server.url, n, turns, warmPool);
        cpu[configuration.name].push(result);
      }
      log(`survivors CPU run ${run}/${runs} done`);
    }
  } finally {
    server.child.kill();
  }
  const rawCpu = median(cpu.raw.map((sample) => sample.cpuUsPerTurn));
  const rows = configurations.map(({ name }) => {
    const cpuUsPerTurn = median(cpu[name].map((sample) => sample.cpuUsPerTurn));
    const onLinux = cpu[name].every((sample) => sample.mainCpuUsPerTurn !== null);
    return {
      configuration: name,
      heapPerSession: survivors[name].heapPerSession,
      survivingBytesPerTurn: survivors[name].bytesPerTurn,
      wsReceiverBytesPerTurn: survivors[name].wsReceiverBytesPerTurn,
      scavenges: survivors[name].scavenges,
      fullGcs: survivors[name].fullGcs,
      fullGcYoungBytesPerTurn: survivors[name].fullGcYoungBytesPerTurn,
      sites: survivors[name].sites,
      cpuUsPerTurn,
      otherThreadsUsPerTurn: onLinux
        ? median(cpu[name].map((sample) => sample.cpuUsPerTurn - sample.mainCpuUsPerTurn))
        : null,
      ratioToRaw: cpuUsPerTurn / rawCpu,
    };
  });
  return {
    sessions: Number(n),
    turns: Number(turns),
    warmPool: Number(warmPool),
    runs,
    rows,
  };
}

export function describeSurvivors({ sessions, turns, warmPool, runs, rows }) {
  const us = (value) => (value === null ? 'n/a' : value.toFixed(1));
  const kb = (bytes) => (bytes / 1000).toFixed(2);
  const lines = [
    `What outlives a scavenge in ${warmPool === 0 ? "a cold process's turns" : `turns after a warm-up pool of ${warmPool} clients`}: ${sessions} sessions, ${turns} turns each; CPU: median of ${runs} alternating runs`,
    '',
    "| configuration | heap kB/session | surviving kB/turn | overstated by at most | of which in ws's receiver | scavenges | full GCs | CPU µs/turn | other threads | ratio to raw |",
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows)
    lines.push(
      `| ${row.configuration} | ${kb(row.heapPerSession)} | ${kb(row.survivingBytesPerTurn)} | ${kb(row.fullGcYoungBytesPerTurn)} | ${kb(row.wsReceiverBytesPerTurn)} | ${row.scavenges} | ${row.fullGcs} | ${us(row.cpuUsPerTurn)} | ${us(row.otherThreadsUsPerTurn)} | ${row.ratioToRaw.toFixed(2)}x |`,
    );
  for (const row of rows) {
    lines.push('', `${row.configuration}: the sites that most outlive a scavenge, bytes a turn`);
    for (const { site, bytesPerTurn } of row.sites)
      lines.push(`  ${bytesPerTurn.toFixed(0).padStart(5)}  ${site}`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { ...survivorsOptions, json: { type: 'boolean', default: false } },
  });
  const result = await survivorsBench(values, (line) => process.stderr.write(`${line}\n`));
  console.log(values.json ? JSON.stringify(result) : describeSurvivors(result));
}
