// The chat-UI benchmark: N sessions used as a chat view uses one (turns$,
// toolCalls$, typing$, messages$, state$ and session$ subscribed, each
// `send()` awaited with `lastValueFrom`; `chat-ui` in bench/scale-client.mjs)
// against N bare `ws` clients doing the same work, each side in its own
// process, against one `converse` server. Two regimes, each a median of
// alternating runs (the order reverses every run):
//
// - cold: a fresh process, no JIT warm-up, `--chat-cold-turns` (20) turns
//   per session: what a process that just started pays, compiling included;
// - steady: after a warm-up pool of 200 other clients conversed (so V8 has
//   compiled the code), `--chat-steady-turns` (100) turns per session.
//
// `--chat-regimes cold` runs one regime only. `--chat-ws-reuse` adds both
// clients again with `ws`'s receiver keeping one array per socket for each
// message's fragments (bench/wsFragments.mjs: a measurement of what V8's
// pretenuring of `ws`'s per-message array costs, docs/performance.md), to
// the same alternation; the goals are judged on the clients as they are.
//
// node bench/chat.mjs [--chat-n 1000,3000] [--chat-runs 3] [--chat-cold-turns 20] [--chat-steady-turns 100] [--chat-regimes cold,steady] [--chat-ws-reuse] [--json]
// (also `npm run bench -- --only chat ...`)
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { startServer } from './children.mjs';
import { median } from './frames.mjs';
import { client, PING_MS } from './scale.mjs';
import { REUSE_FRAGMENTS_ENV } from './wsFragments.mjs';

export const chatOptions = {
  'chat-n': { type: 'string', default: '1000,3000' },
  'chat-runs': { type: 'string', default: '3' },
  'chat-cold-turns': { type: 'string', default: '20' },
  'chat-steady-turns': { type: 'string', default: '100' },
  'chat-regimes': { type: 'string', default: 'cold,steady' },
  'chat-ws-reuse': { type: 'boolean', default: false },
};

const REUSED = ', ws array reused';
const metrics = ['cpuUsPerTurn', 'mainCpuUsPerTurn', 'heapPerSession'];

/** `raw`'s and `session`'s medians of `metric`, and their ratio; undefined where a client has no figure. */
function compare(runsOf, raw, session, metric) {
  if (runsOf[raw].some((s) => s[metric] === null)) return undefined;
  const rawMedian = median(runsOf[raw].map((s) => s[metric]));
  const sessionMedian = median(runsOf[session].map((s) => s[metric]));
  return { raw: rawMedian, session: sessionMedian, ratio: sessionMedian / rawMedian };
}

/** Runs the chat-UI benchmark; `values` holds the flags of {@link chatOptions}. */
export async function chatBench(values, log = () => undefined) {
  const ns = values['chat-n'].split(',').map(Number);
  const runs = Number(values['chat-runs']);
  const wanted = values['chat-regimes'].split(',');
  const regimes = [
    { regime: 'cold', turns: Number(values['chat-cold-turns']), warmPool: 0 },
    { regime: 'steady', turns: Number(values['chat-steady-turns']), warmPool: 200 },
  ].filter(({ regime }) => wanted.includes(regime));
  if (regimes.length !== wanted.length)
    throw new TypeError(`--chat-regimes: cold, steady or both, not ${values['chat-regimes']}`);
  const clients = [
    { name: 'raw', kind: 'raw', env: {} },
    { name: 'chat-ui', kind: 'chat-ui', env: {} },
  ];
  if (values['chat-ws-reuse'])
    clients.push(
      ...clients.map((c) => ({ ...c, name: c.name + REUSED, env: REUSE_FRAGMENTS_ENV })),
    );
  const server = await startServer('converse', PING_MS);
  const samples = {};
  try {
    for (let run = 1; run <= runs; run += 1) {
      for (const n of ns) {
        for (const { regime, turns, warmPool } of regimes) {
          const order = run % 2 === 1 ? clients : [...clients].reverse();
          for (const { name, kind, env } of order) {
            ((samples[`${n} ${regime}`] ??= {})[name] ??= []).push(
              await client(kind, server.url, n, turns, 0, 0, warmPool, { env }),
            );
          }
        }
        log(`chat run ${run}/${runs}, N = ${n} done`);
      }
    }
  } finally {
    server.child.kill();
  }
  return ns.flatMap((n) =>
    regimes.map(({ regime, turns, warmPool }) => {
      const row = { sessions: n, regime, turns, warmPool, runs };
      const runsOf = samples[`${n} ${regime}`];
      for (const metric of metrics) {
        const compared = compare(runsOf, 'raw', 'chat-ui', metric);
        if (compared !== undefined) row[metric] = compared;
      }
      if (values['chat-ws-reuse']) {
        // Both clients with the array reused, against each other and against bare `ws` as it is.
        const reused = compare(runsOf, 'raw' + REUSED, 'chat-ui' + REUSED, 'cpuUsPerTurn');
        row.wsArrayReused = {
          cpuUsPerTurn: reused,
          chatUiToRawAsIs: reused.session / row.cpuUsPerTurn.raw,
        };
      }
      // Every run's figure, to judge the spread behind the medians.
      row.cpuUsPerTurnRuns = Object.fromEntries(
        clients.map(({ name }) => [name, runsOf[name].map((s) => Math.round(s.cpuUsPerTurn))]),
      );
      return row;
    }),
  );
}

