// What each stream a UI subscribes costs a session in CPU, per turn and per
// frame, against what a subscriber of a plain rxjs `Subject` costs an app
// that makes its own stream. bench/subscriptions.mjs measures the same
// streams' heap.
//
// In one process, without sockets (bench/turnClients.mjs: each answer is
// five frames fed in-process: typing, a tool-call pair, a message,
// response_complete), a group of sessions per configuration:
//
// - bare clients, and bare clients passing every frame through one plain
//   `Subject` with one subscriber, or six: the reference;
// - sessions awaiting `ask()` with no stream subscribed, with each stream
//   alone, with the chat UI's six, and with all nine.
//
// The groups take turns, one round each, in an order shuffled every
// round, so the machine's drift and the GC spread over all of them; each
// figure is the median over the measured rounds. Separate processes would
// not do: the same configuration moves by 50 % from one process to the next,
// ten times what one stream costs.
//
// node --expose-gc bench/streams.mjs [--streams-n 500] [--streams-rounds 200] [--json]
// (also `npm run bench -- --only streams ...`)
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { median } from './frames.mjs';
import { NINE_STREAMS } from './sessions.mjs';
import { clientKinds, playRound } from './turnClients.mjs';

export const streamsOptions = {
  'streams-n': { type: 'string', default: '500' },
  'streams-rounds': { type: 'string', default: '200' },
};

/** Frames in each answer (frames.mjs's `converseAnswer`). */
const FRAMES_PER_TURN = 5;

const CHAT_UI = ['turns$', 'toolCalls$', 'typing$', 'messages$', 'state$', 'session$'];

const configurations = [
  { name: 'bare client', kind: 'raw', streams: [] },
  { name: 'bare client + a Subject subscriber', kind: 'raw', streams: ['subject'] },
  {
    name: 'bare client + six Subject subscribers',
    kind: 'raw',
    streams: CHAT_UI.map(() => 'subject'),
  },
  { name: 'session, nothing subscribed', kind: 'session', streams: [] },
  ...NINE_STREAMS.map((stream) => ({ name: stream, kind: 'session', streams: [stream] })),
  { name: "the chat UI's six", kind: 'session', streams: CHAT_UI },
  { name: 'all nine', kind: 'session', streams: NINE_STREAMS },
];

/** Measures every configuration; `values` holds the flags of {@link streamsOptions}. */
export async function streamsBench(values, log = () => undefined) {
  const n = Number(values['streams-n']);
  const rounds = Number(values['streams-rounds']);
  const groups = configurations.map((configuration) => ({
    ...configuration,
    clients: [],
    perTurn: [],
    counted: 0,
  }));
  // Made in turn, one client of each group after another, so that no group
  // gets a part of the heap of its own.
  for (let made = 0; made < n; made += 1)
    for (const group of groups) group.clients.push(clientKinds[group.kind](group.streams));
  // A fixed seed: every run shuffles alike.
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) - 1) / 2147483646;
  const play = async (turn, measure) => {
    // Shuffled every round: a group's slice pays for the garbage of the one
    // before it, so no group may always follow the same one.
    const order = [...groups];
    for (let index = order.length - 1; index > 0; index -= 1) {
      const other = Math.floor(random() * (index + 1));
      [order[index], order[other]] = [order[other], order[index]];
    }
    for (const group of order) {
      const before = process.cpuUsage();
      group.counted += await playRound(group.clients, turn);
      const used = process.cpuUsage(before);
      if (measure) group.perTurn.push((used.user + used.system) / n);
    }
  };
  // Warm-up: the JIT settles; a full GC then throws much optimized code
  // away, so it warms up again (docs/performance.md, "What the JIT costs a
  // short run").
  const warmUpRounds = Math.max(10, Math.ceil(20_000 / n));
  for (let turn = 0; turn < warmUpRounds; turn += 1) await play(turn, false);
  globalThis.gc();
  for (let turn = 0; turn < warmUpRounds; turn += 1) await play(turn, false);
  for (const group of groups) group.counted = 0;
  for (let turn = 0; turn < rounds; turn += 1) {
    await play(turn, true);
    if ((turn + 1) % 50 === 0) log(`streams round ${turn + 1}/${rounds}`);
  }
  for (const group of groups) {
    if (group.counted !== n * rounds)
      throw new Error(`${group.name}: counted ${group.counted} tool calls, expected ${n * rounds}`);
    for (const client of group.clients) client.close();
  }
  const of = (name) => median(groups.find((group) => group.name === name).perTurn);
  const rows = groups.map(({ name, kind, perTurn }) => {
    const base = of(kind === 'raw' ? 'bare client' : 'session, nothing subscribed');
    const cpuUsPerTurn = median(perTurn);
    return {
      name,
      cpuUsPerTurn,
      addedUsPerTurn: cpuUsPerTurn - base,
      addedUsPerFrame: (cpuUsPerTurn - base) / FRAMES_PER_TURN,
    };
  });
  return { sessions: n, rounds, rows };
}

export function describeStreams({ sessions, rounds, rows }) {
  const lines = [
    `CPU per turn, in-process: ${sessions} sessions per configuration, median of ${rounds} interleaved rounds (a turn is ${FRAMES_PER_TURN} frames)`,
    '',
    '| subscribed | µs/turn | added µs/turn | added µs/frame |',
    '| --- | --- | --- | --- |',
  ];
  for (const row of rows)
    lines.push(
      `| ${row.name} | ${row.cpuUsPerTurn.toFixed(2)} | ${row.addedUsPerTurn.toFixed(2)} | ${row.addedUsPerFrame.toFixed(3)} |`,
    );
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { ...streamsOptions, json: { type: 'boolean', default: false } },
  });
  const result = await streamsBench(values, (line) => process.stderr.write(`${line}\n`));
  console.log(values.json ? JSON.stringify(result) : describeStreams(result));
}
