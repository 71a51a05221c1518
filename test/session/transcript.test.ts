import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { connect, type Transcript, type TranscriptEntry } from '../../src/index';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';
import { frames } from '../../src/testing/frames';
import { updateTranscript } from '../../src/session/updateTranscript';

/** One line per entry, so a whole transcript fits in a marble value. */
const line = (entry: TranscriptEntry): string => {
  switch (entry.kind) {
    case 'user':
      return `you(${entry.id}) ${entry.text} [${entry.status}${entry.resent ? ', resent' : ''}]`;
    case 'agent':
      return `agent#${entry.turn.index}${entry.answers === undefined ? '' : `>${entry.answers}`} ${entry.turn.text} [${entry.live ? 'live' : entry.turn.complete ? 'done' : 'cut'}${entry.turn.toolCalls.length > 0 ? `, ${entry.turn.toolCalls.length} tool` : ''}]`;
    case 'notice':
      return `notice ${entry.notice.kind}`;
  }
};
const lines = (transcript: Transcript) => transcript.map(line);
const latest = (chat: { transcript$: import('rxjs').Observable<Transcript> }): Transcript => {
  let seen: Transcript = [];
  chat.transcript$.subscribe((transcript) => (seen = transcript)).unsubscribe();
  return seen;
};

describe('transcript$', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('records a greeting, a message with its tool call, a drop and the resumed answer', () => {
    scheduler.run(({ expectObservable }) => {
      const { WebSocketCtor, sockets } = fakeWebSockets();
      const chat = connect({
        url: 'wss://agent.test/agent/text-stream',
        WebSocketCtor,
        scheduler,
        random: () => 0,
        greetingTimeoutMs: 5,
        reconnect: { initialDelayMs: 2, maxDelayMs: 2 },
        clientMessageId: () => 'm',
      });
      const socket = (i: number) => sockets[i] as NonNullable<(typeof sockets)[number]>;
      const at = (ms: number, act: () => void) => scheduler.schedule(act, ms);
      at(10, () => {
        socket(0).open();
        socket(0).receive(frames.sessionStarted('c'));
        socket(0).receive(frames.typing());
      });
      at(20, () => {
        socket(0).receive(frames.message('Hello!'));
        socket(0).receive(frames.responseComplete());
      });
      at(30, () => void chat.send('book it').subscribe());
      at(40, () => {
        socket(0).receive(frames.typing());
        socket(0).receive(frames.toolCallStarted('book', 't1', { at: 9 }));
        socket(0).receive(frames.toolCallCompleted('book', 't1', 'ok'));
      });
      at(50, () => socket(0).serverClose(1012));
      at(70, () => {
        socket(1).open();
        socket(1).receive(frames.sessionStarted('c'));
      });
      at(80, () => {
        socket(1).receive(frames.message('Booked.'));
        socket(1).receive(frames.responseComplete(true));
      });
      at(90, () => chat.close());

      const greeted = ['agent#0 Hello! [done]'];
      const asked = [...greeted, 'you(1) book it [sent]'];
      const dropped = [...asked, 'agent#1>1  [live, 1 tool]', 'notice reconnecting'];
      const resumed = [
        greeted[0],
        'you(1) book it [sent, resent]',
        'agent#1>1  [live, 1 tool]',
        'notice reconnecting',
        'notice resumed',
      ];
      const answered = (turn: string) => [
        greeted[0],
        'you(1) book it [answered, resent]',
        `agent#1>1 Booked. [${turn}, 1 tool]`,
        'notice reconnecting',
        'notice resumed',
      ];
      // prettier-ignore
      expectObservable(chat.transcript$.pipe(map(lines))).toBe(
        'a 9ms b 9ms (cd) 6ms (ef) 6ms (ghi) 5ms j 19ms (kl) 6ms (mno) 5ms |',
        {
          a: [],
          b: ['agent#0  [live]'],
          c: ['agent#0 Hello! [live]'],
          d: greeted,
          e: [...greeted, 'you(1) book it [queued]'],
          f: asked,
          g: [...asked, 'agent#1>1  [live]'],
          h: [...asked, 'agent#1>1  [live]'],
          i: [...asked, 'agent#1>1  [live, 1 tool]'],
          j: dropped,
          k: [...dropped, 'notice resumed'],
          l: resumed,
          m: [resumed[0], resumed[1], 'agent#1>1 Booked. [live, 1 tool]', ...resumed.slice(3)],
          n: answered('live'),
          o: answered('done'),
        },
      );
      // A late subscriber gets the whole conversation at once.
      at(85, () => expect(lines(latest(chat))).toEqual(answered('done')));
    });
  });
});

describe('updateTranscript', () => {
  it('keeps unchanged entries and updates a message by id, from the end', () => {
    let transcript: Transcript = [];
    transcript = updateTranscript(transcript, {
      type: 'queued',
      id: 1,
      text: 'a',
      clientMessageId: 'x',
    });
    const first = transcript[0];
    transcript = updateTranscript(transcript, {
      type: 'queued',
      id: 2,
      text: 'b',
      clientMessageId: 'y',
    });
    transcript = updateTranscript(transcript, { type: 'failed', id: 2, error: new Error('no') });
    expect(transcript[0]).toBe(first);
    expect(transcript[1]).toMatchObject({ id: 2, status: 'failed', error: new Error('no') });
  });

  it('ignores a change for a message it never saw', () => {
    const transcript: Transcript = [];
    expect(updateTranscript(transcript, { type: 'answered', id: 9 })).toBe(transcript);
  });

  it('leaves answers off a turn that answers no message, so it compares as a plain literal', () => {
    const turn = {
      index: 0,
      messages: [],
      text: '',
      toolCalls: [],
      errors: [],
      duplicate: false,
      spansReconnect: false,
      complete: true,
      truncated: false,
      timing: {
        sentAt: undefined,
        firstFrameAt: 0,
        typingAt: undefined,
        firstMessageAt: undefined,
        completedAt: 0,
        resentAt: undefined,
        reconnects: 0,
      },
    };
    const [greeting] = updateTranscript([], {
      type: 'turn',
      turn,
      live: false,
      answers: undefined,
    });
    expect({ 'keys of a greeting entry': Object.keys(greeting ?? {}) }).toEqual({
      'keys of a greeting entry': ['kind', 'turn', 'live'],
    });
  });

  it('keeps a message marked resent once it was', () => {
    let transcript: Transcript = updateTranscript([], {
      type: 'queued',
      id: 1,
      text: 'a',
      clientMessageId: 'x',
    });
    transcript = updateTranscript(transcript, { type: 'written', id: 1, resend: true });
    transcript = updateTranscript(transcript, { type: 'written', id: 1, resend: false });
    expect(transcript[0]).toMatchObject({ status: 'sent', resent: true });
  });
});
