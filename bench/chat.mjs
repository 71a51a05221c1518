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
// node bench/chat.mjs [--chat-n 1000,3000] [--chat-runs 3] [--chat-cold-turns 20] [--chat-steady-turns 100] [--json]
// (also `npm run bench -- --only chat ...`)
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { startServer } from './children.mjs';
import { median } from './frames.mjs';
import { client, PING_MS } from './scale.mjs';

export const chatOptions = {
  'chat-n': { type: 'string', default: '1000,3000' },
  'chat-runs': { type: 'string', default: '3' },
  'chat-cold-turns': { type: 'string', default: '20' },
  'chat-steady-turns': { type: 'string', default: '100' },
};

const kinds = ['raw', 'chat-ui'];
const metrics = ['cpuUsPerTurn', 'mainCpuUsPerTurn', 'heapPerSession'];

/** Runs the chat-UI benchmark; `values` holds the flags of {@link chatOptions}. */
export async function chatBench(values, log = () => undefined) {
  const ns = values['chat-n'].split(',').map(Number);
  const runs = Number(values['chat-runs']);
  const regimes = [
    { regime: 'cold', turns: Number(values['chat-cold-turns']), warmPool: 0 },
    { regime: 'steady', turns: Number(values['chat-steady-turns']), warmPool: 200 },
  ];
  const server = await startServer('converse', PING_MS);
  const samples = {};
  try {
    for (let run = 1; run <= runs; run += 1) {
      for (const n of ns) {
        for (const { regime, turns, warmPool } of regimes) {
          const order = run % 2 === 1 ? kinds : [...kinds].reverse();
          for (const kind of order) {
            ((samples[`${n} ${regime}`] ??= {})[kind] ??= []).push(
              await client(kind, server.url, n, turns, 0, 0, warmPool),
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
        if (runsOf.raw.some((s) => s[metric] === null)) continue;
        const raw = median(runsOf.raw.map((s) => s[metric]));
        const session = median(runsOf['chat-ui'].map((s) => s[metric]));
        row[metric] = { raw, session, ratio: session / raw };
      }
      // Every run's figure, to judge the spread behind the medians.
      row.cpuUsPerTurnRuns = Object.fromEntries(
        kinds.map((kind) => [kind, runsOf[kind].map((s) => Math.round(s.cpuUsPerTurn))]),
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
