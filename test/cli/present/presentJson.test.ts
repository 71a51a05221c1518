import { of } from 'rxjs';
import { presentJson } from '../../../src/cli/present/presentJson';
import { CloseError } from '../../../src/protocol/CloseError';
import { streams, toolCalls } from './streams';

function present(given: Parameters<typeof streams>[0]): unknown[] {
  const lines: string[] = [];
  presentJson(streams(given), (line) => lines.push(line)).unsubscribe();
  return lines.map((line) => JSON.parse(line) as unknown);
}

describe('presentJson', () => {
  it('writes sent messages with their resend flag', () => {
    expect(
      present({
        sent$: of(
          { text: 'Hi', clientMessageId: 'm1', resend: false },
          { text: 'Hi', clientMessageId: 'm1', resend: true },
        ),
      }),
    ).toEqual([
      { event: 'sent', text: 'Hi', resend: false },
      { event: 'sent', text: 'Hi', resend: true },
    ]);
  });

  it("writes a tool call's parent only when it has one", () => {
    expect(present({ toolCalls$: of(toolCalls.completed, toolCalls.orphaned) })).toEqual([
      {
        event: 'toolCall',
        callId: 'tc_1',
        toolName: 'lookup',
        status: 'completed',
        input: { day: 'Tue' },
        result: 'none',
        succeeded: false,
      },
      {
        event: 'toolCall',
        callId: 'tc_2',
        toolName: 'lookup',
        status: 'orphaned',
        input: null,
        result: '3 slots',
        succeeded: true,
        parentCallId: 'tc_0',
      },
    ]);
  });

  it('writes errors, diagnostics (with the frame type when known) and the state', () => {
    expect(
      present({
        state$: of('open' as const),
        errors$: of({ type: 'error', message: 'tool timed out' } as const),
        diagnostics$: of(
          { kind: 'invalid-json', message: 'not JSON', preview: '{' } as const,
          { kind: 'invalid-frame', message: 'bad', frameType: 'message', preview: '{}' } as const,
        ),
      }),
    ).toEqual([
      { event: 'state', state: 'open' },
      { event: 'error', message: 'tool timed out' },
      { event: 'diagnostic', kind: 'invalid-json', message: 'not JSON' },
      { event: 'diagnostic', kind: 'invalid-frame', message: 'bad', frameType: 'message' },
    ]);
  });

  it('writes reconnects with their delay when known and the cause in words', () => {
    expect(
      present({
        reconnects$: of(
          { attempt: 1, maxAttempts: 10, delayMs: 500, cause: new CloseError(1011, '') },
          { attempt: 2, maxAttempts: 10, delayMs: undefined, cause: new CloseError(1011, '') },
        ),
      }),
    ).toEqual([
      {
        event: 'reconnect',
        attempt: 1,
        maxAttempts: 10,
        delayMs: 500,
        cause: new CloseError(1011, '').message,
      },
      { event: 'reconnect', attempt: 2, maxAttempts: 10, cause: new CloseError(1011, '').message },
    ]);
  });
});
