import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import * as fc from 'fast-check';
import { lastValueFrom } from 'rxjs';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseError, connect, decodeFrame, textStream, toTurns } from '../../src/index';
import { frames } from '../../src/testing/frames';
import { hostileInput } from './properties';

export interface HostileSoakReport {
  readonly connections: number;
  readonly framesSent: number;
  /** Clients that ended after `session_ended`. */
  readonly endedCleanly: number;
  /** Clients that ended with the terminal 1007 an invalid UTF-8 text frame causes. */
  readonly endedWith1007: number;
  /** Clients that ended any other way: each one is a failure. */
  readonly unexpected: readonly string[];
}

/**
 * Hostile platforms over real sockets: each connection gets a session, then
 * `framesPerConnection` arbitrary hostile payloads (prototype keys, deep
 * nesting, mutated frames, bytes, runaway tool calls) and ends either with
 * `session_ended` or with a text frame of invalid UTF-8. Half the clients
 * are sessions (`connect()`), half `textStream().pipe(toTurns())`; each must
 * end cleanly or with a 1007 `CloseError`, and nothing may escape.
 */
export async function runHostileSoak(
  clients: number,
  framesPerConnection: number,
  seed: number,
): Promise<HostileSoakReport> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  let framesSent = 0;
  let connections = 0;
  wss.on('connection', (socket: WebSocket) => {
    const index = (connections += 1);
    // A payload that happens to be a valid session_ended would end the
    // client before the ending under test; leave those out.
    const payloads = fc
      .sample(hostileInput, { seed: seed + index, numRuns: framesPerConnection })
      .filter((payload) => {
        const decoded = decodeFrame(payload);
        return !(decoded.ok && decoded.frame.type === 'session_ended');
      });
    const sendAll = () => {
      socket.send(JSON.stringify(frames.sessionStarted(`conv_${index}`)));
      for (const payload of payloads) {
        if (payload instanceof Uint8Array) socket.send(payload);
        else socket.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
      }
      // A runaway stretch of calls that never complete.
      for (let i = 0; i < 3000; i += 1) {
        socket.send(JSON.stringify(frames.toolCallStarted('t', `r${index}-${i}`)));
      }
      socket.send(JSON.stringify(frames.responseComplete()));
      framesSent += payloads.length + 3002;
      if (index % 3 === 0) socket.send(Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]), { binary: false });
      else socket.send(JSON.stringify(frames.sessionEnded('completed')));
    };
    sendAll();
  });
  const { port } = wss.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}/agent/text-stream`;
  const options = {
    url,
    toolEvents: true,
    reconnect: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
    // Sessions have a greeting grace; keep it short.
    greetingGraceMs: 5,
  };

  let endedCleanly = 0;
  let endedWith1007 = 0;
  const unexpected: string[] = [];
  const outcome = async (client: Promise<unknown>, label: string): Promise<void> => {
    try {
      await client;
      endedCleanly += 1;
    } catch (error) {
      if (error instanceof CloseError && error.code === 1007) endedWith1007 += 1;
      else unexpected.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  try {
    // One client at a time: a hostile connection sends a lot at once.
    for (let i = 0; i < clients; i += 1) {
      if (i % 2 === 0) {
        const session = connect(options);
        await outcome(lastValueFrom(session.ended$, { defaultValue: undefined }), `session ${i}`);
        session.close();
      } else {
        await outcome(
          lastValueFrom(textStream(options).pipe(toTurns()), { defaultValue: undefined }),
          `textStream ${i}`,
        );
      }
    }
  } finally {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
  return { connections, framesSent, endedCleanly, endedWith1007, unexpected };
}
