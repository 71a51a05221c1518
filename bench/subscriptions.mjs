// What each stream a UI subscribes costs a session in heap, and the floor
// rxjs sets: node --expose-gc bench/subscriptions.mjs [SESSIONS]
//
// In-process, over FakeWebSockets (no sockets): SESSIONS open sessions with
// no stream subscribed, then with each stream alone, then with all nine;
// heapUsed after forced GCs, per session. For reference, the same for a
// plain rxjs Subject with one subscriber, and for rxjs's own subscriber
// alone (`subscribe(fn)` on an Observable that keeps nothing): the floor any
// subscription pays. Prints one JSON line.
import { Observable, Subject } from 'rxjs';
import { connect } from 'rxjs-text-stream';
import { fakeWebSockets } from 'rxjs-text-stream/testing';
import { NINE_STREAMS } from './sessions.mjs';

const count = Number(process.argv[2] ?? 2000);
const ignore = () => undefined;
const { WebSocketCtor, sockets } = fakeWebSockets();
const held = [];
const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
/** Heap per item that `make` creates, `count` of them kept. */
const perItem = (make) => {
  const items = [];
  const before = heap();
  for (let i = 0; i < count; i += 1) items.push(make());
  const after = heap();
  held.push(items);
  sockets.length = 0;
  return Math.round((after - before) / count);
};
const session = (subscribed) => () => {
  const opened = connect({
    url: 'ws://bench.invalid/agent/text-stream',
    WebSocketCtor,
    toolEvents: true,
    greetingTimeoutMs: false,
  });
  const socket = sockets[sockets.length - 1];
  socket.open();
  socket.receive({ type: 'session_started', session_id: 'ss', conversation_id: 'conv' });
  for (const name of subscribed) opened[name].subscribe(ignore);
  return opened;
};
const keepsNothing = new Observable(() => undefined);

// Warm-up, so code and shared objects are not counted per session.
perItem(session(NINE_STREAMS));
const none = perItem(session([]));
const each = Object.fromEntries(
  NINE_STREAMS.map((name) => [name, perItem(session([name])) - none]),
);
const all = perItem(session(NINE_STREAMS)) - none;
const subject = perItem(() => new Subject());
const subjectSubscriber = perItem(() => {
  const plain = new Subject();
  plain.subscribe(ignore);
  return plain;
});
const rxjsSubscriber = perItem(() => keepsNothing.subscribe(ignore));
process.stdout.write(
  `${JSON.stringify({
    sessions: count,
    sessionBytes: none,
    streamBytes: each,
    allNineBytes: all,
    plainSubjectSubscriberBytes: subjectSubscriber - subject,
    rxjsSubscriberBytes: rxjsSubscriber,
  })}\n`,
);
process.exit(0);
