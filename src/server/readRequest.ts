import type { ConnectionRecord } from './ConnectionRecord.js';
import type { Fault } from './Fault.js';
import type { PeerRequest } from './Peer.js';

/** What a connection's upgrade request says: the record a test reads, and what the connection acts on. */
export interface RequestDetails {
  readonly record: ConnectionRecord;
  /** The token offered, by subprotocol (preferred) or `?token=`. */
  readonly offeredToken: string | undefined;
  /** `?tool_events=true`: the client wants tool call frames. */
  readonly toolEvents: boolean;
}

/** Reads connection `index`'s request; the record hides the token's value. */
export function readRequest(
  request: PeerRequest,
  index: number,
  fault: Fault | undefined,
): RequestDetails {
  const url = new URL(request.url, 'ws://reference.invalid');
  const subprotocolToken = request.protocols[0] === 'auth' ? request.protocols[1] : undefined;
  const queryToken = url.searchParams.get('token') ?? undefined;
  const query = Object.fromEntries(url.searchParams);
  if ('token' in query) query.token = '***';
  const record: ConnectionRecord = {
    index,
    path: url.pathname,
    query,
    auth:
      subprotocolToken !== undefined ? 'subprotocol' : queryToken !== undefined ? 'query' : 'none',
    fault,
    requestedConversationId: url.searchParams.get('conversation_id') ?? undefined,
    conversationId: undefined,
    resumed: false,
    received: [],
    messages: [],
    framesSent: 0,
    open: true,
    closeCode: undefined,
    closedBy: undefined,
  };
  return {
    record,
    offeredToken: subprotocolToken ?? queryToken,
    toolEvents: url.searchParams.get('tool_events') === 'true',
  };
}
