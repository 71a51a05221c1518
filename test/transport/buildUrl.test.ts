import { buildUrl, parseBaseUrl, redactUrl } from '../../src/transport/buildUrl';

describe('redactUrl', () => {
  it('masks the token parameter so no message or log quotes it', () => {
    const redacted = redactUrl('wss://agent.test/x?conversation_id=c1&token=sekret-123');
    expect({ 'token left in the URL': redacted.includes('sekret-123') }).toEqual({
      'token left in the URL': false,
    });
    expect(redacted).toBe('wss://agent.test/x?conversation_id=c1&token=***');
  });

  it('leaves a URL without a token as it was', () => {
    expect(redactUrl('wss://agent.test/x?conversation_id=c1')).toBe(
      'wss://agent.test/x?conversation_id=c1',
    );
  });
});

describe('parseBaseUrl', () => {
  it('drops a fragment, which a WebSocket URL may not carry and no server sees', () => {
    expect(parseBaseUrl('wss://agent.test/agent/text-stream?region=eu#top').href).toBe(
      'wss://agent.test/agent/text-stream?region=eu',
    );
  });
});

describe('buildUrl', () => {
  const base = parseBaseUrl('https://agent.test/agent/text-stream?region=eu').href;

  it('adds the protocol parameters to the base, and leaves undefined ones out', () => {
    const url = new URL(
      buildUrl(base, {
        conversationId: 'c 1',
        toolEvents: true,
        params: { locale: 'en', skip: undefined, n: 2 },
        token: 't&k',
      }),
    );
    expect(url.protocol).toBe('wss:');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      region: 'eu',
      locale: 'en',
      n: '2',
      conversation_id: 'c 1',
      tool_events: 'true',
      token: 't&k',
    });
  });

  it('says nothing of tool events or a conversation unless asked', () => {
    expect(buildUrl(base, { toolEvents: false })).toBe(
      'wss://agent.test/agent/text-stream?region=eu',
    );
  });

  it.each([
    ['ws://a.test/', 'ws:'],
    ['wss://a.test/', 'wss:'],
    ['http://a.test/', 'ws:'],
    ['https://a.test/', 'wss:'],
  ])('maps %s to %s', (url, scheme) => {
    expect(parseBaseUrl(url).protocol).toBe(scheme);
  });

  it.each([
    ['not a url', 'url is not a valid absolute URL'],
    ['ftp://a.test/', 'url must use ws:, wss:, http: or https:, not ftp:'],
  ])('refuses %s with a TypeError saying why', (url, message) => {
    expect(() => parseBaseUrl(url)).toThrow(new TypeError(message));
  });
});
