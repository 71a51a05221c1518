import { CloseError } from '../../src/index';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';
import { openSocket } from '../../src/transport/openSocket';
import { virtualClock } from '../support/virtualClock';

// One socket, played by the test: what it lets through and what ends it.
function open(maxFrameBytes: number) {
  const clock = virtualClock();
  const { WebSocketCtor, sockets } = fakeWebSockets();
  const received: unknown[] = [];
  const outcome: { error?: unknown } = {};
  const subscription = openSocket({
    url: 'wss://agent.test/x',
    protocols: undefined,
    WebSocketCtor,
    connectTimeoutMs: 1000,
    maxFrameBytes,
    scheduler: clock.scheduler,
    closeContext: { resuming: false },
    onOpen: () => undefined,
  }).subscribe({
    next: (data) => received.push(data),
    error: (error: unknown) => (outcome.error = error),
  });
  const socket = sockets[0];
  if (socket === undefined) throw new Error('no socket was opened');
  socket.open();
  // Bytes reach the handler as they would from a socket with binaryType 'arraybuffer'.
  const deliver = (data: unknown) => socket.onmessage?.({ data });
  return { clock, socket, received, outcome, subscription, deliver };
}

const refusal = (max: number) =>
  new CloseError(1009, `an inbound frame exceeded maxFrameBytes (${max})`);

describe('openSocket: the inbound frame size limit', () => {
  it('lets a text frame of exactly maxFrameBytes through (the limit is inclusive)', () => {
    const { received, outcome, deliver } = open(10);
    deliver('x'.repeat(10));
    expect({ received, error: outcome.error }).toEqual({
      received: ['x'.repeat(10)],
      error: undefined,
    });
  });

  it('refuses a text frame one character over maxFrameBytes with a 1009 CloseError', () => {
    const { received, outcome, deliver, socket } = open(10);
    deliver('x'.repeat(11));
    expect(received).toEqual([]);
    expect(outcome.error).toEqual(refusal(10));
    expect(outcome.error).toMatchObject({ code: 1009, retryable: false });
    expect(socket.closedByClient).toBe(1000);
  });

  it.each([
    ['an ArrayBuffer', (n: number) => new ArrayBuffer(n)],
    ['a Uint8Array', (n: number) => new Uint8Array(n)],
    ['a Buffer', (n: number) => Buffer.alloc(n)],
  ])('size-checks a binary frame (%s) by its bytes', (_label, bytes) => {
    const atLimit = open(16);
    atLimit.deliver(bytes(16));
    expect({ 'binary frame at the limit': atLimit.outcome.error }).toEqual({
      'binary frame at the limit': undefined,
    });
    expect(atLimit.received).toHaveLength(1);

    const over = open(16);
    over.deliver(bytes(17));
    expect({ 'binary frame over the limit': over.outcome.error }).toEqual({
      'binary frame over the limit': refusal(16),
    });
    expect(over.received).toEqual([]);
  });

  it('passes anything that is neither text nor bytes to the decoder, which reports it', () => {
    const { received, outcome, deliver } = open(1);
    deliver({ type: 'typing', padding: 'x'.repeat(50) });
    expect(outcome.error).toBeUndefined();
    expect(received).toHaveLength(1);
  });

  it('asks for binary frames as ArrayBuffers', () => {
    expect(open(10).socket.binaryType).toBe('arraybuffer');
  });
});
