/** How the bearer token travels: as WebSocket subprotocols (preferred) or `?token=`. */
export type AuthMode = 'subprotocol' | 'query';

// The vendor SDK's alphabet and limit for tokens.
const TOKEN_ALPHABET = /^[A-Za-z0-9._+=/:-]+$/;
const MAX_TOKEN_LENGTH = 4096;
// A subprotocol must be an HTTP token: '/', ':' and '=' are separators there.
const SUBPROTOCOL_SAFE = /^[A-Za-z0-9._+-]+$/;

/**
 * Checks a token against the platform's rules and throws a `TypeError` that
 * never contains the token itself.
 */
export function validateToken(token: unknown, auth: AuthMode): asserts token is string {
  if (typeof token !== 'string' || token.length === 0) {
    throw new TypeError('token must be a non-empty string');
  }
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new TypeError(`token is longer than ${MAX_TOKEN_LENGTH} characters (${token.length})`);
  }
  if (!TOKEN_ALPHABET.test(token)) {
    throw new TypeError('token has characters outside A-Z a-z 0-9 . _ + = / : -');
  }
  if (auth === 'subprotocol' && !SUBPROTOCOL_SAFE.test(token)) {
    throw new TypeError(
      "token has '/', ':' or '=', which a WebSocket subprotocol cannot carry; pass auth: 'query'",
    );
  }
}

/** The subprotocols that carry `token`, or none. */
export function authProtocols(token: string | undefined, auth: AuthMode): string[] | undefined {
  return token !== undefined && auth === 'subprotocol' ? ['auth', token] : undefined;
}
