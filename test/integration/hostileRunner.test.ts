import { lastValueFrom, toArray } from 'rxjs';
import {
  runConversations,
  type ConversationEvent,
  type RunConversationsOptions,
  type RunEvent,
  type TurnEvent,
} from '../../src/index';
import { frames } from '../../src/testing/frames';
import { rawServer, type RawConnection } from '../support/rawServer';

// The runner against servers scripted frame by frame: what a hostile, buggy
// or merely unusual agent does mid-run, and what the run's events say of it.

type Frame = Record<string, unknown>;

/** What a {@link scriptedAgent} is told of each user message. */
interface Heard {
  readonly connection: RawConnection;
  readonly text: string;
  readonly clientMessageId: string | undefined;
  /** This connection's user messages so far, this one included. */
  readonly count: number;
  readonly send: (...out: Frame[]) => void;
}

/**
 * A server that starts every session (resuming the `conversation_id` asked
 * for, else a fresh one) and leaves each user message to `onMessage`.
 */
async function scriptedAgent(
  onMessage: (heard: Heard) => void,
  onConnection: (connection: RawConnection, send: (...out: Frame[]) => void) => boolean = () =>
    true,
) {
  let conversations = 0;
  const closes: number[] = [];
  const server = await rawServer((connection) => {
    const send = (...out: Frame[]) => {
      for (const frame of out) connection.socket.send(JSON.stringify(frame));
    };
    connection.socket.on('close', (code) => closes.push(code));
    if (!onConnection(connection, send)) return;
    const resumed = connection.url.searchParams.get('conversation_id');
    send(frames.sessionStarted(resumed ?? `conv_${(conversations += 1)}`));
    let count = 0;
    connection.socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as {
        type?: string;
        text?: string;
        client_message_id?: string;
      };
      if (frame.type === 'stop') {
        send(frames.sessionEnded('stopped'));
        connection.socket.close(1000);
        return;
      }
      count += 1;
      onMessage({
        connection,
        text: frame.text ?? '',
        clientMessageId: frame.client_message_id,
        count,
        send,
      });
    });
  });
  return { ...server, closes };
}

const answer = (text: string): Frame[] => [
  frames.typing(),
  frames.message(text),
  frames.responseComplete(),
];

async function run(
  url: string,
  scripts: unknown[],
  options: Partial<RunConversationsOptions> = {},
) {
  return lastValueFrom(
    runConversations(scripts, {
      url,
      greetingTimeoutMs: false,
      reconnect: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 },
      ...options,
    }).pipe(toArray()),
  );
}

const turnsOf = (events: RunEvent[], id: string) =>
  events.filter((event): event is TurnEvent => event.type === 'turn' && event.id === id);
const conversationOf = (events: RunEvent[], id: string) =>
  events.find(
    (event): event is ConversationEvent => event.type === 'conversation' && event.id === id,
  );

