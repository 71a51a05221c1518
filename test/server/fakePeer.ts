import type { PeerHandlers } from '../../src/server/Peer';
import { ReferenceServer, type ReferenceServerOptions } from '../../src/server/ReferenceServer';
import { virtualClock } from '../support/virtualClock';

/** What the server did to one fake peer, in order: frames written, a close, a cut. */
export type PeerEvent =
  | { readonly frame: unknown }
  | { readonly close: number; readonly reason: string | undefined }
  | 'terminate';

/** One client connection to a {@link ReferenceServer} core, without a socket. */
export interface FakePeer {
  /** Everything the server did to this peer so far. */
  readonly events: readonly PeerEvent[];
  /** The frames written so far, parsed (a non-JSON frame as its text). */
  frames(): unknown[];
  /** The `type` of each frame written so far. */
  types(): unknown[];
  /** The client writes `frame` (as JSON unless a string). */
  send(frame: object | string): void;
  /** The connection closed with `code` (the adapter's close event). */
  closed(code: number): void;
}

/**
 * Connects a fake peer to `server` the way the `ws` adapter does: `url` is
 * the request's path and query, `protocols` the offered subprotocols. A
 * write's `afterWrite` runs at once, as if the frame had left.
 */
export function connectPeer(
  server: ReferenceServer,
  url = '/agent/text-stream',
  protocols: readonly string[] = [],
): FakePeer {
  const events: PeerEvent[] = [];
  const handlers: PeerHandlers = server.accept(
    {
      send: (data, afterWrite) => {
        let frame: unknown;
        try {
          frame = JSON.parse(data);
        } catch {
          frame = data;
        }
        events.push({ frame });
        afterWrite?.();
      },
      close: (code, reason) => events.push({ close: code, reason }),
      terminate: () => events.push('terminate'),
    },
    { url, protocols },
  );
  const frames = () =>
    events.flatMap((event) => (typeof event === 'object' && 'frame' in event ? [event.frame] : []));
  return {
    events,
    frames,
    types: () => frames().map((frame) => (frame as { type?: unknown }).type),
    send: (frame) => handlers.onMessage(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    closed: (code) => handlers.onClose(code),
  };
}

/**
 * A fresh virtual clock for each test, and `server(options)`: a core on it,
 * with `defaults` under `options`. Call at describe (or file) scope.
 */
export function coreOnVirtualClock(defaults: ReferenceServerOptions) {
  let clock = virtualClock();
  beforeEach(() => {
    clock = virtualClock();
  });
  return {
    advance: (ms: number) => clock.advance(ms),
    server: (options: ReferenceServerOptions = {}) =>
      new ReferenceServer({ ...defaults, scheduler: clock.scheduler, ...options }),
  };
}
