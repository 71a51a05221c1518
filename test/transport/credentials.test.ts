import {
  CredentialsError,
  textStream,
  type ServerFrame,
  type TextStreamOptions,
} from '../../src/index';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';
import { frames } from '../../src/testing/frames';
import { virtualClock } from '../support/virtualClock';

const url = 'wss://agent.test/agent/text-stream';

function setup(options: Partial<TextStreamOptions>) {
  const clock = virtualClock();
  const { WebSocketCtor, sockets } = fakeWebSockets();
  const outcome: { error?: unknown; frames: ServerFrame[] } = { frames: [] };
  const subscription = textStream({
    url,
    WebSocketCtor,
    scheduler: clock.scheduler,
    random: () => 1,
    reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
    ...options,
  }).subscribe({
    next: (frame) => outcome.frames.push(frame),
    error: (error: unknown) => (outcome.error = error),
  });
  return { clock, sockets, outcome, subscription };
}

const flushPromises = async (): Promise<void> => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe('token and params providers', () => {
  it('calls a sync token provider for every attempt, so a reconnect presents a fresh token', () => {
    let issued = 0;
    const { clock, sockets } = setup({ token: () => `tok-${(issued += 1)}` });
    sockets[0]?.open();
    sockets[0]?.receive(frames.sessionStarted('conv_1'));
    sockets[0]?.serverClose(1006);
    clock.advance(10);
    expect(sockets.map((socket) => socket.protocols)).toEqual([
      ['auth', 'tok-1'],
      ['auth', 'tok-2'],
    ]);
    expect(sockets[1]?.param('conversation_id')).toBe('conv_1');
  });

  it('waits for an async provider and puts a query token in that attempt URL only', async () => {
    let issued = 0;
    const { clock, sockets } = setup({
      auth: 'query',
      token: async () => `tok/${(issued += 1)}`,
      params: async () => ({ workspace_id: `w${issued}` }),
    });
    expect(sockets).toHaveLength(0);
    await flushPromises();
    expect(sockets[0]?.param('token')).toBe('tok/1');
    expect(sockets[0]?.param('workspace_id')).toBe('w1');
    sockets[0]?.open();
    sockets[0]?.serverClose(1006);
    clock.advance(10);
    await flushPromises();
    expect(sockets[1]?.param('token')).toBe('tok/2');
    expect(sockets[1]?.param('workspace_id')).toBe('w2');
  });

  it.each([
    [
      'throws',
      () => () => {
        throw new Error('refresh failed for secret-abc');
      },
      'token provider failed (it threw Error; see cause)',
    ],
    [
      'rejects',
      () => () => Promise.reject(new Error('secret-abc expired')),
      'token provider failed (it threw Error; see cause)',
    ],
    [
      'returns a bad token',
      () => () => 'secret abc',
      'token provider returned an unusable token: token has characters outside A-Z a-z 0-9 . _ + = / : -',
    ],
    [
      'returns nothing',
      () => () => undefined as unknown as string,
      'token provider returned an unusable token: token must be a non-empty string',
    ],
  ])(
    'ends the stream with a CredentialsError when the provider %s, never quoting a token',
    async (_label, make, message) => {
      const { sockets, outcome } = setup({ token: make() });
      await flushPromises();
      expect(sockets).toHaveLength(0);
      expect(outcome.error).toBeInstanceOf(CredentialsError);
      expect(outcome.error).toMatchObject({ name: 'CredentialsError', source: 'token', message });
      expect(String((outcome.error as Error).message)).not.toContain('secret');
    },
  );

  it('ends the stream when a params provider fails', () => {
    const { outcome } = setup({
      params: () => {
        throw new TypeError('no workspace');
      },
    });
    expect(outcome.error).toMatchObject({
      name: 'CredentialsError',
      source: 'params',
      message: 'params provider failed (it threw TypeError; see cause)',
    });
  });

  it('keeps what the provider threw as the cause, for the app to log', () => {
    const thrown = new Error('refresh failed');
    const { outcome } = setup({
      token: () => {
        throw thrown;
      },
    });
    expect(outcome.error).toMatchObject({ name: 'CredentialsError', cause: thrown });
  });

  it.each([
    ['null', null, 'params provider returned something other than an object'],
    [
      'an array',
      [['workspace_id', 'w1']],
      'params provider returned something other than an object',
    ],
    ['a string', 'workspace_id=w1', 'params provider returned something other than an object'],
    [
      'an object with a nested object',
      { workspace_id: 'w1', filter: { team: 'a' } },
      'params provider returned a value of type object for "filter" (a URL takes strings, numbers and booleans)',
    ],
    [
      'an object with a null value',
      { workspace_id: null },
      'params provider returned a value of type object for "workspace_id" (a URL takes strings, numbers and booleans)',
    ],
    [
      'an object with a function value',
      { workspace_id: () => 'w1' },
      'params provider returned a value of type function for "workspace_id" (a URL takes strings, numbers and booleans)',
    ],
  ])(
    'ends the stream with a CredentialsError when a params provider returns %s',
    (_label, value, message) => {
      const { sockets, outcome } = setup({
        params: () => value as unknown as Record<string, string>,
      });
      expect(sockets).toHaveLength(0);
      expect(outcome.error).toBeInstanceOf(CredentialsError);
      expect(outcome.error).toMatchObject({ source: 'params', message });
    },
  );

  it('puts every scalar a params provider returns in the URL, and leaves undefined out', () => {
    const { sockets, outcome } = setup({
      params: () => ({ workspace_id: 'w1', service_id: 7, verbose: false, skip: undefined }),
    });
    expect(outcome.error).toBeUndefined();
    expect(Object.fromEntries(new URL(sockets[0]?.url ?? '').searchParams)).toEqual({
      workspace_id: 'w1',
      service_id: '7',
      verbose: 'false',
    });
  });

  it('waits for any thenable a provider returns, a callable one too', async () => {
    const callable = Object.assign(() => undefined, {
      then: (resolve: (token: string) => void) => resolve('tok-callable'),
    });
    const { sockets, outcome } = setup({ token: () => callable as unknown as PromiseLike<string> });
    expect(sockets).toHaveLength(0);
    await flushPromises();
    expect(outcome.error).toBeUndefined();
    expect(sockets[0]?.protocols).toEqual(['auth', 'tok-callable']);
  });

  it('counts a provider that never answers against the connect timeout', async () => {
    const { clock, sockets, outcome } = setup({
      token: () => new Promise<string>(() => undefined),
      connectTimeoutMs: 1000,
      reconnect: false,
    });
    await flushPromises();
    clock.advance(1000);
    expect(sockets).toHaveLength(0);
    expect(outcome.error).toMatchObject({ name: 'ConnectTimeoutError' });
  });

  it('opens no socket for a token that arrives after its attempt timed out; the retry asks again', async () => {
    const answers: ((token: string) => void)[] = [];
    const { clock, sockets, outcome } = setup({
      token: () => new Promise<string>((resolve) => answers.push(resolve)),
      connectTimeoutMs: 1000,
    });
    clock.advance(1000);
    answers[0]?.('late');
    await flushPromises();
    expect({ 'sockets opened with a late token': sockets.length }).toEqual({
      'sockets opened with a late token': 0,
    });
    clock.advance(10);
    answers[1]?.('fresh');
    await flushPromises();
    expect(sockets.map((socket) => socket.protocols)).toEqual([['auth', 'fresh']]);
    expect(outcome.error).toBeUndefined();
  });

  it("does not hold a provider's time against the socket it then opens", async () => {
    const { clock, sockets, outcome } = setup({
      token: () => Promise.resolve('tok'),
      connectTimeoutMs: 1000,
      reconnect: false,
    });
    clock.advance(600);
    await flushPromises();
    clock.advance(600);
    sockets[0]?.open();
    expect({ 'socket opened 600 ms after the provider answered': outcome.error }).toEqual({
      'socket opened 600 ms after the provider answered': undefined,
    });
  });

  it('still rejects a bad literal token up front', () => {
    expect(() => textStream({ url, token: 'not ok' })).toThrow(
      new TypeError('token has characters outside A-Z a-z 0-9 . _ + = / : -'),
    );
  });
});
