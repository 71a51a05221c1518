// One side of the runner benchmark, in its own process:
//   node --expose-gc bench/runner-client.mjs runner|hand|hand-sync URL CONVERSATIONS TURNS CONCURRENCY
//   node --expose-gc bench/runner-client.mjs heap URL CONVERSATIONS TURNS CONCURRENCY
//
// `runner`: `runConversations` runs CONVERSATIONS scripts of TURNS messages,
// CONCURRENCY at a time, against a `converse` bench server (which never
// greets: `greetingTimeoutMs: false`, and answers every message with one
// tool call). `hand` drives the same sessions as a user would without the
// runner: CONCURRENCY workers, each taking the next conversation, `connect()`,
// `send()` per turn awaited with `firstValueFrom`, tool calls counted, then
// `close()` (the runner ends its sessions the same way here: `end: 'close'`).
// `hand-sync` is `hand` sending each next message from inside the answer's
// callback, as the runner does (not in the suite: it showed the pattern
// costs nothing). All first run a warm-up round (the JIT's compiling is not counted), then
// the measured one. Prints one JSON line: CPU µs per turn (process, all threads).
//
// `heap`: one long run of CONVERSATIONS through `runConversations`, with a
// forced GC and a heap reading when 10 % are done and again just before the
// input runs out (CONCURRENCY sessions in flight both times): what a
// finished conversation leaves behind.
import { firstValueFrom, lastValueFrom, tap } from 'rxjs';
import { connect, runConversations } from 'rxjs-text-stream';

const [kind, url, countArg, turnsArg, concurrencyArg] = process.argv.slice(2);
const count = Number(countArg);
const turns = Number(turnsArg);
const concurrency = Number(concurrencyArg);
const text = 'Can I move my appointment to next Tuesday?';
const options = { url, toolEvents: true, greetingTimeoutMs: false };

function* scripts(n) {
  for (let i = 0; i < n; i += 1) yield { id: `c${i}`, turns: Array(turns).fill(text) };
}

async function runnerRound(n, onEvent = () => undefined) {
  let calls = 0;
  const summary = await lastValueFrom(
    runConversations(scripts(n), { ...options, end: 'close', concurrency }).pipe(
      tap((event) => {
        if (event.type === 'turn') calls += event.toolCalls.length;
        onEvent(event);
      }),
    ),
  );
  if (summary.ok !== n || summary.turns !== n * turns || calls !== n * turns)
    throw new Error(`runner: ${JSON.stringify(summary)}, ${calls} calls`);
}

async function handRound(n) {
  let next = 0;
  let answered = 0;
  let calls = 0;
  const worker = async () => {
    while (next < n) {
      next += 1;
      const session = connect(options);
      for (let turn = 0; turn < turns; turn += 1) {
        const answer = await firstValueFrom(session.send(text));
        answered += 1;
        calls += answer.toolCalls.length;
      }
      session.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  if (answered !== n * turns || calls !== n * turns)
    throw new Error(`hand: ${answered} turns, ${calls} calls`);
}

// The same sessions by hand, each next message sent from inside the answer's callback, as the runner does.
async function handSyncRound(n) {
  let next = 0;
  let answered = 0;
  let calls = 0;
  await new Promise((resolve) => {
    let running = 0;
    const startOne = () => {
      if (next >= n) {
        if (running === 0) resolve();
        return;
      }
      next += 1;
      running += 1;
      const session = connect(options);
      let turn = 0;
      const ask = () =>
        session.send(text).subscribe((answer) => {
          answered += 1;
          calls += answer.toolCalls.length;
          turn += 1;
          if (turn < turns) return ask();
          session.close();
          running -= 1;
          startOne();
        });
      ask();
    };
    for (let i = 0; i < Math.min(concurrency, n); i += 1) startOne();
  });
  if (answered !== n * turns || calls !== n * turns)
    throw new Error(`hand-sync: ${answered} turns, ${calls} calls`);
}

const heapUsed = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

if (kind === 'heap') {
  const early = Math.ceil(count / 10);
  const late = count - concurrency - 1;
  let done = 0;
  let before = 0;
  let after = 0;
  const wall = performance.now();
  await runnerRound(count, (event) => {
    if (event.type !== 'conversation') return;
    done += 1;
    if (done === early) before = heapUsed();
    if (done === late) after = heapUsed();
  });
  console.log(
    JSON.stringify({
      conversations: count,
      heapBefore: before,
      heapAfter: after,
      growthBytes: after - before,
      wallMs: performance.now() - wall,
    }),
  );
} else {
  const round = { runner: runnerRound, hand: handRound, 'hand-sync': handSyncRound }[kind];
  if (round === undefined) throw new Error(`unknown client ${kind}`);
  await round(Math.min(count, 200));
  heapUsed();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await round(count);
  const used = process.cpuUsage(cpu);
  console.log(
    JSON.stringify({
      cpuUsPerTurn: (used.user + used.system) / (count * turns),
      wallMs: performance.now() - wall,
    }),
  );
}
