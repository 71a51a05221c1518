// What the session benchmarks share: every stream subscribed, and a session
// over an in-process FakeWebSocket.
import { connect } from 'rxjs-text-stream';
import { fakeWebSockets } from 'rxjs-text-stream/testing';

/** The nine streams an app shows (bench/subscriptions.mjs, bench/streams.mjs, idle memory). */
export const NINE_STREAMS = [
  'frames$',
  'messages$',
  'turns$',
  'toolCalls$',
  'typing$',
  'errors$',
  'diagnostics$',
  'state$',
  'session$',
];

/** Subscribes every stream of `session`, as a busy app would; counts turns and tool calls. */
export function subscribeAll(session) {
  const counts = { turns: 0, calls: 0 };
  for (const stream$ of [
    session.frames$,
    session.messages$,
    session.typing$,
    session.errors$,
    session.diagnostics$,
    session.session$,
  ]) {
    stream$.subscribe({ error: () => undefined });
  }
  session.toolCalls$.subscribe({ next: () => (counts.calls += 1), error: () => undefined });
  session.turns$.subscribe({ next: () => (counts.turns += 1), error: () => undefined });
  return counts;
}

/** A session over a FakeWebSocket, open and started; frames are fed with `socket.receive()`. */
export function fakeSession(options = {}) {
  const { WebSocketCtor, sockets } = fakeWebSockets();
  const session = connect({
    url: 'ws://bench.invalid/agent/text-stream',
    WebSocketCtor,
    toolEvents: true,
    conversationId: 'conv_bench',
    ...options,
  });
  const counts = subscribeAll(session);
  const socket = sockets[0];
  socket.open();
  socket.receive({
    type: 'session_started',
    session_id: 'ss_bench',
    conversation_id: 'conv_bench',
  });
  return { session, socket, counts };
}