/** Goals of issue 28 at N >= 1000: CPU per turn and heap per session as ratios to bare ws. */
export function chatGoals(rows) {
  const goals = {};
  for (const row of rows.filter((r) => r.sessions >= 1000)) {
    const limit = row.regime === 'steady' ? 1.3 : 1.4;
    goals[`chat UI, N=${row.sessions}, ${row.regime}: CPU per turn <= ${limit}x bare ws`] =
      row.cpuUsPerTurn.ratio <= limit;
    if (row.regime === 'steady')
      goals[`chat UI, N=${row.sessions}: heap per session <= 2.5x bare ws`] =
        row.heapPerSession.ratio <= 2.5;
  }
  return goals;
}

export function describeChat(rows) {
  const kb = (b) => `${(b / 1000).toFixed(1)} kB`;
  const us = (v) => `${v.toFixed(0)} µs`;
  const cell = (m, unit) =>
    m === undefined ? 'n/a' : `${unit(m.raw)} → ${unit(m.session)} (${m.ratio.toFixed(2)}x)`;
  const lines = [
    '| N | regime | turns each | CPU µs/turn, ws → chat UI | main thread µs/turn | heap/session | runs (ws; chat UI) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows)
    lines.push(
      `| ${row.sessions} | ${row.regime} | ${row.turns} | ${cell(row.cpuUsPerTurn, us)} | ${cell(row.mainCpuUsPerTurn, us)} | ${cell(row.heapPerSession, kb)} | ${row.cpuUsPerTurnRuns.raw.join(', ')}; ${row.cpuUsPerTurnRuns['chat-ui'].join(', ')} |`,
    );
  for (const row of rows.filter((r) => r.wsArrayReused !== undefined)) {
    const { cpuUsPerTurn, chatUiToRawAsIs } = row.wsArrayReused;
    lines.push(
      '',
      `N = ${row.sessions}, ${row.regime}, \`ws\`'s array reused: ${cell(cpuUsPerTurn, us)}; the chat UI ${chatUiToRawAsIs.toFixed(2)}x of bare \`ws\` as it is (runs: ${row.cpuUsPerTurnRuns['raw' + REUSED].join(', ')}; ${row.cpuUsPerTurnRuns['chat-ui' + REUSED].join(', ')})`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { ...chatOptions, json: { type: 'boolean', default: false } },
  });
  const rows = await chatBench(values, (line) => process.stderr.write(`${line}\n`));
  const goals = chatGoals(rows);
  if (values.json) console.log(JSON.stringify({ rows, goals }, null, 2));
  else {
    console.log(describeChat(rows));
    for (const [goal, met] of Object.entries(goals))
      console.log(`${met ? 'met   ' : 'MISSED'} ${goal}`);
  }
}
