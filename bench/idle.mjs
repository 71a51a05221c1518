// RSS and heap per idle connection:
// node --expose-gc bench/idle.mjs raw|session|session-subscribed URL COUNT
// `session-subscribed` is a session with the nine streams an app shows
// subscribed (frames$, messages$, turns$, toolCalls$, typing$, errors$,
// diagnostics$, state$, session$), as a chat view holds them while idle.
import { firstValueFrom } from 'rxjs';
import WebSocket from 'ws';
import { connect } from 'rxjs-text-stream';

const [kind, url, countArg] = process.argv.slice(2);
const count = Number(countArg);
const measure = () => {
  globalThis.gc();
  globalThis.gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
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
const before = measure();
for (let opened = 0; opened < count; opened += 100) {
  await Promise.all(Array.from({ length: Math.min(100, count - opened) }, () => open[kind]()));
}
const after = measure();
process.stdout.write(
  `${JSON.stringify({
    kind,
    count,
    before: before.rss,
    after: after.rss,
    bytesPerConnection: Math.round((after.rss - before.rss) / count),
    heapPerConnection: Math.round((after.heapUsed - before.heapUsed) / count),
  })}\n`,
);
process.exit(0);
