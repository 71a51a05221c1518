import WebSocket from 'ws';
import { filter, firstValueFrom } from 'rxjs';
import { connect, textStream, type WebSocketConstructor } from '../../src/index';
import type { RunningReferenceServer } from '../../src/server/index';
import { seededRandom } from './random';

export interface LeakReport {
  readonly cycles: number;
  /** The most sockets one subscription or session had open at once. */
  readonly maxLiveSocketsPerSession: number;
  /** Sockets still open after the run, as the client and the server see them. */
  readonly clientSocketsLeft: number;
  readonly serverSocketsLeft: number;
  /** Sockets closed with a message, open or close listener still attached. */
  readonly socketsWithListeners: number;
  /** Node timers alive after the run beyond those alive before it. */
  readonly timersLeft: number;
}

const timers = (): number =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

/**
 * Subscribes and unsubscribes `cycles` times against `server`: during connect,
 * after the session started, and during reconnect backoff. Counts sockets on
 * both sides, listeners left on closed sockets, and Node's timers.
 */
export async function runLeakCycles(
  server: RunningReferenceServer,
  cycles: number,
  seed = 1,
): Promise<LeakReport> {
  const random = seededRandom(seed);
  const timersBefore = timers();
  let live = 0;
  let maxLive = 0;
  let withListeners = 0;
  let allClosed: (() => void) | undefined;
  let liveInCycle = 0;

  // A ws socket that counts itself, and checks its listeners once closed.
  class CountedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      live += 1;
      liveInCycle += 1;
      maxLive = Math.max(maxLive, liveInCycle);
      this.once('close', () => {
        live -= 1;
        liveInCycle -= 1;
        // Our teardown detaches its handlers before closing; a socket the
        // server closed is detached once the stream has handled the close.
        queueMicrotask(() => {
          if (this.listenerCount('message') + this.listenerCount('open') > 0) withListeners += 1;
          if (live === 0) allClosed?.();
        });
      });
    }
  }
  const WebSocketCtor: WebSocketConstructor = CountedWebSocket;

  for (let cycle = 0; cycle < cycles; cycle += 1) {
    liveInCycle = 0;
    const mode = Math.floor(random() * 3);
    if (mode === 0) {
      // Unsubscribe while the socket is still connecting.
      textStream({ url: server.url, WebSocketCtor }).subscribe().unsubscribe();
    } else if (mode === 1) {
      await firstValueFrom(textStream({ url: server.url, WebSocketCtor }));
    } else {
      server.inject({ kind: 'reject', code: 1012 });
      const session = connect({
        url: server.url,
        WebSocketCtor,
        reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
        random: () => 1,
      });
      await firstValueFrom(session.state$.pipe(filter((state) => state === 'reconnecting')));
      session.close();
    }
  }
  if (live > 0) await new Promise<void>((resolve) => (allClosed = resolve));
  await Promise.all(server.connections.map((_record, index) => server.closed(index)));
  return {
    cycles,
    maxLiveSocketsPerSession: maxLive,
    clientSocketsLeft: live,
    serverSocketsLeft: server.openSockets,
    socketsWithListeners: withListeners,
    // A timer that was already running may have finished meanwhile; only growth is a leak.
    timersLeft: Math.max(0, timers() - timersBefore),
  };
}
