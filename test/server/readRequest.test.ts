import { readRequest } from '../../src/server/readRequest';

describe("reading a connection's request", () => {
  it('takes the second subprotocol as the token only after a first one named auth', () => {
    const read = (protocols: string[], url = '/agent/text-stream') =>
      readRequest({ url, protocols }, 0, undefined);
    expect(
      [
        read(['auth', 'secret']),
        read(['bearer', 'secret']),
        read([], '/agent/text-stream?token=secret'),
        read([]),
      ].map(({ offeredToken, record }) => [offeredToken, record.auth]),
    ).toEqual([
      ['secret', 'subprotocol'],
      [undefined, 'none'],
      ['secret', 'query'],
      [undefined, 'none'],
    ]);
  });

  it('records the request with the token masked, as not yet resumed and open', () => {
    const fault = { kind: 'stall' } as const;
    const { record, toolEvents } = readRequest(
      {
        url: '/agent/text-stream?token=secret&conversation_id=conv_1&tool_events=true',
        protocols: [],
      },
      3,
      fault,
    );
    expect(toolEvents).toBe(true);
    expect(record).toEqual({
      index: 3,
      path: '/agent/text-stream',
      query: { token: '***', conversation_id: 'conv_1', tool_events: 'true' },
      auth: 'query',
      fault,
      requestedConversationId: 'conv_1',
      conversationId: undefined,
      resumed: false,
      received: [],
      messages: [],
      framesSent: 0,
      open: true,
      closeCode: undefined,
      closedBy: undefined,
    });
  });
});
