import { Observable, type Unsubscribable } from 'rxjs';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { Connection } from './Connection.js';
import type { ConnectionHooks } from './ConnectionState.js';
import type { FrameSink } from './FrameSink.js';
import type { ResolvedTextStreamOptions } from './TextStreamOptions.js';

export type { FrameSink } from './FrameSink.js';

/**
 * The whole connection as one stream of frames: credentials, socket, decode,
 * deadlines, and reconnect with resume, ending after `session_ended`. `hooks`
 * let the session follow the connection's state, write to the open socket
 * and abort it.
 *
 * Each subscription is one {@link Connection}: plain callbacks and fields
 * rather than a chain of operators, because a process may hold thousands of
 * these, mostly idle.
 */
export function connectionFrames(
  config: ResolvedTextStreamOptions,
  hooks: ConnectionHooks = {},
): Observable<ServerFrame> {
  return new Observable<ServerFrame>((subscriber) => openConnection(config, hooks, subscriber));
}

/**
 * One connection as {@link connectionFrames} subscribes it, delivering to
 * `sink` directly: for the session, its one consumer, so that every frame
 * does not pass through a subscriber chain. `sink` must not throw. Returns
 * what tears the connection down.
 */
export function openConnection(
  config: ResolvedTextStreamOptions,
  hooks: ConnectionHooks,
  sink: FrameSink,
): Unsubscribable {
  const connection = new Connection(config, hooks, sink);
  connection.start();
  return connection;
}
