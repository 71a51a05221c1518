// The scale benchmark: N sessions conversing concurrently in one process
// against N bare `ws` clients doing the same work (bench/scale-client.mjs),
// each in its own process, against one `converse` server in another. The
// session awaits each answer with `ask()`; a third client, the same session
// awaiting `firstValueFrom(send())`, shows what rxjs's subscriber machinery
// adds. Runs alternate between the clients (and their order reverses every
// run), so drift in the machine's load spreads over all of them; each figure
// is the median of the runs. The idle phase runs four times, alternating
// which client goes first: one 60 s run moves by ±15% on its own.
//
// node bench/scale.mjs [--n 100,1000,3000] [--scale-runs 5] [--turns 20] [--warm-turns 0] [--warm-pool 200] [--idle-seconds 60] [--idle-runs 4] [--json]
// `--warm-turns K`: every session first converses K turns that are not
// measured, so the figures are those of conversations already under way
// (by default every measured turn counts, the first ones included).
// `--warm-pool K`: how many other clients converse before the clock starts,
// so that V8's compiling the code is not counted (bench/scale-client.mjs);
// `--warm-pool 1` warms up one conversation, as runs before 2026-11-27 15:30 did.
// (also `npm run bench -- --only scale ...`, with the same flags)
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { runJson, startServer } from './children.mjs';
import { median } from './frames.mjs';

/** The server pings every connection this often, as a live platform keeps its sockets alive. */
export const PING_MS = 10_000;

export const scaleOptions = {
  n: { type: 'string', default: '100,1000,3000' },
  'scale-runs': { type: 'string', default: '5' },
  turns: { type: 'string', default: '20' },
  'warm-turns': { type: 'string', default: '0' },
  'warm-pool': { type: 'string', default: '200' },
  'idle-seconds': { type: 'string', default: '60' },
  'idle-sessions': { type: 'string', default: '3000' },
  'idle-runs': { type: 'string', default: '4' },
};

const kinds = ['raw', 'session', 'session-send'];

/** The command line of one bench/scale-client.mjs process; `nodeFlags` go to node, before the script. */
export const scaleClientArgs = (
  kind,
  url,
  sessions,
  turns,
  idleSeconds,
  warmTurns = 0,
  warmPool = 1,
  nodeFlags = [],
) => [
  '--expose-gc',
  ...nodeFlags,
  'bench/scale-client.mjs',
  kind,
  url,
  String(sessions),
  String(turns),
  String(idleSeconds),
  String(warmTurns),
  String(warmPool),
];

/** Runs one bench/scale-client.mjs process and resolves with its result line; `env` adds to its environment. */
export const client = (
  kind,
  url,
  sessions,
  turns,
  idleSeconds,
  warmTurns = 0,
  warmPool = 1,
  { nodeFlags = [], env = {} } = {},
) =>
  runJson(
    scaleClientArgs(kind, url, sessions, turns, idleSeconds, warmTurns, warmPool, nodeFlags),
    env,
  );

const metrics = [
  'cpuUsPerTurn',
  'heapPerSession',
  'rssPerSession',
  'eventLoopP99Ms',
  'longestStallMs',
];

/** Runs the scale benchmark; `values` holds the flags of {@link scaleOptions}. */
export async function scaleBench(values, log = () => undefined) {
  const ns = values.n.split(',').map(Number);
  const runs = Number(values['scale-runs']);
  const turns = Number(values.turns);
  const warmTurns = Number(values['warm-turns']);
  const warmPool = Number(values['warm-pool']);
  const idleSeconds = Number(values['idle-seconds']);
  const idleSessions = Number(values['idle-sessions']);
  const idleRuns = Number(values['idle-runs']);
  const server = await startServer('converse', PING_MS);
  const samples = {};
  try {
    for (let run = 1; run <= runs; run += 1) {
      for (const n of ns) {
        const order = run % 2 === 1 ? kinds : [...kinds].reverse();
        for (const kind of order) {
          ((samples[n] ??= {})[kind] ??= []).push(
            await client(kind, server.url, n, turns, 0, warmTurns, warmPool),
          );
        }
        log(`scale run ${run}/${runs}, N = ${n} done`);
      }
    }
    let idle = null;
    if (idleSeconds > 0) {
      // Whichever runs first meets a fresher machine: alternate, and sum.
      const cpuMs = { raw: 0, session: 0 };
      const runsMs = { raw: [], session: [] };
      for (let run = 1; run <= idleRuns; run += 1) {
        for (const kind of run % 2 === 1 ? ['raw', 'session'] : ['session', 'raw']) {
          const ms =
            (await client(kind, server.url, idleSessions, 0, idleSeconds)).idleCpuUs / 1000;
          cpuMs[kind] += ms;
          runsMs[kind].push(Math.round(ms));
        }
        log(`idle run ${run}/${idleRuns} done`);
      }
      idle = {
        sessions: idleSessions,
        seconds: idleSeconds,
        runs: idleRuns,
        rawCpuMs: cpuMs.raw / idleRuns,
        sessionCpuMs: cpuMs.session / idleRuns,
        ratio: cpuMs.session / cpuMs.raw,
        // Every run's figure, to judge the spread behind the means.
        runsMs,
      };
    }
    const rows = ns.map((n) => {
      const row = { sessions: n, runs, turns, warmTurns, warmPool };
      const compare = (metric) => {
        const raw = median(samples[n].raw.map((s) => s[metric]));
        const session = median(samples[n].session.map((s) => s[metric]));
        return { raw, session, ratio: session / raw };
      };
      for (const metric of metrics) row[metric] = compare(metric);
      // The main thread's share, where Linux gives it (`null` elsewhere): the
      // rest is V8's compiler and GC threads.
      if ([...samples[n].raw, ...samples[n].session].every((s) => s.mainCpuUsPerTurn !== null))
        row.mainCpuUsPerTurn = compare('mainCpuUsPerTurn');
      const send = median(samples[n]['session-send'].map((s) => s.cpuUsPerTurn));
      // Every run's figure, to judge the spread behind the medians.
      row.cpuUsPerTurnRuns = Object.fromEntries(
        kinds.map((kind) => [kind, samples[n][kind].map((s) => Math.round(s.cpuUsPerTurn))]),
      );
      row.sendCpuUsPerTurn = {
        raw: row.cpuUsPerTurn.raw,
        session: send,
        ratio: send / row.cpuUsPerTurn.raw,
      };
      return row;
    });
    return { rows, idle };
  } finally {
    server.child.kill();
  }
}

