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
    [
      failure('getaddrinfo EAI_FAIL agent.example', 'EAI_FAIL'),
      'host not found (DNS lookup failed, EAI_FAIL); check the host name',
    ],
    [
      failure('getaddrinfo EAI_NONAME agent.example', 'EAI_NONAME'),
      'host not found (DNS lookup failed, EAI_NONAME); check the host name',
    ],
    [failure('connect ETIMEDOUT 10.0.0.1:443', 'ETIMEDOUT'), 'host unreachable (ETIMEDOUT)'],
    [
      failure('connect EHOSTUNREACH 10.0.0.1:443', 'EHOSTUNREACH'),
      'host unreachable (EHOSTUNREACH)',
    ],
    [failure('connect ENETUNREACH 10.0.0.1:443', 'ENETUNREACH'), 'host unreachable (ENETUNREACH)'],
    [failure('connect EHOSTDOWN 10.0.0.1:443', 'EHOSTDOWN'), 'host unreachable (EHOSTDOWN)'],
    [failure('read ECONNRESET', 'ECONNRESET'), 'the connection was reset (ECONNRESET)'],
    [
      failure(
        'C0D7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/ssl/record/ssl3_record.c:354:',
        'ERR_SSL_WRONG_VERSION_NUMBER',
      ),
      'TLS handshake failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)',
    ],
    [
      failure(
        'Client network socket disconnected before secure TLS connection was established',
        'ECONNRESET',
      ),
      'the connection was reset (ECONNRESET)',
    ],
    [
      failure('handshake failed\nat line 2', 'EPROTO'),
      'TLS handshake failed: handshake failed (EPROTO)',
    ],
    [
      failure('ERR_TLS_CERT_ALTNAME_INVALID: host mismatch', 'ERR_TLS_CERT_ALTNAME_INVALID'),
      'TLS handshake failed: ERR_TLS_CERT_ALTNAME_INVALID: host mismatch (ERR_TLS_CERT_ALTNAME_INVALID)',
    ],
    // Not TLS, though the codes look alike: each anchor of the pattern matters.
    [failure('protocol not supported', 'EPROTONOSUPPORT'), 'protocol not supported'],
    [failure('a proxy said no', 'XERR_TLS'), 'a proxy said no'],
    [failure('a proxy said no', 'XERR_SSL'), 'a proxy said no'],
    [failure('a proxy said no', 'XEPROTO'), 'a proxy said no'],
    // Only the upgrade's own words name an HTTP status.
    [failure('proxy: Unexpected server response: 502'), 'proxy: Unexpected server response: 502'],
    [failure('first line\nsecond line'), 'first line'],
    [undefined, 'the connection failed'],
  ])('%p', (cause, text) => {
    expect(describeCause(cause)).toBe(text);
  });
});
