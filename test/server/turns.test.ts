import { createTestServer } from '../../src/testing/createTestServer';
import { rawClient, typeOf, types } from '../support/rawClient';
import { virtualClock } from '../support/virtualClock';

const answerTo = (text: string) => ({
  type: 'message',
  role: 'agent',
  text: expect.stringMatching(new RegExp(`^You said "${text}"`)),
});

describe('a greeting after greetingDelayMs', () => {
  const greetingDelayMs = 300;
  // The server's timers on a virtual clock: "not before greetingDelayMs" is
  // checked by order, not by reading a wall clock a loaded machine can skew.
  const clock = virtualClock();
  const server = createTestServer({
    pingIntervalMs: false,
    greetingDelayMs,
    scheduler: clock.scheduler,
  });

  it('starts that long after session_started, open all along: a message meanwhile waits behind it', async () => {
    const client = await rawClient(server.url);
    client.send({ text: 'early', client_message_id: 'm1' });
    await server.received(1);
    clock.advance(greetingDelayMs - 1);
    // The server answers an unreadable frame at once, so anything it wrote
    // before (a greeting started too early) would be read first.
    client.send('not json');
    expect({ 'frames before greetingDelayMs': await client.readUntil('error') }).toEqual({
      'frames before greetingDelayMs': [
        { type: 'error', message: 'could not parse client frame: "not json"' },
      ],
    });
    clock.advance(1);
    const greeting = await client.readUntil('response_complete');
    expect(greeting).toEqual([
      { type: 'typing' },
      { type: 'message', role: 'agent', text: expect.stringMatching(/^Hello!/) },
      { type: 'response_complete', duplicate: false },
    ]);
    expect((await client.readUntil('response_complete'))[1]).toEqual(answerTo('early'));
    expect(server.messages()).toEqual([
      { text: 'early', clientMessageId: 'm1', midTurn: true, resend: false },
    ]);
  });
});

describe('greet: false', () => {
  const server = createTestServer({ pingIntervalMs: false, greet: false });

  it('opens a new conversation without a greeting', async () => {
    const client = await rawClient(server.url);
    client.send({ text: 'first' });
    expect(await client.readUntil('response_complete')).toEqual([
      { type: 'typing' },
      answerTo('first'),
      { type: 'response_complete', duplicate: false },
    ]);
    expect(server.messages()[0]).toMatchObject({ midTurn: false });
  });
});

describe('a message while an answer is being written (frameDelayMs)', () => {
  describe("queued and answered after it (midTurnMessage: 'queue', the default)", () => {
    const server = createTestServer({ pingIntervalMs: false, greet: false, frameDelayMs: 50 });

    it('is recorded midTurn and answered once the open turn is over', async () => {
      const client = await rawClient(server.url);
      client.send({ text: 'one' });
      await client.readUntil('typing');
      client.send({ text: 'two' });
      await server.received(2);
      expect(await client.readUntil('response_complete')).toEqual([
        answerTo('one'),
        { type: 'response_complete', duplicate: false },
      ]);
      expect(await client.readUntil('response_complete')).toEqual([
        { type: 'typing' },
        answerTo('two'),
        { type: 'response_complete', duplicate: false },
      ]);
      expect(server.messages().map(({ text, midTurn }) => [text, midTurn])).toEqual([
        ['one', false],
        ['two', true],
      ]);
    });
  });

  describe("rejected with an error frame (midTurnMessage: 'reject')", () => {
    const server = createTestServer({
      pingIntervalMs: false,
      greet: false,
      frameDelayMs: 50,
      midTurnMessage: 'reject',
    });

    it('is recorded midTurn and never answered', async () => {
      const client = await rawClient(server.url);
      client.send({ text: 'one' });
      await client.readUntil('typing');
      client.send({ text: 'two', client_message_id: 'm2' });
      const rest = await client.readUntil('response_complete');
      expect(rest).toContainEqual({
        type: 'error',
        message: expect.stringMatching(/not processed/),
      });
      // A rejected id was not taken: sending it again is answered in full.
      client.send({ text: 'two', client_message_id: 'm2' });
      expect((await client.readUntil('response_complete'))[1]).toEqual(answerTo('two'));
      expect(server.messages().map(({ midTurn, resend }) => [midTurn, resend])).toEqual([
        [false, false],
        [true, false],
        [false, false],
      ]);
    });
  });
});

describe('turn faults', () => {
  const server = createTestServer({ pingIntervalMs: 20, greet: false });

  it("answers with exactly the 'answer' fault's frames, e.g. an error and no response_complete", async () => {
    server.inject({ kind: 'answer', frames: [{ type: 'error', message: 'agent crashed' }] });
    const client = await rawClient(server.url);
    client.send({ text: 'one' });
    expect(await client.readUntil('error')).toEqual([{ type: 'error', message: 'agent crashed' }]);
    // The scripted turn is over once written: the next message is not mid-turn.
    client.send({ text: 'two' });
    await client.readUntil('error');
    expect(server.messages().map(({ midTurn }) => midTurn)).toEqual([false, false]);
  });

  it("never completes a turn under the 'stall' fault, while pings go on", async () => {
    server.inject({ kind: 'stall' });
    const client = await rawClient(server.url);
    client.send({ text: 'one' });
    expect(await client.readUntil('typing')).toEqual([{ type: 'typing' }]);
    client.send({ text: 'two' });
    await server.received(2);
    for (let pings = 0; pings < 3; pings += 1) await client.readUntil('ping');
    expect(client.frames.filter((frame) => typeOf(frame) !== 'ping')).toEqual([
      expect.objectContaining({ type: 'session_started' }),
      { type: 'typing' },
    ]);
    expect(server.messages().map(({ midTurn }) => midTurn)).toEqual([false, true]);
  });
});

describe('push: frames at any point', () => {
  const server = createTestServer({ pingIntervalMs: false, greet: false });

  it('writes stray frames, raw text included, outside any turn', async () => {
    const client = await rawClient(server.url);
    expect(
      server.push(
        0,
        { type: 'error', message: 'lone error' },
        { type: 'typing' },
        { type: 'response_complete', duplicate: false },
        'not json',
      ),
    ).toBe(true);
    expect(await client.readUntil('response_complete')).toEqual([
      { type: 'error', message: 'lone error' },
      { type: 'typing' },
      { type: 'response_complete', duplicate: false },
    ]);
    client.send({ text: 'hi' });
    expect(types(await client.readUntil('response_complete'))).toEqual([
      undefined,
      'typing',
      'message',
      'response_complete',
    ]);
    expect(client.frames).toContain('not json');
    expect(server.push(5, { type: 'typing' })).toBe(false);
  });
});
