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
import { clientKinds, playRound } from './turnClients.mjs';

const [kind, sessionsArg, roundsArg] = process.argv.slice(2);
const sessions = Number(sessionsArg);
const rounds = Number(roundsArg);

const open = clientKinds[kind];
if (open === undefined) throw new Error(`unknown client ${kind}`);
const clients = Array.from({ length: sessions }, () => open());

let counted = 0;
const round = async (turn) => (counted += await playRound(clients, turn));

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
