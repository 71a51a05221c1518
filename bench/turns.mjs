// The scale benchmark's conversation without sockets: N clients in one
// process, each sending a message and awaiting its answer, all concurrently,
// round after round, with the server's answer (typing, one tool-call pair, a
// message, response_complete) fed in-process. No `ws`, no syscalls, no
// server process: what is left is the clients' own work and their garbage,
// and how both grow with N (docs/performance.md, "Why the cost grows with N").
//
// node --expose-gc bench/turns.mjs raw|session|chat-ui SESSIONS ROUNDS
//
// `raw` is scale-client.mjs's bare client without its socket: JSON.parse,
// pairing by call_id, counting turns, a promise per answer. `session` is
// `connect()` over a FakeWebSocket whose `send` does nothing, awaiting
// `ask()`; `chat-ui` is that session used as a chat view uses it
// (bench/chat.mjs). Prints one JSON line: CPU µs per turn over every round after a
// warm-up.
import { lastValueFrom } from 'rxjs';
import { connect } from 'rxjs-text-stream';
import { fakeWebSockets } from 'rxjs-text-stream/testing';
import { converseAnswer } from './frames.mjs';

const [kind, sessionsArg, roundsArg] = process.argv.slice(2);
const sessions = Number(sessionsArg);
const rounds = Number(roundsArg);
const text = 'Can I move my appointment to next Tuesday?';

let calls = 0;
const answer = (turn) => converseAnswer(`tc_${(calls += 1)}`, turn);

// Each client: `feed(text)` hands it one frame from the server; `ask()`
// sends the message and resolves with the answer; `callsIn(answer)` counts
// its tool calls; `close()` ends it.

// scale-client.mjs's bare client, copied rather than shared: that one stays
// the code every recorded scale run measured.
function rawClient() {
  const pending = new Map();
  let answered;
  let turnCalls = 0;
  return {
    feed(data) {
      const frame = JSON.parse(data);
      switch (frame.type) {
        case 'tool_call_started':
          pending.set(frame.call_id, frame);
          break;
        case 'tool_call_completed':
          if (pending.delete(frame.call_id)) turnCalls += 1;
          break;
        case 'response_complete': {
          pending.clear();
          const turnCallCount = turnCalls;
          turnCalls = 0;
          answered?.(turnCallCount);
        }
      }
    },
    ask: () =>
      new Promise((resolve) => {
        answered = resolve;
        JSON.stringify({ text });
      }),
    callsIn: (count) => count,
    close: () => undefined,
  };
}

// One recording class for every session, as with `ws` (a class per session
// would give each socket its own hidden class, and every property access on
// a socket would miss V8's caches more as N grows: a cost of the fake, not
// of the library).
const { WebSocketCtor, sockets } = fakeWebSockets();
// The fake records every frame sent; a real socket's send is not the library's cost.
const sendNothing = () => undefined;

function sessionClient() {
  const session = connect({
    url: 'ws://bench.invalid/agent/text-stream',
    WebSocketCtor,
    toolEvents: true,
    greetingTimeoutMs: false,
  });
  // connect() creates its socket at once (no credentials to wait for).
  const socket = sockets[sockets.length - 1];
  socket.send = sendNothing;
  socket.open();
  socket.receive({
    type: 'session_started',
    session_id: 'ss_bench',
    conversation_id: 'conv_bench',
  });
  return {
    session,
    feed: (data) => socket.receive(data),
    ask: () => session.ask(text),
    callsIn: (turn) => turn.toolCalls.length,
    close: () => session.close(),
  };
}

/** scale-client.mjs's `chat-ui`: the streams a chat view renders subscribed, `send()` awaited with `lastValueFrom`. */
function chatUiClient() {
  const client = sessionClient();
  const { session } = client;
  let calls = 0;
  const ignore = () => undefined;
  session.turns$.subscribe(ignore);
  session.toolCalls$.subscribe(() => (calls += 1));
  session.typing$.subscribe(ignore);
  session.messages$.subscribe(ignore);
  session.state$.subscribe(ignore);
  session.session$.subscribe(ignore);
  return {
    ...client,
    ask: () => lastValueFrom(session.send(text)),
    callsIn: () => {
      const counted = calls;
      calls = 0;
      return counted;
    },
  };
}

const open = { raw: rawClient, session: sessionClient, 'chat-ui': chatUiClient }[kind];
if (open === undefined) throw new Error(`unknown client ${kind}`);
const clients = Array.from({ length: sessions }, open);

let counted = 0;
async function round(turn) {
  const answers = clients.map((client) => client.ask());
  for (const client of clients) for (const frame of answer(turn)) client.feed(frame);
  const turns = await Promise.all(answers);
  turns.forEach((turnAnswer, index) => (counted += clients[index].callsIn(turnAnswer)));
}

// Warm-up: at least five rounds and 20 000 turns, so the JIT has settled for
// any N. The GC clears what it left behind; a full GC also throws optimized
// code away, so the warm-up runs again after it (docs/performance.md, "What
// the JIT costs a short run").
const warmUpRounds = Math.max(5, Math.ceil(20_000 / sessions));
const warmUp = async () => {
  for (let turn = 0; turn < warmUpRounds; turn += 1) await round(turn);
};
await warmUp();
globalThis.gc();
await warmUp();
counted = 0;
const cpu = process.cpuUsage();
for (let turn = 0; turn < rounds; turn += 1) await round(turn);
const used = process.cpuUsage(cpu);
if (counted !== sessions * rounds) {
  throw new Error(`${kind}: counted ${counted} tool calls, expected ${sessions * rounds}`);
}
for (const client of clients) client.close();
process.stdout.write(
  `${JSON.stringify({ kind, sessions, rounds, cpuUsPerTurn: (used.user + used.system) / (sessions * rounds) })}\n`,
);
