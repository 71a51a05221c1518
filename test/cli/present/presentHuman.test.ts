import { of } from 'rxjs';
import { presentHuman, type HumanOutput } from '../../../src/cli/present/presentHuman';
import { CloseError } from '../../../src/protocol/CloseError';
import type { Turn } from '../../../src/protocol/Turn';
import { streams, toolCalls } from './streams';

const session = (conversation: string) =>
  ({ type: 'session_started', session_id: 's', conversation_id: conversation }) as const;
const turn = (complete: boolean): Turn => ({
  index: 1,
  messages: [],
  text: '',
  toolCalls: [],
  errors: [],
  duplicate: false,
  complete,
  spansReconnect: false,
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
});

/** What presentHuman writes, lines and notes in order, and the typing indicator's changes. */
function present(given: Parameters<typeof streams>[0], terminal = false): string[] {
  const written: string[] = [];
  const out: HumanOutput = {
    line: (text) => written.push(text),
    note: (text) => written.push(`(${text})`),
    ...(terminal
      ? {
          terminal: {
            typing: (on: boolean) => written.push(`[typing ${on}]`),
            waiting: (text: string | null) => written.push(`[waiting ${text}]`),
          },
        }
      : {}),
  };
  presentHuman(streams(given), out).unsubscribe();
  return written;
}

describe('presentHuman', () => {
  it('notes the first session_started as connected and every later one as reconnected', () => {
    expect(present({ session$: of(session('conv_1'), session('conv_1')) })).toEqual([
      '(connected: conversation conv_1)',
      '(reconnected: conversation conv_1)',
    ]);
  });

  it('echoes what was sent when piped, never a resend, and nothing on a terminal (the prompt shows it)', () => {
    const sent$ = of(
      { text: 'Hi', clientMessageId: 'm1', resend: false },
      { text: 'Hi', clientMessageId: 'm1', resend: true },
    );
    expect(present({ sent$ })).toEqual(['you: Hi']);
    expect(present({ sent$ }, true)).toEqual([]);
  });

  it('on a terminal, says why a message waits for a greeting until the message goes out; piped, says nothing', () => {
    const notices$ = of({ kind: 'awaiting-greeting', timeoutMs: 2500 } as const);
    const sent$ = of({ text: 'Hi', clientMessageId: 'm1', resend: false });
    const wait =
      "[waiting waiting up to 2.5 s for the agent's greeting; --greeting-timeout 0 if it never greets]";
    expect(present({ notices$, sent$ }, true)).toEqual([wait, '[waiting null]']);
    expect(present({ notices$, sent$ })).toEqual(['you: Hi']);
  });

  it('leaves the greeting-wait line to the typing indicator, and drops it for a tool call', () => {
    const notices$ = of({ kind: 'awaiting-greeting', timeoutMs: 5000 } as const);
    // The greeting started: the indicator takes the line's place.
    expect(present({ notices$, typing$: of(true) }, true).slice(1)).toEqual(['[typing true]']);
    expect(
      present({ notices$, toolCalls$: of(toolCalls.completed, toolCalls.incomplete) }, true),
    ).toEqual([
      expect.stringMatching(/^\[waiting waiting up to 5 s/),
      '[waiting null]',
      '  tool lookup {"day":"Tue"} -> none FAILED',
      '  tool book {"day":"Tue"} -> (no result)',
    ]);
  });

  it('renders a failed, an orphaned and an unfinished tool call as such', () => {
    expect(
      present({
        toolCalls$: of(toolCalls.completed, toolCalls.orphaned, toolCalls.incomplete),
      }),
    ).toEqual([
      '  tool lookup {"day":"Tue"} -> none FAILED',
      '  tool lookup ? -> 3 slots ok',
      '  tool book {"day":"Tue"} -> (no result)',
    ]);
  });

  it('prints error frames, a cut-off turn, dropped frames and the end of the session', () => {
    expect(
      present({
        errors$: of({ type: 'error', message: 'tool timed out' } as const),
        turns$: of(turn(true), turn(false)),
        diagnostics$: of({ kind: 'invalid-json', message: 'not JSON', preview: '{' } as const),
        ended$: of({ type: 'session_ended', reason: 'completed' } as const),
      }),
    ).toEqual([
      '  ! tool timed out',
      '  (the turn was cut off)',
      '(dropped a frame: not JSON)',
      'session ended: completed',
    ]);
  });

  it('turns the typing indicator on and off on a terminal, and off for each message and turn', () => {
    expect(
      present(
        {
          typing$: of(true, false),
          messages$: of({ type: 'message', role: 'agent', text: 'Hello' } as const),
          turns$: of(turn(true)),
        },
        true,
      ),
    ).toEqual([
      '[typing true]',
      '[typing false]',
      '[typing false]',
      'agent: Hello',
      '[typing false]',
    ]);
  });

  it('says why the connection was lost, when it retries and which attempt it is', () => {
    expect(
      present({
        reconnects$: of(
          { attempt: 2, maxAttempts: 10, delayMs: 1250, cause: new CloseError(1011, '') },
          { attempt: 3, maxAttempts: 10, delayMs: undefined, cause: new CloseError(1006, '') },
        ),
      }),
    ).toEqual([
      expect.stringMatching(
        /^\(connection lost \(socket closed with code 1011.*\); reconnecting in 1\.3 s, attempt 2 of 10\)$/,
      ),
      expect.stringMatching(
        /^\(connection lost \(socket closed with code 1006.*\); reconnecting, attempt 3 of 10\)$/,
      ),
    ]);
  });
});
