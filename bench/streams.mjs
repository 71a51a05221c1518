// What each stream a UI subscribes costs a session in CPU per turn, against
// what a subscriber of a plain rxjs `Subject` costs an app that makes its
// own stream. bench/subscriptions.mjs measures the same streams' heap.
//
// In one process, without sockets (bench/turnClients.mjs: each answer is
// five frames fed in-process: typing, a tool-call pair, a message,
// response_complete), a group of sessions per configuration:
//
// - bare clients, and bare clients passing every frame through one plain
//   `Subject` with one subscriber, or through six such Subjects: the
//   reference;
// - sessions awaiting `ask()` with no stream subscribed, with each stream
//   alone, with the chat UI's six, and with all nine; and the chat UI as
//   bench/chat.mjs runs it, each message awaited with `lastValueFrom(send())`.
//
// The groups take turns, one round each, in an order shuffled every
// round, so the machine's drift and the GC spread over all of them; each
// figure is the mean over the measured rounds, so that a group's garbage
// counts (a median would leave out the rounds its GC ran in). Separate
// processes would not do: the same configuration moves by 50 % from one
// process to the next, ten times what one stream costs. One process has its
// own bias: code shared by several configurations (rxjs's subscribers) is
// shaped by all of them, and `process.cpuUsage` sees other threads' CPU only
// at the scheduler's tick.
//
// node --expose-gc bench/streams.mjs [--streams-n 500] [--streams-rounds 200] [--json]
// (also `npm run bench -- --only streams ...`)
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { NINE_STREAMS } from './sessions.mjs';
import { clientKinds, playRound } from './turnClients.mjs';

export const streamsOptions = {
  'streams-n': { type: 'string', default: '500' },
  'streams-rounds': { type: 'string', default: '200' },
};

const CHAT_UI = ['turns$', 'toolCalls$', 'typing$', 'messages$', 'state$', 'session$'];

const configurations = [
  { name: 'bare client', open: () => clientKinds.raw(), bare: true },
  { name: 'bare client + one Subject', open: () => clientKinds.subjects(1), bare: true },
  {
    name: 'bare client + six Subjects',
    open: () => clientKinds.subjects(CHAT_UI.length),
    bare: true,
  },
  { name: 'session, nothing subscribed', open: () => clientKinds.session() },
  ...NINE_STREAMS.map((stream) => ({ name: stream, open: () => clientKinds.session([stream]) })),
  { name: "the chat UI's six", open: () => clientKinds.session(CHAT_UI) },
  { name: 'all nine', open: () => clientKinds.session(NINE_STREAMS) },
  // The chat UI as bench/chat.mjs runs it: its six streams, and each message
  // awaited with `lastValueFrom(session.send(text))` rather than `ask()`.
  { name: 'the chat UI, send() and lastValueFrom', open: () => clientKinds['chat-ui']() },
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
    for (const group of groups) group.clients.push(group.open());
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
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const of = (name) => mean(groups.find((group) => group.name === name).perTurn);
  const bareBase = of('bare client');
  const sessionBase = of('session, nothing subscribed');
  const rows = groups.map(({ name, bare, perTurn }) => {
    const cpuUsPerTurn = mean(perTurn);
    return { name, cpuUsPerTurn, addedUsPerTurn: cpuUsPerTurn - (bare ? bareBase : sessionBase) };
  });
  return { sessions: n, rounds, rows };
}

export function describeStreams({ sessions, rounds, rows }) {
  const lines = [
    `CPU per turn (five frames), in-process: ${sessions} sessions per configuration, mean of ${rounds} interleaved rounds`,
    '',
    '| subscribed | µs/turn | added µs/turn |',
    '| --- | --- | --- |',
  ];
  for (const row of rows)
    lines.push(
      `| ${row.name} | ${row.cpuUsPerTurn.toFixed(2)} | ${row.addedUsPerTurn.toFixed(2)} |`,
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
