import { types } from 'node:util';
import { CloseError } from '../../protocol/CloseError.js';
import { ConnectTimeoutError } from '../../transport/ConnectTimeoutError.js';

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const UNREACHABLE = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/**
 * Why a socket failed, in words a user can act on: refused, DNS, TLS, an
 * HTTP answer to the upgrade, or the close code. Messages from Node and `ws`
 * name hosts and ports, never the URL's query, so a query token stays out.
 */
export function describeCause(cause: unknown): string {
  if (cause instanceof CloseError) return cause.message;
  if (cause instanceof ConnectTimeoutError)
    return `${cause.message}; is the address right, and is a firewall dropping it?`;
  // Not `instanceof Error`: Node's own errors fail it when the CLI runs in
  // another realm (a vm context, as Jest runs the CLI tests).
  if (!types.isNativeError(cause)) return 'the connection failed';
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED')
    return 'connection refused (ECONNREFUSED); is the server running on that port?';
  if (code !== undefined && DNS.has(code))
    return `host not found (DNS lookup failed, ${code}); check the host name`;
  if (code !== undefined && UNREACHABLE.has(code)) return `host unreachable (${code})`;
  if (code === 'ECONNRESET') return 'the connection was reset (ECONNRESET)';
  if (code !== undefined && /CERT|^ERR_TLS|^ERR_SSL|^EPROTO$/.test(code))
    return `TLS handshake failed: ${tlsReason(cause.message)} (${code})`;
  const status = /^Unexpected server response: (\d+)/.exec(cause.message)?.[1];
  if (status !== undefined)
    return `the server answered the WebSocket upgrade with HTTP ${status}; check the URL's path and the token`;
  return firstLine(cause.message);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** OpenSSL's own words ("wrong version number") without its file names and offsets. */
function tlsReason(message: string): string {
  return /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? firstLine(message);
}
