import {
  ConversationChangedError,
  SendQueueFullError,
  SessionClosedError,
  TurnTimeoutError,
  type Turn,
} from '../../src/index';

// What an app logs or shows: each error's name, message and fields.
describe("the session's errors", () => {
  const partial: Turn = {
    index: 1,
    messages: [],
    text: '',
    toolCalls: [],
    errors: [],
    duplicate: false,
    complete: false,
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
  };

  it.each([
    [
      new SendQueueFullError(100),
      {
        name: 'SendQueueFullError',
        limit: 100,
        message:
          'send queue is full (100 messages waiting); wait for a turn to complete or raise maxQueuedMessages',
      },
    ],
    [new SessionClosedError(), { name: 'SessionClosedError', message: 'the session is closed' }],
    [
      new SessionClosedError('stopped before it was sent'),
      { name: 'SessionClosedError', message: 'stopped before it was sent' },
    ],
    [
      new TurnTimeoutError(120_000, undefined),
      {
        name: 'TurnTimeoutError',
        timeoutMs: 120_000,
        partial: undefined,
        message: 'no response_complete within 120000 ms; the message may not have been answered',
      },
    ],
    [new TurnTimeoutError(5, partial), { name: 'TurnTimeoutError', timeoutMs: 5, partial }],
    [
      new ConversationChangedError('conv_1', 'conv_2'),
      {
        name: 'ConversationChangedError',
        expected: 'conv_1',
        actual: 'conv_2',
        message:
          'the server resumed conversation conv_2 instead of conv_1; the message was not sent into it',
      },
    ],
  ])('%s', (error, expected) => {
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject(expected);
  });
});
