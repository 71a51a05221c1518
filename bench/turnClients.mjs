// The clients of the in-process conversation (bench/turns.mjs,
// bench/streams.mjs): each gets the server's answer (typing, one tool-call
// pair, a message, response_complete) fed in-process, with no socket.
//
// Each client: `feed(text)` hands it one frame from the server; `ask()`
// sends the message and resolves with the answer; `callsIn(answer)` counts
// its tool calls; `close()` ends it.
import { lastValueFrom, Subject } from 'rxjs';
import { connect } from 'rxjs-text-stream';
import { fakeWebSockets } from 'rxjs-text-stream/testing';
import { converseAnswer } from './frames.mjs';

const text = 'Can I move my appointment to next Tuesday?';
const ignore = () => undefined;

let calls = 0;
const answer = (turn) => converseAnswer(`tc_${(calls += 1)}`, turn);

/**
 * scale-client.mjs's bare client, copied rather than shared: that one stays
 * the code every recorded scale run measured. `onFrame`, if given, sees
 * every parsed frame first (`subjectClient`): the one difference from that
 * copy, a check per frame.
 */
function rawClient(onFrame) {
  const pending = new Map();
  let answered;
  let turnCalls = 0;
  return {
    feed(data) {
      const frame = JSON.parse(data);
      onFrame?.(frame);
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

/**
 * The bare client passing every frame through `count` plain rxjs `Subject`s,
 * each with one subscriber: what subscriptions cost an app that makes its
 * own streams.
 */
function subjectClient(count = 1) {
  const subjects = Array.from({ length: count }, () => {
    const subject = new Subject();
    subject.subscribe(ignore);
    return subject;
  });
  return rawClient((frame) => {
    for (const subject of subjects) subject.next(frame);
  });
}

// One recording class for every session, as with `ws` (a class per session
// would give each socket its own hidden class, and every property access on
// a socket would miss V8's caches more as N grows: a cost of the fake, not
// of the library).
const { WebSocketCtor, sockets } = fakeWebSockets();
// The fake records every frame sent; a real socket's send is not the library's cost.
const sendNothing = () => undefined;

/** `connect()` over a FakeWebSocket, awaiting `ask()`; a no-op subscriber on each of `streams` (`turns$`...). */
function sessionClient(streams = []) {
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
  for (const name of streams) {
    const stream$ = session[name];
    if (stream$ === undefined) throw new Error(`no stream ${name} on a session`);
    stream$.subscribe({ next: ignore, error: ignore });
  }
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
  let turnCalls = 0;
  session.turns$.subscribe(ignore);
  session.toolCalls$.subscribe(() => (turnCalls += 1));
  session.typing$.subscribe(ignore);
  session.messages$.subscribe(ignore);
  session.state$.subscribe(ignore);
  session.session$.subscribe(ignore);
  return {
    ...client,
    ask: () => lastValueFrom(session.send(text)),
    callsIn: () => {
      const counted = turnCalls;
      turnCalls = 0;
      return counted;
    },
  };
}

/** The clients by kind: `open()` makes one (`open(streams)` a session with `streams` subscribed, `open(count)` a subject client with `count` subjects). */
export const clientKinds = {
  raw: () => rawClient(),
  subjects: subjectClient,
  session: sessionClient,
  'chat-ui': chatUiClient,
};

/** One turn of every client, all at once; resolves with the tool calls they counted. */
export async function playRound(clients, turn) {
  const answers = clients.map((client) => client.ask());
  for (const client of clients) for (const frame of answer(turn)) client.feed(frame);
  const turns = await Promise.all(answers);
  let counted = 0;
  turns.forEach((turnAnswer, index) => (counted += clients[index].callsIn(turnAnswer)));
  return counted;
}
