import { allKindness } from '../../src/server/index';
import { createTestServer } from '../../src/testing/createTestServer';
import { rawClient, types } from '../support/rawClient';

const greeting = expect.stringMatching(/^Hello!/);

describe('resume, as the platform does it (default)', () => {
  const server = createTestServer({ pingIntervalMs: false });

  it('does not greet again nor finish a greeting a drop cut off', async () => {
    // session_started, then typing of the greeting, then the socket is cut.
    server.inject({ kind: 'drop', afterFrames: 2, code: 1011 });
    const first = await rawClient(server.url);
    expect(await first.closed).toBe(1011);
    const conversation_id = first.started.conversation_id;

    const resumed = await rawClient(server.url, { conversation_id });
    expect(resumed.started.conversation_id).toBe(conversation_id);
    resumed.send({ text: 'hi', client_message_id: 'm1' });
    // Had the server greeted, the greeting would come first and 'hi' be mid-turn.
    const turn = await resumed.readUntil('response_complete');
    expect(turn).toEqual([
      { type: 'typing' },
      { type: 'message', role: 'agent', text: expect.stringMatching(/^You said "hi"/) },
      { type: 'response_complete', duplicate: false },
    ]);
    expect(server.connections[1]).toMatchObject({ resumed: true, conversationId: conversation_id });
    expect(server.messages()).toEqual([
      { text: 'hi', clientMessageId: 'm1', midTurn: false, resend: false },
    ]);
  });

  it('leaves a cut answer cut: a new message is answered, not the old one', async () => {
    // session_started, the greeting's three frames, typing of the answer to 'hi', then the cut.
    server.inject({ kind: 'drop', afterFrames: 5 });
    const first = await rawClient(server.url);
    first.send({ text: 'hi' });
    await first.closed;

    const resumed = await rawClient(server.url, {
      conversation_id: first.started.conversation_id,
    });
    resumed.send({ text: 'again' });
    const turn = await resumed.readUntil('response_complete');
    expect(turn[1]).toMatchObject({ text: expect.stringMatching(/^You said "again"/) });
    expect(server.messages().map(({ midTurn, resend }) => [midTurn, resend])).toEqual([
      [false, false],
      [false, false],
    ]);
  });
});

describe('resume with kindness.finishCutTurns', () => {
  const server = createTestServer({ pingIntervalMs: false, kindness: { finishCutTurns: true } });

  it('finishes a cut greeting on resume', async () => {
    server.inject({ kind: 'drop', afterFrames: 2 });
    const first = await rawClient(server.url);
    await first.closed;
    const resumed = await rawClient(server.url, {
      conversation_id: first.started.conversation_id,
    });
    expect(await resumed.readUntil('response_complete')).toEqual([
      { type: 'message', role: 'agent', text: greeting },
      { type: 'response_complete', duplicate: false },
    ]);
  });
});

describe('allKindness', () => {
  it('turns every kindness on', () => {
    expect(allKindness).toEqual({ finishCutTurns: true, dedupeByText: true });
  });
});

describe('a conversation the server does not know', () => {
  describe("treated as new under a new id (default, 'new-id')", () => {
    const server = createTestServer({ pingIntervalMs: false });

    it('names a fresh conversation in session_started and greets', async () => {
      const client = await rawClient(server.url, { conversation_id: 'conv_unknown' });
      expect(client.started.conversation_id).not.toBe('conv_unknown');
      expect(types(await client.readUntil('response_complete'))).toEqual([
        'typing',
        'message',
        'response_complete',
      ]);
      expect(server.connections[0]).toMatchObject({
        requestedConversationId: 'conv_unknown',
        conversationId: client.started.conversation_id,
        resumed: false,
      });
    });
  });

  describe("treated as new under the id asked for ('same-id')", () => {
    const server = createTestServer({ pingIntervalMs: false, unknownConversation: 'same-id' });

    it('keeps the id and greets', async () => {
      const client = await rawClient(server.url, { conversation_id: 'conv_unknown' });
      expect(client.started.conversation_id).toBe('conv_unknown');
      expect(await client.readUntil('message')).toEqual([
        { type: 'typing' },
        { type: 'message', role: 'agent', text: greeting },
      ]);
      expect(server.connections[0]).toMatchObject({ resumed: false });
    });
  });
});

describe('the switch-conversation fault', () => {
  const server = createTestServer({ pingIntervalMs: false });

  it('answers a resume with another conversation, greeted as new', async () => {
    const first = await rawClient(server.url);
    await first.readUntil('response_complete');
    const { conversation_id } = first.started;

    server.inject({ kind: 'switch-conversation' });
    const switched = await rawClient(server.url, { conversation_id });
    expect(switched.started.conversation_id).not.toBe(conversation_id);
    expect(await switched.readUntil('message')).toEqual([
      { type: 'typing' },
      { type: 'message', role: 'agent', text: greeting },
    ]);
    expect(server.connections[1]).toMatchObject({
      requestedConversationId: conversation_id,
      conversationId: switched.started.conversation_id,
      resumed: false,
    });

    // The requested conversation is still there to resume.
    const back = await rawClient(server.url, { conversation_id });
    expect(back.started.conversation_id).toBe(conversation_id);
    expect(server.connections[2]).toMatchObject({ resumed: true });
  });
});

describe('faults placed by frame count', () => {
  const server = createTestServer({ pingIntervalMs: 5, greet: false });

  it('does not count pings toward afterFrames, so a drop lands where the test put it', async () => {
    // session_started, then the answer's typing: the cut comes right after it,
    // however many pings went out before the message was sent.
    server.inject({ kind: 'drop', afterFrames: 2, code: 1011 });
    const client = await rawClient(server.url);
    await client.readUntil('ping');
    await client.readUntil('ping');
    await client.readUntil('ping');
    client.send({ text: 'hi' });
    expect(await client.closed).toBe(1011);
    const conversation = client.frames.filter((frame) => types([frame])[0] !== 'ping');
    expect({ 'frames besides pings before the drop': types(conversation) }).toEqual({
      'frames besides pings before the drop': ['session_started', 'typing'],
    });
  });
});
