import { CloseError, type ServerFrame, textStream } from '../../src/index';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';
import { virtualClock } from '../support/virtualClock';

// One socket, played by the test: what the size limit lets through and what ends it.
function open(maxFrameBytes: number) {
  const clock = virtualClock();
  const { WebSocketCtor, sockets } = fakeWebSockets();
  const received: ServerFrame[] = [];
  const outcome: { error?: unknown } = {};
  textStream({
    url: 'wss://agent.test/x',
    WebSocketCtor,
    maxFrameBytes,
    scheduler: clock.scheduler,
    reconnect: false,
    pingTimeoutMs: false,
    handshakeTimeoutMs: false,
  }).subscribe({
    next: (frame) => received.push(frame),
    error: (error: unknown) => (outcome.error = error),
  });
  const socket = sockets[0];
  if (socket === undefined) throw new Error('no socket was opened');
  socket.open();
  // Bytes reach the handler as they would from a socket with binaryType 'arraybuffer'.
  const deliver = (data: unknown) => socket.onmessage?.({ data });
  return { socket, received, outcome, deliver };
}

/** A `typing` frame whose JSON text is exactly `length` characters (and bytes). */
const typingOfLength = (length: number): string => {
  const bare = '{"type":"typing","p":""}';
  return bare.replace('""', `"${'x'.repeat(length - bare.length)}"`);
};

const refusal = (max: number) =>
  new CloseError(1009, `an inbound frame exceeded maxFrameBytes (${max})`);

describe('the inbound frame size limit', () => {
  it('lets a text frame of exactly maxFrameBytes through (the limit is inclusive)', () => {
    const { received, outcome, deliver } = open(40);
    deliver(typingOfLength(40));
    expect({ frames: received.length, error: outcome.error }).toEqual({
      frames: 1,
      error: undefined,
    });
  });

  it('refuses a text frame one character over maxFrameBytes with a terminal 1009 CloseError', () => {
    const { received, outcome, deliver, socket } = open(40);
    deliver(typingOfLength(41));
    expect(received).toEqual([]);
    expect(outcome.error).toEqual(refusal(40));
    expect(outcome.error).toMatchObject({ code: 1009, retryable: false });
    expect(socket.closedByClient).toBeDefined();
  });

  it.each([
    ['an ArrayBuffer', (text: string) => new TextEncoder().encode(text).buffer],
    ['a Uint8Array', (text: string) => new TextEncoder().encode(text)],
    ['a Buffer', (text: string) => Buffer.from(text)],
  ])('size-checks a binary frame (%s) by its bytes', (_label, bytes) => {
    const atLimit = open(40);
    atLimit.deliver(bytes(typingOfLength(40)));
    expect({ 'binary frame at the limit': atLimit.outcome.error }).toEqual({
      'binary frame at the limit': undefined,
    });
    expect(atLimit.received).toHaveLength(1);

    const over = open(40);
    over.deliver(bytes(typingOfLength(41)));
    expect({ 'binary frame over the limit': over.outcome.error }).toEqual({
      'binary frame over the limit': refusal(40),
    });
    expect(over.received).toEqual([]);
  });

  it('asks for binary frames as ArrayBuffers', () => {
    expect(open(10).socket.binaryType).toBe('arraybuffer');
  });
});
