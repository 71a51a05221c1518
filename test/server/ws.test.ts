import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { startReferenceServer, type RunningReferenceServer } from '../../src/server/ws';
import { rawClient } from '../support/rawClient';

// The `ws` adapter on real sockets (127.0.0.1, a free port): where it listens,
// the frames it takes, how it reads the subprotocols, and that close() stops it.
const quiet = { pingIntervalMs: false, greet: false } as const;
const running: RunningReferenceServer[] = [];
const start = async (options: Parameters<typeof startReferenceServer>[0] = {}) => {
  const server = await startReferenceServer({ ...quiet, ...options });
  running.push(server);
  return server;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A user message whose JSON is exactly `bytes` long. */
const messageOf = (bytes: number) => {
  const frame = JSON.stringify({ text: '' });
  return JSON.stringify({ text: 'x'.repeat(bytes - frame.length) });
};

/**
 * Opens a WebSocket by hand with the `Sec-WebSocket-Protocol` header spelled
 * `header`, and resolves with the subprotocol the server chose and its first
 * frame: the text of a text frame, or the code of a close frame.
 */
async function handshake(server: RunningReferenceServer, header: string) {
  const upgrade = request({
    host: server.host,
    port: server.port,
    path: '/agent/text-stream',
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Protocol': header,
    },
  });
  upgrade.end();
  const [response, socket, head] = (await once(upgrade, 'upgrade')) as [
    { headers: Record<string, string> },
    Socket,
    Buffer,
  ];
  try {
    // `head`: what arrived with the handshake's answer, maybe the first frame.
    let bytes = head;
    // A server frame is unmasked; these are short (length < 126).
    while (bytes.length < 2 || bytes.length < 2 + (bytes[1] as number)) {
      const [chunk] = (await once(socket, 'data')) as [Buffer];
      bytes = Buffer.concat([bytes, chunk]);
    }
    const payload = bytes.subarray(2, 2 + (bytes[1] as number));
    const opcode = (bytes[0] as number) & 0x0f;
    return {
      protocol: response.headers['sec-websocket-protocol'],
      first: opcode === 8 ? { close: payload.readUInt16BE(0) } : { text: payload.toString() },
    };
  } finally {
    socket.destroy();
  }
}

describe('startReferenceServer', () => {
  it('listens on 127.0.0.1 by default', async () => {
    const server = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}/agent/text-stream`);
  });

  it('puts an IPv6 host in brackets in its url, and serves there', async () => {
    const server = await start({ host: '::1' });
    expect(server.url).toBe(`ws://[::1]:${server.port}/agent/text-stream`);
    const client = await rawClient(server.url);
    expect(client.started).toMatchObject({ conversation_id: 'conv_0001' });
  });

  it('takes a client frame of 64 KiB by default, and closes with 1009 on one byte more', async () => {
    const server = await start();
    const client = await rawClient(server.url);
    client.send(messageOf(64 * 1024));
    await server.received(1);
    client.send(messageOf(64 * 1024 + 1));
    expect(await client.closed).toBe(1009);
    expect(server.messages()).toHaveLength(1);
  });

  it('reads a token from subprotocols offered as a browser writes them, "auth, <token>"', async () => {
    const server = await start({ token: 'secret' });
    const { protocol, first } = await handshake(server, 'auth, secret');
    expect(protocol).toBe('auth');
    expect(first).toEqual({ text: expect.stringContaining('"type":"session_started"') });
    expect(server.connections[0]?.auth).toBe('subprotocol');
  });

  it('waits in received(count) for that many messages', async () => {
    const server = await start();
    const early = server.received(1);
    const client = await rawClient(server.url);
    client.send({ text: 'one' });
    expect((await early).map(({ text }) => text)).toEqual(['one']);
  });

  it('stops listening, and cuts every open socket, on close (twice is fine)', async () => {
    const server = await start();
    const client = await rawClient(server.url);
    await Promise.all([server.close(), server.close()]);
    expect(await client.closed).toBe(1006);
    expect(server.openSockets).toBe(0);
    const refused = new WebSocket(server.url);
    const [error] = (await once(refused, 'error').catch((caught: unknown) => [caught])) as [
      NodeJS.ErrnoException,
    ];
    expect(error.code).toBe('ECONNREFUSED');
  });
});
