import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { lastValueFrom } from 'rxjs';
import WebSocket, { WebSocketServer } from 'ws';
import { CloseError, textStream } from '../../src/index';
import { createTestServer } from '../../src/testing/createTestServer';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';
import { frames } from '../../src/testing/frames';

/** A bare ws server that greets and then sends one frame of `size` characters. */
async function oversizedFrameServer(
  size: number,
): Promise<{ url: string; closed: Promise<number>; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  let closedWith: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => (closedWith = resolve));
  wss.on('connection', (socket) => {
    socket.on('close', (code) => closedWith(code));
    socket.send(JSON.stringify(frames.sessionStarted()));
    socket.send(JSON.stringify(frames.message('x'.repeat(size))));
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/agent/text-stream`,
    closed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

describe('hostile input', () => {
  it.each([
    ['the default 1 MiB', undefined, 1024 * 1024 + 10],
    ['a configured 1000 bytes', 1000, 2000],
  ])(
    'refuses an inbound frame over %s with a 1009 CloseError',
    async (_label, maxFrameBytes, size) => {
      const server = await oversizedFrameServer(size);
      try {
        const stream$ = textStream({
          url: server.url,
          ...(maxFrameBytes === undefined ? {} : { maxFrameBytes }),
        });
        const error = await lastValueFrom(stream$).catch((err: unknown) => err);
        expect(error).toBeInstanceOf(CloseError);
        expect(error).toMatchObject({
          code: 1009,
          retryable: false,
          reason: `an inbound frame exceeded maxFrameBytes (${maxFrameBytes ?? 1048576})`,
        });
        expect(await server.closed).toBe(1009);
      } finally {
        await server.close();
      }
    },
  );

  it('checks the size on receipt when the socket class cannot', () => {
    const { WebSocketCtor, sockets } = fakeWebSockets();
    let failure: unknown;
    textStream({ url: 'wss://agent.test/x', WebSocketCtor, maxFrameBytes: 100 }).subscribe({
      error: (err: unknown) => (failure = err),
    });
    sockets[0]?.open();
    sockets[0]?.receive(JSON.stringify(frames.message('y'.repeat(200))));
    expect(failure).toMatchObject({ name: 'CloseError', code: 1009 });
    expect(sockets[0]?.closedByClient).toBe(1000);
  });

  it("passes a server's own 1009 (our frame was too big for it) through unchanged", () => {
    const { WebSocketCtor, sockets } = fakeWebSockets();
    let failure: unknown;
    textStream({ url: 'wss://agent.test/x', WebSocketCtor }).subscribe({
      error: (err: unknown) => (failure = err),
    });
    sockets[0]?.open();
    sockets[0]?.serverClose(1009);
    expect(failure).toMatchObject({
      name: 'CloseError',
      code: 1009,
      reason: '',
      message: 'socket closed with code 1009: frame too big',
    });
  });
});

describe('the reference server under hostile clients', () => {
  const server = createTestServer({ pingIntervalMs: false, maxClientFrameBytes: 1024 });

  it('closes with 1009 on an oversized client frame', async () => {
    const socket = new WebSocket(server.url);
    await once(socket, 'open');
    socket.send(JSON.stringify({ text: 'z'.repeat(5000) }));
    const [code] = (await once(socket, 'close')) as [number];
    expect(code).toBe(1009);
  });

  it('answers unreadable client frames with a recoverable error frame', async () => {
    const socket = new WebSocket(server.url);
    const received: unknown[] = [];
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    await once(socket, 'open');
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'dance' }));
    socket.send(JSON.stringify({ type: 'stop' }));
    await once(socket, 'close');
    expect(received.filter((frame) => (frame as { type: string }).type === 'error')).toEqual([
      { type: 'error', message: 'could not parse client frame: "not json"' },
      { type: 'error', message: 'unsupported client frame: {"type":"dance"}' },
    ]);
    expect(received.at(-1)).toEqual({ type: 'session_ended', reason: 'stopped' });
  });
});
