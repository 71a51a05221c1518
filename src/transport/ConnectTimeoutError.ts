/** A socket stayed in CONNECTING for longer than `connectTimeoutMs`. */
export class ConnectTimeoutError extends Error {
  override readonly name = 'ConnectTimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`socket did not open within ${timeoutMs} ms`);
  }
}
