import { ReferenceServer } from '../../src/server/ReferenceServer';
import { virtualClock } from '../support/virtualClock';
import { connectPeer } from './fakePeer';

describe('the reference server options', () => {
  it.each([
    [{ pingIntervalMs: 0 }, 'pingIntervalMs must be positive or false'],
    [{ pingIntervalMs: -5 }, 'pingIntervalMs must be positive or false'],
    [{ pingIntervalMs: Number.NaN }, 'pingIntervalMs must be positive or false'],
    [{ frameDelayMs: -1 }, 'frameDelayMs must not be negative'],
    [{ frameDelayMs: Number.NaN }, 'frameDelayMs must not be negative'],
    [{ greetingDelayMs: -1 }, 'greetingDelayMs must not be negative'],
  ])('refuses %j', (options, message) => {
    expect(() => new ReferenceServer(options)).toThrow(new TypeError(message));
  });

  it.each([
    { pingIntervalMs: false as const },
    { pingIntervalMs: 1 },
    { frameDelayMs: 0, greetingDelayMs: 0 },
  ])('accepts %j', (options) => {
    const server = new ReferenceServer(options);
    server.dispose();
    expect(server.kindness).toEqual({ finishCutTurns: false, dedupeByText: false });
  });
});

describe('the reference server core', () => {
  let clock = virtualClock();
  beforeEach(() => {
    clock = virtualClock();
  });

  it('lists the messages of one conversation, or of all', () => {
    const server = new ReferenceServer({ pingIntervalMs: false, greet: false });
    connectPeer(server).send({ text: 'one' });
    connectPeer(server).send({ text: 'two' });
    expect({
      conv_0002: server.messages('conv_0002').map(({ text }) => text),
      unknown: server.messages('conv_zzzz'),
      all: server.messages().map(({ text }) => text),
    }).toEqual({ conv_0002: ['two'], unknown: [], all: ['one', 'two'] });
  });

  it('asks faultPlan for a fault only when no injected fault is queued', () => {
    const planned: number[] = [];
    const server = new ReferenceServer({
      pingIntervalMs: false,
      greet: false,
      faults: [{ kind: 'reject', code: 1013 }],
      faultPlan: (index) => {
        planned.push(index);
        return index === 1 ? { kind: 'reject', code: 4029, reason: 'busy' } : undefined;
      },
    });
    const peers = [connectPeer(server), connectPeer(server), connectPeer(server)];
    expect(peers.map((peer) => peer.events[0])).toEqual([
      { close: 1013, reason: '' },
      { close: 4029, reason: 'busy' },
      { frame: expect.objectContaining({ type: 'session_started' }) },
    ]);
    expect(planned).toEqual([1, 2]);
  });

  it('stops every connection timer on dispose: no ping after it', () => {
    const server = new ReferenceServer({
      pingIntervalMs: 10,
      greet: false,
      scheduler: clock.scheduler,
    });
    const peer = connectPeer(server);
    clock.advance(20);
    server.dispose();
    clock.advance(100);
    expect(peer.types()).toEqual(['session_started', 'ping', 'ping']);
  });
});
