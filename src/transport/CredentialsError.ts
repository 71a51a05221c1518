/** Which provider failed. */
export type CredentialsSource = 'token' | 'params';

/**
 * A `token` or `params` provider threw, rejected, or returned something
 * unusable. It ends the stream: retrying would ask the same provider again.
 * The message never contains a token; what the provider threw is kept only
 * as `cause`, and the message names its class alone.
 */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';

  constructor(
    readonly source: CredentialsSource,
    problem: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${source} provider ${problem}`, options);
  }
}
