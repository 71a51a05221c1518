import { authProtocols, validateToken, type AuthMode } from './authToken.js';
import type { QueryParams } from './buildUrl.js';
import { CredentialsError, type CredentialsSource } from './CredentialsError.js';

/** Called for every connection attempt, so a reconnect presents a fresh token. */
export type TokenProvider = () => string | PromiseLike<string>;
/** Called for every connection attempt, for parameters that change between attempts. */
export type ParamsProvider = () => QueryParams | PromiseLike<QueryParams>;

/** What one connection attempt presents. */
export interface AttemptCredentials {
  readonly params: QueryParams;
  /** Only for `auth: 'query'`. */
  readonly queryToken: string | undefined;
  readonly protocols: string[] | undefined;
}

/** The caller's `token` and `params`, literal or provided, and how the token travels. */
export interface CredentialsConfig {
  readonly token: string | TokenProvider | undefined;
  readonly params: QueryParams | ParamsProvider;
  readonly auth: AuthMode;
}

/**
 * Calls the providers for one attempt. Synchronous when both values are (so a
 * literal token opens its socket at subscribe time, as before); a promise
 * when either provider returned one. Fails only with a {@link CredentialsError}.
 */
export function attemptCredentials(
  config: CredentialsConfig,
): AttemptCredentials | Promise<AttemptCredentials> {
  const token = provide('token', config.token);
  const params = provide('params', config.params);
  const assemble = (tokenValue: unknown, paramsValue: unknown): AttemptCredentials => {
    checkToken(tokenValue, config);
    checkParams(paramsValue);
    return {
      params: paramsValue,
      queryToken: config.auth === 'query' ? tokenValue : undefined,
      protocols: authProtocols(tokenValue, config.auth),
    };
  };
  if (!isThenable(token) && !isThenable(params)) return assemble(token, params);
  return Promise.all([settle('token', token), settle('params', params)]).then(
    ([tokenValue, paramsValue]) => assemble(tokenValue, paramsValue),
  );
}

function provide(source: CredentialsSource, value: unknown): unknown {
  if (typeof value !== 'function') return value;
  try {
    return (value as () => unknown)();
  } catch (error) {
    throw failed(source, error);
  }
}

function settle(source: CredentialsSource, value: unknown): Promise<unknown> {
  return Promise.resolve(value).catch((error: unknown) => {
    throw failed(source, error);
  });
}

// Only the class of what was thrown: its message might quote the token.
function failed(source: CredentialsSource, error: unknown): CredentialsError {
  const kind = error instanceof Error ? error.name : typeof error;
  return new CredentialsError(source, `failed (it threw ${kind}; see cause)`, { cause: error });
}

function checkToken(
  token: unknown,
  config: CredentialsConfig,
): asserts token is string | undefined {
  if (token === undefined && config.token === undefined) return;
  try {
    validateToken(token, config.auth);
  } catch (error) {
    // validateToken's messages never quote the token.
    throw new CredentialsError('token', `returned an unusable token: ${(error as Error).message}`);
  }
}

function checkParams(params: unknown): asserts params is QueryParams {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new CredentialsError('params', 'returned something other than an object');
  }
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new CredentialsError(
        'params',
        `returned a value of type ${typeof value} for "${key}" (a URL takes strings, numbers and booleans)`,
      );
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
