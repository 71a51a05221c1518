import type { StartReferenceServerOptions } from '../../src/server/index';
import { createTestServer } from '../../src/testing/createTestServer';
import { rawClient, types, type RawClient } from '../support/rawClient';

const duplicateOnly = [{ type: 'response_complete', duplicate: true }];

/**
 * A client whose message (`original`, by default `m1` 'hi') was cut by a drop
 * after `afterFrames` frames (greeting off: 1 is session_started, 2 typing, 3
 * the message), and the resumed connection that sends `resend` (by default
 * the same message with the same id).
 */
async function resendAfterCut(
  server: ReturnType<typeof createTestServer>,
  afterFrames: number,
  resend: object = { text: 'hi', client_message_id: 'm1' },
  original: object = { text: 'hi', client_message_id: 'm1' },
): Promise<RawClient> {
  server.inject({ kind: 'drop', afterFrames });
  const first = await rawClient(server.url);
  first.send(original);
  await first.closed;
  const resumed = await rawClient(server.url, { conversation_id: first.started.conversation_id });
  resumed.send(resend);
  return resumed;
}

describe('idempotent resend by client_message_id (default)', () => {
  const server = createTestServer({ pingIntervalMs: false, greet: false });

  it('answers a repeated id with a duplicate completion only, in either message shape', async () => {
    const client = await rawClient(server.url);
    client.send({ text: 'hi', client_message_id: 'm1', locale: 'en' });
    expect(types(await client.readUntil('response_complete'))).toEqual([
      'typing',
      'message',
      'response_complete',
    ]);
    client.send({ type: 'message', text: 'hi', client_message_id: 'm1' });
    expect(await client.readUntil('response_complete')).toEqual(duplicateOnly);
    expect(server.messages()).toEqual([
      { text: 'hi', clientMessageId: 'm1', midTurn: false, resend: false },
      { text: 'hi', clientMessageId: 'm1', midTurn: false, resend: true },
    ]);
  });

  it.each([
    ['before its message frame', 2],
    ['after its message frame', 3],
  ])('answers again in full a resend whose answer was cut %s', async (_when, afterFrames) => {
    const resumed = await resendAfterCut(server, afterFrames);
    expect(types(await resumed.readUntil('response_complete'))).toEqual([
      'typing',
      'message',
      'response_complete',
    ]);
    expect(server.messages().map(({ resend }) => resend)).toEqual([false, true]);
  });

  it('answers a repeated text without an id in full, as a new message', async () => {
    const client = await rawClient(server.url);
    client.send({ text: 'hi' });
    const first = await client.readUntil('response_complete');
    client.send({ text: 'hi' });
    expect(await client.readUntil('response_complete')).toEqual(first);
    expect(server.messages()).toEqual([
      { text: 'hi', midTurn: false, resend: false },
      { text: 'hi', midTurn: false, resend: false },
    ]);
  });

  it('answers a resend without its id in full after a cut', async () => {
    const resumed = await resendAfterCut(server, 2, { text: 'hi' });
    expect(types(await resumed.readUntil('response_complete'))).toEqual([
      'typing',
      'message',
      'response_complete',
    ]);
    expect(server.messages().map(({ resend }) => resend)).toEqual([false, false]);
  });
});

describe.each<[string, StartReferenceServerOptions, number, object[]]>([
  ["cutAnswerResend: 'duplicate'", { cutAnswerResend: 'duplicate' }, 3, duplicateOnly],
  [
    'kindness.finishCutTurns, cut before the message',
    { kindness: { finishCutTurns: true } },
    2,
    [
      { type: 'message', role: 'agent', text: expect.stringMatching(/^You said "hi"/) },
      { type: 'response_complete', duplicate: false },
    ],
  ],
  [
    'kindness.finishCutTurns, cut after the message',
    { kindness: { finishCutTurns: true } },
    3,
    duplicateOnly,
  ],
])('a resend of a cut answer with %s', (_label, options, afterFrames, expected) => {
  const server = createTestServer({ pingIntervalMs: false, greet: false, ...options });

  it('gets what the option promises', async () => {
    const resumed = await resendAfterCut(server, afterFrames);
    expect(await resumed.readUntil('response_complete')).toEqual(expected);
    expect(server.messages().map(({ resend }) => resend)).toEqual([false, true]);
  });
});

describe('a repeated text without an id, by default (as the platform)', () => {
  const server = createTestServer({ pingIntervalMs: false, greet: false });

  it('is a new message, answered in full: the platform never dedupes by text', async () => {
    const resumed = await resendAfterCut(server, 2, { text: 'hi' }, { text: 'hi' });
    expect(types(await resumed.readUntil('response_complete'))).toEqual([
      'typing',
      'message',
      'response_complete',
    ]);
    expect(server.messages().map(({ resend }) => resend)).toEqual([false, false]);
  });
});

describe('kindness.dedupeByText', () => {
  const server = createTestServer({
    pingIntervalMs: false,
    greet: false,
    kindness: { finishCutTurns: true, dedupeByText: true },
  });

  it('takes a repeated text without an id for the resend of a cut answer', async () => {
    const resumed = await resendAfterCut(server, 2, { text: 'hi' }, { text: 'hi' });
    expect(types(await resumed.readUntil('response_complete'))).toEqual([
      'message',
      'response_complete',
    ]);
    // Once answered in full, the same text is a new message again.
    resumed.send({ text: 'hi' });
    expect(types(await resumed.readUntil('response_complete'))).toEqual([
      'typing',
      'message',
      'response_complete',
    ]);
    expect(server.messages().map(({ resend }) => resend)).toEqual([false, true, false]);
  });
});