describe('the runner against a server that drops mid-turn', () => {
  // Each point of a turn where the first socket dies; the resume resends the
  // message (same client_message_id) and the server answers it in full.
  it.each<[string, Frame[]]>([
    ['before typing', []],
    ['after typing', [frames.typing()]],
    ['after tool_call_started', [frames.typing(), frames.toolCallStarted('lookup', 'tc_1', {})]],
    [
      'after the message, before response_complete',
      [frames.typing(), frames.message('half an answer')],
    ],
  ])('a drop %s: the turn comes out once, the reconnect counted', async (_label, before) => {
    const ids: (string | undefined)[] = [];
    const server = await scriptedAgent((heard) => {
      ids.push(heard.clientMessageId);
      if (heard.connection.index === 0 && heard.text === 'second') {
        heard.send(...before);
        heard.connection.socket.terminate();
        return;
      }
      heard.send(
        frames.typing(),
        // The same call replayed under its first id, as a platform re-running the turn would.
        frames.toolCallStarted('lookup', 'tc_1', {}),
        frames.toolCallCompleted('lookup', 'tc_1', '{}'),
        frames.message(`answer to ${heard.text}`),
        frames.responseComplete(),
      );
    });
    const events = await run(server.url, [{ id: 'c', turns: ['first', 'second', 'third'] }]);
    const turns = turnsOf(events, 'c');
    expect(turns.map((turn) => [turn.index, turn.ok])).toEqual([
      [0, true],
      [1, true],
      [2, true],
    ]);
    const cut = turns[1] as TurnEvent;
    // What the dead socket gave stays (docs/session.md, "Drops and the one
    // resend"); the resend's full answer comes after it.
    expect(cut.text).toMatch(/answer to second$/);
    // The replayed call's success is there (a start the drop cut, were it
    // listed, would say status 'incomplete', not read as a failure).
    expect(cut.toolCalls).toContainEqual({ name: 'lookup', succeeded: true, status: 'completed' });
    expect(turns[2]?.text).toBe('answer to third');
    expect(cut.timing.reconnects).toBe(1);
    expect(cut.timing.resentAt).toEqual(expect.any(Number));
    // Latency runs from the first write, across the drop, to the answer.
    expect(cut.latencyMs).toBe(cut.timing.completedAt - (cut.timing.sentAt as number));
    expect(cut.timing.sentAt as number).toBeLessThanOrEqual(cut.timing.resentAt as number);
    expect(cut.timing.resentAt as number).toBeLessThanOrEqual(cut.timing.completedAt);
    expect(turns[2]?.timing.reconnects).toBe(0);
    // The resend reused the message's client_message_id.
    expect(ids[1]).toBeDefined();
    expect(ids[2]).toBe(ids[1]);
    expect(conversationOf(events, 'c')).toMatchObject({
      ok: true,
      turns: 3,
      reconnects: 1,
      conversationId: 'conv_1',
    });
    expect(events.at(-1)).toMatchObject({ type: 'summary', ok: 1, reconnects: 1, turns: 3 });
  });

  it('a server that suppresses the repeat (duplicate: true) still gives one turn with the first answer', async () => {
    const server = await scriptedAgent((heard) => {
      if (heard.connection.index === 0 && heard.text === 'second') {
        heard.send(frames.typing(), frames.message('the only answer'));
        heard.connection.socket.terminate();
        return;
      }
      if (heard.connection.index === 1 && heard.text === 'second')
        return heard.send(frames.responseComplete(true));
      heard.send(...answer(`answer to ${heard.text}`));
    });
    const events = await run(server.url, [{ id: 'c', turns: ['first', 'second', 'third'] }]);
    const turns = turnsOf(events, 'c');
    expect(turns.map((turn) => [turn.index, turn.complete, turn.ok])).toEqual([
      [0, true, true],
      [1, true, true],
      [2, true, true],
    ]);
    expect(conversationOf(events, 'c')).toMatchObject({ ok: true, turns: 3, reconnects: 1 });
  });
});

