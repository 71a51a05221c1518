/**
 * A socket opened but no `session_started` arrived within
 * `handshakeTimeoutMs`: the server accepted the upgrade and never started a
 * session (pings alone do not count), so the connection is dead. Retried
 * like a drop; once the budget is spent it ends the stream.
 */
export class HandshakeTimeoutError extends Error {
  override readonly name = 'HandshakeTimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`socket opened but no session_started arrived within ${timeoutMs} ms`);
  }
}