/** Goals at N = 1000 and 3000 (issue 14). */
export function scaleGoals(result) {
  const goals = {};
  for (const row of result.rows.filter((r) => r.sessions >= 1000)) {
    goals[`N=${row.sessions}: CPU per turn <= 1.3x bare ws`] = row.cpuUsPerTurn.ratio <= 1.3;
    goals[`N=${row.sessions}: heap per session <= 3x bare ws`] = row.heapPerSession.ratio <= 3;
    goals[`N=${row.sessions}: longest stall <= 2x bare ws`] = row.longestStallMs.ratio <= 2;
  }
  if (result.idle !== null)
    goals[`idle CPU of ${result.idle.sessions} sessions <= 1.2x bare ws`] =
      result.idle.ratio <= 1.2;
  return goals;
}

export function describeScale(result) {
  const lines = [
    '| N | CPU µs/turn, ws → session (`ask()`) | heap/session | RSS/session | event-loop p99 | longest stall | CPU µs/turn, `firstValueFrom(send())` |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const kb = (b) => `${(b / 1000).toFixed(1)} kB`;
  const us = (v) => `${v.toFixed(0)} µs`;
  const ms = (v) => `${v.toFixed(0)} ms`;
  const cell = (m, unit) => `${unit(m.raw)} → ${unit(m.session)} (${m.ratio.toFixed(2)}x)`;
  for (const row of result.rows)
    lines.push(
      `| ${row.sessions} | ${cell(row.cpuUsPerTurn, us)} | ${cell(row.heapPerSession, kb)} | ${cell(row.rssPerSession, kb)} | ${cell(row.eventLoopP99Ms, ms)} | ${cell(row.longestStallMs, ms)} | ${us(row.sendCpuUsPerTurn.session)} (${row.sendCpuUsPerTurn.ratio.toFixed(2)}x) |`,
    );
  const main = result.rows.filter((row) => row.mainCpuUsPerTurn !== undefined);
  if (main.length > 0)
    lines.push(
      `\nCPU of the main thread alone (the rest is V8's compiler and GC threads): ${main.map((row) => `N = ${row.sessions} ${cell(row.mainCpuUsPerTurn, us)}`).join('; ')}`,
    );
  if (result.idle !== null) {
    const { idle } = result;
    lines.push(
      `\nidle: ${idle.sessions} connected sessions for ${idle.seconds} s (server pings each every ${PING_MS / 1000} s), mean of ${idle.runs} alternating runs: CPU ${idle.rawCpuMs.toFixed(0)} ms → ${idle.sessionCpuMs.toFixed(0)} ms (${idle.ratio.toFixed(2)}x); runs: bare ws ${idle.runsMs.raw.join(', ')} ms, session ${idle.runsMs.session.join(', ')} ms`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { ...scaleOptions, json: { type: 'boolean', default: false } },
  });
  const result = await scaleBench(values, (line) => process.stderr.write(`${line}\n`));
  const goals = scaleGoals(result);
  if (values.json) console.log(JSON.stringify({ ...result, goals }, null, 2));
  else {
    console.log(describeScale(result));
    for (const [goal, met] of Object.entries(goals))
      console.log(`${met ? 'met   ' : 'MISSED'} ${goal}`);
  }
}
