import type { Fault } from '../../src/server/Fault';
import type { ReferenceServer } from '../../src/server/ReferenceServer';
import { connectPeer, coreOnVirtualClock, type FakePeer } from './fakePeer';

// Which turn a message gets (new, duplicate, the cut answer finished or
// replayed), through the core with fake peers: answers are paced by
// frameDelayMs on a virtual clock, so a drop can cut one mid-way.
const core = coreOnVirtualClock({ pingIntervalMs: false, greet: false, frameDelayMs: 10 });
const serverWith = core.server;
const resumeUrl = '/agent/text-stream?conversation_id=conv_0001';
/** The frames `peer` got after session_started. */
const after = (peer: FakePeer) => peer.frames().slice(1);

/** Sends `message` on a first connection, cuts it after `typing`, and resumes on a second. */
function cutThenResume(server: ReferenceServer, message: object, fault?: Fault): FakePeer {
  if (fault) server.inject(fault);
  const first = connectPeer(server);
  first.send(message);
  expect(first.types()).toEqual(['session_started', 'typing']);
  server.dropAll();
  first.closed(1006);
  return connectPeer(server, resumeUrl);
}

const answer = (text: string, duplicate = false) => [
  { type: 'typing' },
  {
    type: 'message',
    role: 'agent',
    text: expect.stringMatching(new RegExp(`^You said "${text}"`)),
  },
  { type: 'response_complete', duplicate },
];

describe('kindness.dedupeByText', () => {
  const server = () => serverWith({ kindness: { dedupeByText: true } });

  it('takes only the same text as a resend of a cut message that had no id', () => {
    const s = server();
    const resumed = cutThenResume(s, { text: 'one' });
    resumed.send({ text: 'two' });
    core.advance(100);
    expect(after(resumed)).toEqual(answer('two'));
    expect(s.messages().map(({ text, resend }) => [text, resend])).toEqual([
      ['one', false],
      ['two', false],
    ]);
  });

  it('takes no message without an id as a resend of one that had an id', () => {
    const s = server();
    const resumed = cutThenResume(s, { text: 'one', client_message_id: 'm1' });
    resumed.send({ text: 'one' });
    core.advance(100);
    expect(after(resumed)).toEqual(answer('one'));
    expect(s.messages().map(({ resend }) => resend)).toEqual([false, false]);
  });
});

describe('a resend', () => {
  it('of the message being answered on this connection gets a duplicate completion after the answer', () => {
    const s = serverWith();
    const peer = connectPeer(s);
    peer.send({ text: 'one', client_message_id: 'm1' });
    peer.send({ text: 'one', client_message_id: 'm1' });
    core.advance(100);
    expect(after(peer)).toEqual([...answer('one'), { type: 'response_complete', duplicate: true }]);
    expect(s.messages().map(({ midTurn, resend }) => [midTurn, resend])).toEqual([
      [false, false],
      [true, true],
    ]);
  });

  it('of a cut message, sent while another is answered, gets the whole answer again after it', () => {
    const s = serverWith();
    const resumed = cutThenResume(s, { text: 'one', client_message_id: 'm1' });
    resumed.send({ text: 'two', client_message_id: 'm2' });
    resumed.send({ text: 'one', client_message_id: 'm1' });
    core.advance(100);
    expect(after(resumed)).toEqual([...answer('two'), ...answer('one')]);
  });

  it('of a cut booking answered again still ends the session after it', () => {
    const s = serverWith();
    const first = connectPeer(s);
    first.send({ text: 'reschedule my appointment tomorrow', client_message_id: 'm1' });
    core.advance(100);
    first.send({ text: '9am', client_message_id: 'm2' });
    expect(first.types().at(-1)).toBe('typing');
    s.dropAll();
    first.closed(1006);
    const resumed = connectPeer(s, resumeUrl);
    resumed.send({ text: '9am', client_message_id: 'm2' });
    core.advance(100);
    expect(resumed.events.slice(1)).toEqual([
      { frame: { type: 'typing' } },
      {
        frame: {
          type: 'message',
          role: 'agent',
          text: 'Done - you are rescheduled for Friday at 9:00 AM.',
        },
      },
      { frame: { type: 'response_complete', duplicate: false } },
      { frame: { type: 'session_ended', reason: 'completed' } },
      { close: 1000, reason: 'completed' },
    ]);
  });

  it('with kindness.finishCutTurns finishes a cut scripted answer as it was scripted, without adding a completion', () => {
    const s = serverWith({ kindness: { finishCutTurns: true } });
    const message = { text: 'one', client_message_id: 'm1' };
    const resumed = cutThenResume(s, message, {
      kind: 'answer',
      frames: [
        { type: 'typing' },
        { type: 'message', role: 'agent', text: 'a' },
        { type: 'message', role: 'agent', text: 'b' },
      ],
    });
    resumed.send(message);
    core.advance(100);
    expect(after(resumed)).toEqual([
      { type: 'message', role: 'agent', text: 'a' },
      { type: 'message', role: 'agent', text: 'b' },
    ]);
  });
});
