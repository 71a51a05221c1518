// The library's own cost per frame, without a socket: the same frames fed
// in-process to hand-written parsing and pairing, to the operator pipeline,
// and to a full session (over a FakeWebSocket). Each in a process of its
// own, so none runs on code V8 shaped for another: three processes per
// variant, alternating, five runs in each; the median of the processes'
// medians (one process can be 50 % off the next).
// Stages between raw and the blast's pipeline client, each containing the
// one before, say roughly where its cost lies: `decodeFrame` in place of
// `JSON.parse`; `textStream` over a FakeWebSocket (decoding, the watchdog,
// the connection) with the same hand pairing; then `share`, `pairToolCalls`
// and `toTurns` on it (`textStream pipeline`). `pipeline` is the operators
// over a plain Subject (`decodeFrames`, `pingTimeout`, `share`,
// `pairToolCalls`, `toTurns`).
import { share, Subject } from 'rxjs';
import {
  decodeFrame,
  decodeFrames,
  pairToolCalls,
  pingTimeout,
  textStream,
  toTurns,
} from 'rxjs-text-stream';
import { fakeWebSockets } from 'rxjs-text-stream/testing';
import { runJson } from './children.mjs';
import { expectedCounts, handPairing, makeFrames, median } from './frames.mjs';
import { fakeSession } from './sessions.mjs';

// node bench/inprocess.mjs [FRAMES] [VARIANT]: every variant, or VARIANT alone.
const [countArg = '500000', only] = process.argv.slice(2);
const frames = makeFrames(Number(countArg));
const body = frames.slice(1);

// One fake socket class for the process: a class per run would give each
// run's socket a hidden class of its own. The fake hands each frame on in an
// event object, as a socket's `onmessage` does: a cost raw does not pay.
const { WebSocketCtor, sockets } = fakeWebSockets();
const overFakeSocket = () =>
  textStream({ url: 'ws://bench.invalid/agent/text-stream', WebSocketCtor, toolEvents: true });
const feedFakeSocket = () => {
  const socket = sockets[sockets.length - 1];
  socket.open();
  for (const text of frames) socket.receive(text);
};

const variants = {
  raw() {
    const { onFrame, counts } = handPairing();
    for (const text of frames) onFrame(JSON.parse(text));
    return counts.turns;
  },
  decodeFrame() {
    const { onFrame, counts } = handPairing();
    for (const text of frames) {
      const decoded = decodeFrame(text);
      if (decoded.ok) onFrame(decoded.frame);
    }
    return counts.turns;
  },
  textStream() {
    const { onFrame, counts } = handPairing();
    const subscription = overFakeSocket().subscribe(onFrame);
    feedFakeSocket();
    subscription.unsubscribe();
    return counts.turns;
  },
  // The blast's `pipeline` client (bench/client.mjs) without its socket.
  'textStream pipeline'() {
    const frames$ = overFakeSocket().pipe(share());
    let turns = 0;
    const subscription = frames$.pipe(pairToolCalls()).subscribe();
    subscription.add(frames$.pipe(toTurns()).subscribe(() => (turns += 1)));
    feedFakeSocket();
    subscription.unsubscribe();
    return turns;
  },
  pipeline() {
    const raw$ = new Subject();
    const frames$ = raw$.pipe(decodeFrames(), pingTimeout(45_000), share());
    let turns = 0;
    frames$.pipe(pairToolCalls()).subscribe();
    frames$.pipe(toTurns()).subscribe(() => (turns += 1));
    for (const text of frames) raw$.next(text);
    raw$.complete();
    return turns;
  },
  session() {
    const { session, socket, counts } = fakeSession();
    for (const text of body) socket.receive(text);
    session.close();
    return counts.turns;
  },
};

if (only === undefined) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < 3; round += 1) {
    for (const name of round % 2 === 0 ? names : [...names].reverse())
      samples[name].push((await runJson(['bench/inprocess.mjs', countArg, name])).cpuUsPerFrame);
  }
  const results = Object.fromEntries(names.map((name) => [name, median(samples[name])]));
  process.stdout.write(
    `${JSON.stringify(Object.fromEntries(Object.entries(results).map(([name, us]) => [name, { cpuUsPerFrame: us, ratioToRaw: us / results.raw }])))}\n`,
  );
} else {
  const variant = variants[only];
  if (variant === undefined) throw new Error(`unknown variant ${only}`);
  // A variant that lost frames would look fast: each run must count every turn.
  const { turns: expectedTurns } = expectedCounts(frames);
  const run = () => {
    const turns = variant();
    if (turns !== expectedTurns)
      throw new Error(`${only}: ${turns} turns, expected ${expectedTurns}`);
  };
  run(); // warm up
  const samples = [];
  for (let index = 0; index < 5; index += 1) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    samples.push(used.user + used.system);
  }
  process.stdout.write(`${JSON.stringify({ cpuUsPerFrame: median(samples) / frames.length })}\n`);
}
