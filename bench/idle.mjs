// RSS and heap per idle connection:
// node --expose-gc bench/idle.mjs raw|session|session-subscribed URL COUNT [STEPS]
// With STEPS > 1 it opens COUNT more connections STEPS - 1 more times and
// reports each step's figures too (`steps`): the cost of a connection once
// V8's young generation (`newSpaceKiB`, its size after the step) has
// grown, which the first COUNT pay part of.
// `session-subscribed` is a session with the nine streams an app shows
// subscribed (frames$, messages$, turns$, toolCalls$, typing$, errors$,
// diagnostics$, state$, session$), as a chat view holds them while idle.
import { getHeapSpaceStatistics } from 'node:v8';
import { firstValueFrom } from 'rxjs';
import WebSocket from 'ws';
import { connect } from 'rxjs-text-stream';

const [kind, url, countArg, stepsArg = '1'] = process.argv.slice(2);
const count = Number(countArg);
const measure = () => {
  globalThis.gc();
  globalThis.gc();
  const { rss, heapUsed } = process.memoryUsage();
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  return { rss, heapUsed, newSpaceKiB: Math.round((newSpace?.space_size ?? 0) / 1024) };
};

const held = [];
const open = {
  raw: () =>
    new Promise((resolve) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      held.push(socket);
      socket.once('message', resolve);
    }),
  session: () => {
    const session = connect({ url, greetingTimeoutMs: false });
    held.push(session);
    return firstValueFrom(session.session$);
  },
  'session-subscribed': () => {
    const session = connect({ url, greetingTimeoutMs: false });
    held.push(session);
    const ignore = () => undefined;
    for (const stream$ of [
      session.frames$,
      session.messages$,
      session.turns$,
      session.toolCalls$,
      session.typing$,
      session.errors$,
      session.diagnostics$,
      session.state$,
    ])
      stream$.subscribe(ignore);
    return new Promise((resolve) => session.session$.subscribe(resolve));
  },
};

// Warm up one of each so module and JIT costs are not counted per session.
await open[kind]();
const points = [measure()];
for (let step = 0; step < Number(stepsArg); step += 1) {
  for (let opened = 0; opened < count; opened += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - opened) }, () => open[kind]()));
  }
  points.push(measure());
}
const figures = (before, after) => ({
  bytesPerConnection: Math.round((after.rss - before.rss) / count),
  heapPerConnection: Math.round((after.heapUsed - before.heapUsed) / count),
  newSpaceKiB: after.newSpaceKiB,
});
const [before, after] = points;
process.stdout.write(
  `${JSON.stringify({
    kind,
    count,
    before: before.rss,
    after: after.rss,
    ...figures(before, after),
    ...(points.length > 2 && {
      steps: points.slice(1).map((point, i) => figures(points[i], point)),
    }),
  })}\n`,
);
process.exit(0);
