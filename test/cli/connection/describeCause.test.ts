import { describeCause } from '../../../src/cli/connection/describeCause';
import { CloseError } from '../../../src/protocol/CloseError';
import { ConnectTimeoutError } from '../../../src/transport/ConnectTimeoutError';

const failure = (message: string, code?: string) => Object.assign(new Error(message), { code });

describe('describeCause', () => {
  it.each([
    [
      failure('getaddrinfo ENOTFOUND agent.invalid', 'ENOTFOUND'),
      'host not found (DNS lookup failed, ENOTFOUND); check the host name',
    ],
    [
      failure('getaddrinfo EAI_AGAIN agent.example', 'EAI_AGAIN'),
      'host not found (DNS lookup failed, EAI_AGAIN); check the host name',
    ],
    [
      failure('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'),
      'connection refused (ECONNREFUSED); is the server running on that port?',
    ],
    [
      failure('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'),
      'TLS handshake failed: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
    [
      failure('certificate has expired', 'CERT_HAS_EXPIRED'),
      'TLS handshake failed: certificate has expired (CERT_HAS_EXPIRED)',
    ],
    [
      failure('Unexpected server response: 401'),
      "the server answered the WebSocket upgrade with HTTP 401; check the URL's path and the token",
    ],
    [
      new CloseError(4029, 'too many connections'),
      'socket closed with code 4029 (too many connections)',
    ],
    [
      new ConnectTimeoutError(10_000),
      'socket did not open within 10000 ms; is the address right, and is a firewall dropping it?',
    ],
    [undefined, 'the connection failed'],
  ])('%p', (cause, text) => {
    expect(describeCause(cause)).toBe(text);
  });
});
