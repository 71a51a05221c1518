// One side of the scale benchmark, in its own process:
// node --expose-gc bench/scale-client.mjs raw|raw-state|session|session-send|chat-ui URL SESSIONS TURNS IDLE_SECONDS [WARM_TURNS] [WARM_POOL]
//
// Opens SESSIONS connections to a `converse` bench server, optionally lets
// them sit idle for IDLE_SECONDS, then has every one of them send a message
// and await its answer, TURNS times, all concurrently. Prints one JSON line.
//
// Before the clock starts, WARM_POOL other clients (default 200) converse
// TURNS turns concurrently, twice: before the SESSIONS connect, and again
// after the heap is measured. The measured sessions still start from their
// first message; what the pool keeps out of the figures is V8 compiling the
// code a loaded process runs, once per process. The second round is there
// because the heap measurement forces full GCs, which throw much of the
// session's optimized code away, and the measured turns would otherwise pay
// to compile it again (docs/performance.md, "What the JIT costs a short run").
//
// `raw` is what a careful user writes over bare `ws`: JSON.parse, pairing tool
// calls by call_id, counting turns, awaiting each answer as a promise.
// `session` is `connect()` configured as an app would: tool events on, and
// `greetingTimeoutMs: false` because this server never greets (with the
// default, the first message of every session would wait 5 s for a greeting
// that never comes); it awaits each answer with `await session.ask(text)`.
// `session-send` is the same session awaiting `firstValueFrom(session.send(text))`
// instead, the Observable way: what rxjs's subscriber machinery adds.
// `chat-ui` is the session as a chat view uses it (bench/chat.mjs).
// `raw-state` is the bare client keeping some state of the app's per
// connection, `APP_STATE_OBJECTS` small objects (bench/survivors.mjs).
//
// With BENCH_SURVIVORS=1 the measured turns are sampled for what outlives a
// scavenge (bench/survivorSampling.mjs); the sampling costs CPU, so that
// run's CPU figures are not the benchmark's.
// With BENCH_WS_REUSE_FRAGMENTS=1 `ws`'s receiver keeps one fragments array
// per socket rather than one per message (bench/wsFragments.mjs, a
// measurement for bench/survivors.mjs).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import WebSocket from 'ws';
import { connect } from 'rxjs-text-stream';
import { mainThreadCpuUs } from './frames.mjs';
import { reuseFragmentArraysIfAsked } from './wsFragments.mjs';

const [kind, url, sessionsArg, turnsArg, idleArg, warmArg, poolArg] = process.argv.slice(2);
reuseFragmentArraysIfAsked();
const sessions = Number(sessionsArg);
const turnsEach = Number(turnsArg);
const idleSeconds = Number(idleArg ?? 0);
const warmTurns = Number(warmArg ?? 0);
// The idle phase sends no message: one warm connection is enough there, and
// a pool would add its own pings to the idle figure.
const warmPool = turnsEach > 0 ? Number(poolArg ?? 200) : 1;
const text = 'Can I move my appointment to next Tuesday?';

// Each client: `started` resolves on session_started; `ask()` sends the
// message and resolves with its answer; `callsIn(answer)` counts the answer's
// tool calls. `converse` awaits and counts every answer the same way for all.

/** A conversation over bare `ws`; an answer is its count of paired tool calls. */
function rawClient() {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const pending = new Map();
  let answered;
  let turnCalls = 0;
  const started = new Promise((resolve) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(data);
      switch (frame.type) {
        case 'session_started':
          resolve();
          break;
        case 'tool_call_started':
          pending.set(frame.call_id, frame);
          break;
        case 'tool_call_completed':
          if (pending.delete(frame.call_id)) turnCalls += 1;
          break;
        case 'response_complete': {
          pending.clear();
          const calls = turnCalls;
          turnCalls = 0;
          answered?.(calls);
        }
      }
    });
  });
  return {
    started,
    ask: () =>
      new Promise((resolve) => {
        answered = resolve;
        socket.send(JSON.stringify({ text }));
      }),
    callsIn: (calls) => calls,
  };
}

/** The same conversation through the library; `observable`: await `send()` through `firstValueFrom`. */
function sessionClient(observable) {
  const session = connect({ url, toolEvents: true, greetingTimeoutMs: false });
  return {
    started: firstValueFrom(session.session$),
    ask: observable ? () => firstValueFrom(session.send(text)) : () => session.ask(text),
    callsIn: (turn) => turn.toolCalls.length,
  };
}

/**
 * The session as a chat UI uses it (README): the streams a chat view
 * renders subscribed for the session's life, and each message's `send()`
 * awaited as the README does, with `lastValueFrom`. Tool calls are counted
 * from `toolCalls$`, as the view would show them.
 */
function chatUiClient() {
  const session = connect({ url, toolEvents: true, greetingTimeoutMs: false });
  let calls = 0;
  const ignore = () => undefined;
  session.turns$.subscribe(ignore);
  session.toolCalls$.subscribe(() => (calls += 1));
  session.typing$.subscribe(ignore);
  session.messages$.subscribe(ignore);
  session.state$.subscribe(ignore);
  const started = new Promise((resolve) => session.session$.subscribe(resolve));
  return {
    started,
    ask: () => lastValueFrom(session.send(text)),
    callsIn: () => {
      const counted = calls;
      calls = 0;
      return counted;
    },
  };
}