describe('the runner against a server that misbehaves between and within turns', () => {
  it('ignores stray frames (a lone response_complete, an orphan tool completion, unknown types, pings): each turn once, in order', async () => {
    const server = await scriptedAgent((heard) => {
      heard.send(
        { type: 'surprise', payload: { deep: [1, 2, 3] } },
        frames.ping(),
        frames.toolCallCompleted('ghost', 'tc_ghost', 'boo'),
        frames.typing(),
        frames.ping(),
        frames.message(`answer to ${heard.text}`),
        frames.responseComplete(),
        // Left over after the answer: a second completion and a ping.
        frames.responseComplete(),
        frames.ping(),
        { type: 'future_frame' },
      );
    });
    const events = await run(server.url, [
      { id: 'a', turns: ['one', 'two', 'three'] },
      { id: 'b', turns: ['uno', 'dos'] },
    ]);
    expect(turnsOf(events, 'a').map((turn) => [turn.index, turn.text])).toEqual([
      [0, 'answer to one'],
      [1, 'answer to two'],
      [2, 'answer to three'],
    ]);
    expect(turnsOf(events, 'b').map((turn) => turn.text)).toEqual([
      'answer to uno',
      'answer to dos',
    ]);
    expect(events.at(-1)).toMatchObject({ conversations: 2, ok: 2, turns: 5, reconnects: 0 });
  });

  it('takes a tool input nested 200 000 deep and a 900 KB message in its stride: events stay JSON', async () => {
    const depth = 200_000;
    const deep = `{"type":"tool_call_started","tool_name":"deep","call_id":"tc_d","input":{"x":${'['.repeat(depth)}${']'.repeat(depth)}},"parent_call_id":${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}}`;
    const big = 'y'.repeat(900_000);
    const server = await scriptedAgent((heard) => {
      heard.connection.socket.send(deep);
      heard.send(
        frames.toolCallCompleted('deep', 'tc_d', '{}'),
        frames.error('e'.repeat(50_000)),
        frames.message(big),
        frames.responseComplete(),
      );
    });
    const events = await run(server.url, [
      { id: 'deep', turns: [{ text: 'go', expect: { toolCalls: ['deep'], noErrors: false } }] },
      { id: 'strict', turns: ['go'] },
    ]);
    const [turn] = turnsOf(events, 'deep');
    expect(turn).toMatchObject({ ok: true, toolCalls: [{ name: 'deep', succeeded: true }] });
    expect(turn?.text).toHaveLength(900_000);
    // The default error expectation fails 'strict', with one readable line.
    const strict = conversationOf(events, 'strict');
    expect(strict).toMatchObject({ ok: false, error: { reason: 'expectation' } });
    // Every event is one NDJSON line, as the CLI writes it.
    for (const event of events) expect(() => JSON.stringify(event)).not.toThrow();
  });

  it('fails a conversation whose server sends session_ended mid-script as ended-early; the others go on', async () => {
    const server = await scriptedAgent((heard) => {
      heard.send(...answer(`answer to ${heard.text}`));
      if (heard.text === 'bye now') {
        heard.send(frames.sessionEnded('escalated'));
        heard.connection.socket.close(1000);
      }
    });
    const events = await run(
      server.url,
      [
        { id: 'early', turns: ['hello', 'bye now', 'are you there?', 'hello?'] },
        { id: 'fine', turns: ['hello', 'again'] },
      ],
      { concurrency: 2 },
    );
    expect(turnsOf(events, 'early').map((turn) => turn.index)).toEqual([0, 1]);
    expect(conversationOf(events, 'early')).toMatchObject({
      ok: false,
      turns: 2,
      error: { reason: 'ended-early', retryable: false, endReason: 'escalated' },
    });
    expect(conversationOf(events, 'fine')).toMatchObject({ ok: true, turns: 2 });
    expect(events.at(-1)).toMatchObject({ ok: 1, failed: 1, failures: { 'ended-early': 1 } });
  });

  it('fails a conversation resumed into another conversation (retryable error), and goes on', async () => {
    const server = await scriptedAgent(
      (heard) => {
        if (heard.connection.index === 0 && heard.text === 'second') {
          heard.connection.socket.terminate();
          return;
        }
        heard.send(...answer(`answer to ${heard.text}`));
      },
      (connection, send) => {
        // The resume is answered with a conversation nobody asked for.
        if (connection.url.searchParams.has('conversation_id')) {
          send(frames.sessionStarted('conv_someone_else'));
          connection.socket.on('message', (data) => {
            if ((JSON.parse(String(data)) as { type?: string }).type === 'stop')
              connection.socket.close(1000);
          });
          return false;
        }
        return true;
      },
    );
    const events = await run(server.url, [{ id: 'moved', turns: ['first', 'second', 'third'] }]);
    expect(turnsOf(events, 'moved').map((turn) => turn.index)).toEqual([0]);
    expect(conversationOf(events, 'moved')).toMatchObject({
      ok: false,
      turns: 1,
      reconnects: 1,
      error: { reason: 'error', retryable: true, turn: 1 },
    });
    // The message of the old conversation was never written into the new one.
    expect(server.connections).toHaveLength(2);
  });

  it('times out a turn the server only pings through (turn-timeout); the other conversations are unaffected', async () => {
    const pingers = new Set<ReturnType<typeof setInterval>>();
    const server = await scriptedAgent((heard) => {
      if (heard.text === 'stuck') {
        heard.send(frames.typing());
        const pinger = setInterval(() => heard.send(frames.ping()), 10);
        pingers.add(pinger);
        heard.connection.socket.on('close', () => {
          clearInterval(pinger);
          pingers.delete(pinger);
        });
        return;
      }
      heard.send(...answer(`answer to ${heard.text}`));
    });
    try {
      const events = await run(
        server.url,
        [
          { id: 'stuck', turns: ['hello', 'stuck', 'never sent'] },
          ...Array.from({ length: 5 }, (_, i) => ({ id: `ok${i}`, turns: ['a', 'b'] })),
        ],
        { concurrency: 6, turnTimeoutMs: 300 },
      );
      expect(conversationOf(events, 'stuck')).toMatchObject({
        ok: false,
        turns: 1,
        error: { reason: 'turn-timeout', retryable: true, turn: 1 },
      });
      expect(turnsOf(events, 'stuck').map((turn) => turn.index)).toEqual([0]);
      expect(events.at(-1)).toMatchObject({
        conversations: 6,
        ok: 5,
        failed: 1,
        failures: { 'turn-timeout': 1 },
      });
      // 'never sent' never was.
      expect(server.connections.length).toBeGreaterThanOrEqual(6);
    } finally {
      for (const pinger of pingers) clearInterval(pinger);
    }
  });

  it('an unset greets against a server that never greets: the wait is not counted in any latency', async () => {
    const server = await scriptedAgent((heard) => heard.send(...answer('hi')));
    const events = await run(server.url, [{ id: 'quiet', turns: ['hello'] }], {
      greetingTimeoutMs: 150,
    });
    const [turn] = turnsOf(events, 'quiet');
    const conversation = conversationOf(events, 'quiet') as ConversationEvent;
    expect(conversation).toMatchObject({ ok: true, turns: 1 });
    // The message waited out the greeting window before it was written...
    expect((turn?.timing.sentAt as number) - conversation.startedAt).toBeGreaterThanOrEqual(150);
    // ...and its latency starts from that write.
    expect(turn?.latencyMs).toBe(
      (turn?.timing.completedAt as number) - (turn?.timing.sentAt as number),
    );
    expect(turn?.latencyMs).toBeLessThan(150);
  });
});

describe('unsubscribing from a run', () => {
  it('closes every socket at once: the server sees each one closed, and no more connect', async () => {
    let onHeard = (): void => undefined;
    let heard = 0;
    // Answers nothing: every conversation stays in flight.
    const server = await scriptedAgent(() => {
      heard += 1;
      onHeard();
    });
    const allHeard = new Promise<void>((resolve) => (onHeard = () => heard === 12 && resolve()));
    const scripts = Array.from({ length: 100 }, (_, i) => ({ id: `c${i}`, turns: ['hi'] }));
    const subscription = runConversations(scripts, {
      url: server.url,
      greetingTimeoutMs: false,
      concurrency: 12,
    }).subscribe();
    await allHeard;
    const closed = new Promise<void>((resolve) => {
      for (const { socket } of server.connections)
        socket.once('close', () => {
          if (server.closes.length === 12) resolve();
        });
    });
    subscription.unsubscribe();
    await closed;
    expect(server.closes).toEqual(Array(12).fill(1000));
    expect(server.connections).toHaveLength(12);
  });
});
