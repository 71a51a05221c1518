// The library's own cost per frame, without a socket: the same frames fed
// in-process to hand-written parsing and pairing, to the operator pipeline,
// and to a full session (over a FakeWebSocket). Median of several runs.
import { share, Subject } from 'rxjs';
import { decodeFrames, pairToolCalls, pingTimeout, toTurns } from 'rxjs-text-stream';
import { handPairing, makeFrames, median } from './frames.mjs';
import { fakeSession } from './sessions.mjs';

const frames = makeFrames(Number(process.argv[2] ?? 500000));
const body = frames.slice(1);

const variants = {
  raw() {
    const { onFrame, counts } = handPairing();
    for (const text of frames) onFrame(JSON.parse(text));
    return counts.turns;
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

const results = {};
for (const name of Object.keys(variants)) variants[name](); // warm up
for (const name of Object.keys(variants)) {
  const samples = [];
  for (let run = 0; run < 5; run += 1) {
    const before = process.cpuUsage();
    variants[name]();
    const used = process.cpuUsage(before);
    samples.push(used.user + used.system);
  }
  results[name] = median(samples) / frames.length;
}
process.stdout.write(
  `${JSON.stringify(Object.fromEntries(Object.entries(results).map(([name, us]) => [name, { cpuUsPerFrame: us, ratioToRaw: us / results.raw }])))}\n`,
);
