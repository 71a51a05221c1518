/** Extra query parameters; `undefined` values are left out. */
export type QueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

export interface UrlParts {
  readonly conversationId?: string | undefined;
  readonly toolEvents?: boolean | undefined;
  readonly params?: QueryParams | undefined;
  /** Only for `auth: 'query'`. */
  readonly token?: string | undefined;
}

const SCHEMES: Readonly<Record<string, string>> = {
  'ws:': 'ws:',
  'wss:': 'wss:',
  'http:': 'ws:',
  'https:': 'wss:',
};

/**
 * Parses and checks a base URL up front: `ws:`/`wss:`, or `http(s):` mapped
 * to `ws(s):`. Anything else is a `TypeError` before any socket is opened.
 */
export function parseBaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('url is not a valid absolute URL');
  }
  const scheme = SCHEMES[parsed.protocol];
  if (scheme === undefined) {
    throw new TypeError(`url must use ws:, wss:, http: or https:, not ${parsed.protocol}`);
  }
  parsed.protocol = scheme;
  // A WebSocket URL has no fragment (`ws` refuses one); it never reaches the server anyway.
  parsed.hash = '';
  return parsed;
}

/** The connection URL: the base plus the protocol's query parameters, never string-built. */
export function buildUrl(base: string, parts: UrlParts): string {
  const url = new URL(base);
  const { conversationId, toolEvents, params = {}, token } = parts;
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  if (conversationId !== undefined) url.searchParams.set('conversation_id', conversationId);
  if (toolEvents) url.searchParams.set('tool_events', 'true');
  if (token !== undefined) url.searchParams.set('token', token);
  return url.href;
}

/** The URL with any `token` parameter masked, for messages and logs. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.searchParams.has('token')) parsed.searchParams.set('token', '***');
  return parsed.href;
}