/**
 * The objects `raw-state` keeps per connection besides the bare client:
 * about 4.4 kB of heap, which with `ws`'s own is about what a chat UI's
 * session holds (bench/survivors.mjs).
 */
const APP_STATE_OBJECTS = 60;

const kinds = {
  raw: rawClient,
  'raw-state': () =>
    Object.assign(rawClient(), {
      state: Array.from({ length: APP_STATE_OBJECTS }, (_, index) => ({
        index,
        label: `item ${index}`,
      })),
    }),
  session: () => sessionClient(false),
  'session-send': () => sessionClient(true),
  'chat-ui': chatUiClient,
};
const open = kinds[kind];
if (open === undefined) throw new Error(`unknown client ${kind}`);
const memory = () => {
  globalThis.gc();
  globalThis.gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
};
const counts = { turns: 0, calls: 0 };
const converse = async (client, turns = turnsEach) => {
  for (let turn = 0; turn < turns; turn += 1) {
    const answer = await client.ask();
    counts.turns += 1;
    counts.calls += client.callsIn(answer);
  }
};
// With BENCH_LET_GO=1 (bench/survivors.mjs) each answer is counted straight
// from the await, never named. `converse` names it, as an app's loop does,
// and V8 keeps that `const` in the suspended async function until the next
// answer replaces it: each session holds its latest answer (a `Turn`, or
// the bare client's count) through the next turn.
const converseLettingGo = async (client, turns = turnsEach) => {
  for (let turn = 0; turn < turns; turn += 1) {
    const calls = client.callsIn(await client.ask());
    counts.turns += 1;
    counts.calls += calls;
  }
};
const converseMeasured = process.env.BENCH_LET_GO === '1' ? converseLettingGo : converse;

// The JIT's warm-up (see the top of this file); the pool stays connected, idle, while the sessions converse.
const pool = Array.from({ length: warmPool }, () => open());
await Promise.all(pool.map((client) => client.started));
const warmUp = async () => {
  await Promise.all(pool.map((client) => converse(client)));
  counts.turns = counts.calls = 0;
};
await warmUp();
const before = memory();
const clients = [];
for (let opened = 0; opened < sessions; opened += 200) {
  const batch = Array.from({ length: Math.min(200, sessions - opened) }, () => open());
  clients.push(...batch);
  await Promise.all(batch.map((client) => client.started));
}
const connected = memory();
if (turnsEach > 0) await warmUp();

let idleCpuUs = 0;
if (idleSeconds > 0) {
  const cpu = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const used = process.cpuUsage(cpu);
  idleCpuUs = used.user + used.system;
}

let result = {};
if (turnsEach > 0) {
  if (warmTurns > 0) {
    // Conversations already under way: every session's first turns, unmeasured.
    await Promise.all(clients.map((client) => converse(client, warmTurns)));
    counts.turns = counts.calls = 0;
  }
  // The event loop's health while every session converses: the delay
  // histogram, and the longest gap between 10 ms ticks (a gap still open
  // when the phase ends counts).
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let lastTick = performance.now();
  let longestGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - lastTick);
    lastTick = now;
  }, 10);
  delay.enable();
  // bench/jit.mjs: what V8 optimizes (and throws away) during the measured turns alone.
  const traceJit = process.env.BENCH_TRACE_JIT === '1';
  if (traceJit) setFlagsFromString('--trace-opt --trace-deopt');
  const sampling =
    process.env.BENCH_SURVIVORS === '1'
      ? await (await import('./survivorSampling.mjs')).sampleSurvivors()
      : null;
  const cpu = process.cpuUsage();
  const mainCpu = mainThreadCpuUs();
  const wall = performance.now();
  await Promise.all(clients.map((client) => converseMeasured(client)));
  if (traceJit) setFlagsFromString('--no-trace-opt --no-trace-deopt');
  const used = process.cpuUsage(cpu);
  const mainUsed = mainCpu === null ? null : mainThreadCpuUs() - mainCpu;
  const wallMs = performance.now() - wall;
  longestGap = Math.max(longestGap, performance.now() - lastTick);
  delay.disable();
  clearInterval(ticker);
  const survivors = sampling && (await sampling.stop(sessions * turnsEach));
  const expected = sessions * turnsEach;
  if (counts.turns !== expected || counts.calls !== expected) {
    console.error(
      `${kind}: counted ${counts.turns} turns / ${counts.calls} calls, expected ${expected} each`,
    );
    process.exit(1);
  }
  const after = memory();
  result = {
    cpuUsPerTurn: (used.user + used.system) / expected,
    mainCpuUsPerTurn: mainUsed === null ? null : mainUsed / expected,
    wallMs,
    heapPerSession: (after.heapUsed - before.heapUsed) / sessions,
    rssPerSession: (after.rss - before.rss) / sessions,
    eventLoopP99Ms: delay.percentile(99) / 1e6,
    longestStallMs: longestGap,
    ...(survivors && { survivors }),
  };
}

process.stdout.write(
  `${JSON.stringify({
    kind,
    sessions,
    turns: turnsEach,
    idleSeconds,
    idleCpuUs,
    connectedHeapPerSession: (connected.heapUsed - before.heapUsed) / sessions,
    ...result,
  })}\n`,
);
process.exit(0);
