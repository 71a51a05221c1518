import { coreOnVirtualClock, connectPeer } from './fakePeer';

// The core with fake peers on a virtual clock: what each connection writes,
// and how and why it closes, checked frame by frame without a socket.
const core = coreOnVirtualClock({ pingIntervalMs: false, greet: false });
const serverWith = core.server;
const resumeUrl = (conversationId: string) =>
  `/agent/text-stream?conversation_id=${conversationId}`;

describe('a server connection', () => {
  it('names each session after its connection, from ss_1, and counts every frame it writes', () => {
    const server = serverWith();
    const first = connectPeer(server);
    const second = connectPeer(server);
    first.send({ text: 'hello' });
    expect([first.frames()[0], second.frames()[0]]).toEqual([
      { type: 'session_started', session_id: 'ss_1', conversation_id: 'conv_0001' },
      { type: 'session_started', session_id: 'ss_2', conversation_id: 'conv_0002' },
    ]);
    expect(first.types()).toEqual(['session_started', 'typing', 'message', 'response_complete']);
    expect(server.connections.map((record) => record.framesSent)).toEqual([4, 1]);
  });

  it('closes a connection without a token with 4100 "not authenticated", a wrong one with 4403', () => {
    const server = serverWith({ token: 'secret' });
    const none = connectPeer(server);
    // Only a first subprotocol `auth` makes the second one a token.
    const notAuth = connectPeer(server, '/agent/text-stream', ['bearer', 'secret']);
    const wrong = connectPeer(server, '/agent/text-stream?token=guess');
    const right = connectPeer(server, '/agent/text-stream', ['auth', 'secret']);
    expect([none.events, notAuth.events, wrong.events]).toEqual([
      [{ close: 4100, reason: 'not authenticated' }],
      [{ close: 4100, reason: 'not authenticated' }],
      [{ close: 4403, reason: 'forbidden' }],
    ]);
    expect(right.types()).toEqual(['session_started']);
    expect(
      server.connections.map(({ auth, resumed, closeCode }) => [auth, resumed, closeCode]),
    ).toEqual([
      ['none', false, 4100],
      ['none', false, 4100],
      ['query', false, 4403],
      ['subprotocol', false, undefined],
    ]);
  });

  it('ends a resumed conversation that already ended: session_ended "completed", then 1000', () => {
    const server = serverWith();
    const first = connectPeer(server);
    first.send({ type: 'stop' });
    expect(first.events.slice(1)).toEqual([
      { frame: { type: 'session_ended', reason: 'stopped' } },
      { close: 1000, reason: 'stopped' },
    ]);
    first.closed(1000);
    const again = connectPeer(server, resumeUrl('conv_0001'));
    expect(again.events).toEqual([
      { frame: { type: 'session_started', session_id: 'ss_2', conversation_id: 'conv_0001' } },
      { frame: { type: 'session_ended', reason: 'completed' } },
      { close: 1000, reason: 'completed' },
    ]);
    expect(server.connections[1]).toMatchObject({
      resumed: true,
      closeCode: 1000,
      closedBy: 'server',
    });
  });

  it('writes nothing on a connection it closed, even before the socket reports the close', () => {
    const server = serverWith({ token: 'secret' });
    const peer = connectPeer(server);
    expect(server.push(0, { type: 'typing' })).toBe(false);
    expect(peer.events).toEqual([{ close: 4100, reason: 'not authenticated' }]);
    expect(server.connections[0]?.framesSent).toBe(0);
  });

  describe('dropAll', () => {
    it('cuts every open connection without a close frame (1006) when given no code', () => {
      const server = serverWith();
      const peer = connectPeer(server);
      server.dropAll();
      expect(peer.events.slice(1)).toEqual(['terminate']);
      expect(server.connections[0]).toMatchObject({
        open: false,
        closeCode: 1006,
        closedBy: 'server',
      });
    });

    it('closes them with the code given, reason "dropped"', () => {
      const server = serverWith();
      const peer = connectPeer(server);
      server.dropAll(4000);
      expect(peer.events.slice(1)).toEqual([{ close: 4000, reason: 'dropped' }]);
      expect(server.connections[0]).toMatchObject({ open: false, closeCode: 4000 });
    });

    it('leaves alone a connection the server already closed, whose socket has not closed yet', () => {
      const server = serverWith();
      const peer = connectPeer(server);
      peer.send({ type: 'stop' });
      server.dropAll();
      server.dropAll(4000);
      expect(peer.events.slice(2)).toEqual([{ close: 1000, reason: 'stopped' }]);
      expect(server.connections[0]).toMatchObject({ closeCode: 1000, closedBy: 'server' });
    });
  });

  it('greets at once, before any timer runs, when greetingDelayMs is 0', () => {
    const server = serverWith({ greet: true });
    const peer = connectPeer(server);
    expect(peer.types()).toEqual(['session_started', 'typing', 'message', 'response_complete']);
  });

  it("answers a resume under the 'switch-conversation' fault with a new conversation, even with unknownConversation 'same-id'", () => {
    const server = serverWith({ unknownConversation: 'same-id' });
    connectPeer(server).closed(1000);
    server.inject({ kind: 'switch-conversation' });
    const switched = connectPeer(server, resumeUrl('conv_0001'));
    const resumed = connectPeer(server, resumeUrl('conv_0001'));
    const unknown = connectPeer(server, resumeUrl('conv_zzzz'));
    expect(
      [switched, resumed, unknown].map(
        (peer) => (peer.frames()[0] as { conversation_id: string }).conversation_id,
      ),
    ).toEqual(['conv_0002', 'conv_0001', 'conv_zzzz']);
    expect(server.connections.map((record) => record.resumed)).toEqual([false, false, true, false]);
  });

  describe('a drop fault', () => {
    it('counts no ping towards afterFrames', () => {
      const server = serverWith({ pingIntervalMs: 10 });
      server.inject({ kind: 'drop', afterFrames: 3 });
      const peer = connectPeer(server);
      core.advance(30);
      peer.send({ text: 'hi' });
      expect(
        peer.events.map((event) =>
          typeof event === 'object' && 'frame' in event
            ? (event.frame as { type: string }).type
            : event,
        ),
      ).toEqual(['session_started', 'ping', 'ping', 'ping', 'typing', 'message', 'terminate']);
    });

    it('with a code closes once, with that code and "injected drop", even when the frame it cuts after ends the session', () => {
      const server = serverWith();
      server.inject({ kind: 'drop', afterFrames: 2, code: 4001 });
      const peer = connectPeer(server);
      peer.send({ type: 'stop' });
      expect(peer.events.slice(1)).toEqual([
        { frame: { type: 'session_ended', reason: 'stopped' } },
        { close: 4001, reason: 'injected drop' },
      ]);
      expect(server.connections[0]).toMatchObject({ closeCode: 4001, closedBy: 'server' });
    });
  });
});
