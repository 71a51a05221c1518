import { ScriptedAgent, type AgentMemory, type AgentReply } from '../../src/server/index';

// "Today" is Thursday 2026-07-09 unless a test says otherwise.
const slots = '{"slots":["9:00 AM","2:00 PM"]}';
const offer = (date: string, label: string): AgentReply => ({
  steps: [
    {
      kind: 'tool',
      toolName: 'check_availability',
      input: { date },
      result: slots,
      succeeded: true,
    },
    {
      kind: 'message',
      text: `I have openings at 9:00 AM and 2:00 PM ${label}. Which works better?`,
    },
  ],
});
/** The booking steps, every literal spelled out by the caller. */
const booking = (date: string, time: string, confirmation: string, weekday: string) => [
  {
    kind: 'tool',
    toolName: 'book_appointment',
    input: { date, time },
    result: JSON.stringify({ confirmation, date, time }),
    succeeded: true,
  },
  { kind: 'message', text: `Done - you are rescheduled for ${weekday} at ${time}.` },
];
const say = (text: string): AgentReply => ({ steps: [{ kind: 'message', text }] });
const hint = (text: string) =>
  say(
    `You said "${text}". I can reschedule your appointment: try "I need to reschedule my appointment".`,
  );

/** A conversation with one agent: each line the user says, and the agent's reply. */
function converse(lines: string[], agent = new ScriptedAgent()) {
  const memory: AgentMemory = agent.newMemory();
  return { replies: lines.map((line) => agent.reply(memory, line)), memory };
}

describe('the scripted agent', () => {
  it('refuses a today that is no date', () => {
    expect(() => new ScriptedAgent({ today: 'next week' })).toThrow(
      new TypeError('ScriptedAgent: today must be YYYY-MM-DD'),
    );
  });

  it("holds the protocol page's conversation: ask, offer, book, end", () => {
    const { replies, memory } = converse([
      'I need to RESCHEDULE my appointment',
      'hmm',
      'next Tuesday',
      'not sure',
      '2pm',
    ]);
    expect(replies).toEqual([
      say('I can help with that. What date works for you?'),
      say('Which date works for you? For example "next Tuesday" or "2026-07-15".'),
      offer('2026-07-14', 'next Tuesday'),
      say('I have openings at 9:00 AM and 2:00 PM next Tuesday. Which works better?'),
      {
        steps: booking('2026-07-14', '2:00 PM', 'BK-20260714-1400', 'Tuesday'),
        endSession: 'completed',
      },
    ]);
    expect(memory.stage).toBe('idle');
  });

  it('books the morning slot with its own confirmation, and keeps the session when told to', () => {
    const agent = new ScriptedAgent({ endAfterBooking: false });
    const { replies } = converse(['move my appointment to 2026-07-15', '9'], agent);
    expect(replies[1]).toEqual({
      steps: booking('2026-07-15', '9:00 AM', 'BK-20260715-0900', 'Wednesday'),
    });
  });

  it.each([
    ['2026-07-15', '2026-07-15', 'on 2026-07-15'],
    ['tomorrow', '2026-07-10', 'tomorrow'],
    ['sunday', '2026-07-12', 'on Sunday'],
    ['monday', '2026-07-13', 'on Monday'],
    ['tuesday', '2026-07-14', 'on Tuesday'],
    ['wednesday', '2026-07-15', 'on Wednesday'],
    ['thursday', '2026-07-16', 'on Thursday'],
    ['friday', '2026-07-10', 'on Friday'],
    ['saturday', '2026-07-11', 'on Saturday'],
    ['next friday', '2026-07-17', 'next Friday'],
    ['next  tuesday', '2026-07-14', 'next Tuesday'],
    ['next thursday', '2026-07-16', 'next Thursday'],
    ['next saturday', '2026-07-18', 'next Saturday'],
  ])('reads "%s" as %s', (day, date, label) => {
    expect(converse([`reschedule my appointment ${day}`]).replies[0]).toEqual(offer(date, label));
  });

  it.each(['rescheduling', 'book', 'bookings', 'booked', 'move', 'appointment'])(
    'takes "%s" as a wish to reschedule',
    (word) => {
      expect(converse([`${word} please`]).replies[0]).toEqual(
        say('I can help with that. What date works for you?'),
      );
    },
  );

  it('does not take an impossible date for a day', () => {
    expect(converse(['reschedule to 2026-13-45']).replies[0]).toEqual(
      say('I can help with that. What date works for you?'),
    );
  });

  it('names a Saturday booking by its weekday', () => {
    const agent = new ScriptedAgent({ endAfterBooking: false });
    const { replies } = converse(['move my appointment to 2026-07-11', '2pm'], agent);
    expect(replies[1]).toEqual({
      steps: booking('2026-07-11', '2:00 PM', 'BK-20260711-1400', 'Saturday'),
    });
  });

  it.each([
    ['9', '9:00 AM'],
    ['09:00', '9:00 AM'],
    ['9am', '9:00 AM'],
    ['9:00 a.m.', '9:00 AM'],
    ['2', '2:00 PM'],
    ['2:00 p.m.', '2:00 PM'],
    ['2 PM', '2:00 PM'],
  ])('books "%s" as %s', (said, slot) => {
    const { replies } = converse(['reschedule to tomorrow', said]);
    expect(replies[1]?.steps[0]).toMatchObject({
      toolName: 'book_appointment',
      input: { time: slot },
    });
  });

  it.each(['9 pm', '2 am', '9:30', '11', 'at 12'])(
    'books nothing for "%s", which is no open slot, and offers the slots again',
    (said) => {
      const { replies, memory } = converse(['reschedule to tomorrow', said]);
      expect({ reply: replies[1], stage: memory.stage }).toEqual({
        reply: say('I have openings at 9:00 AM and 2:00 PM tomorrow. Which works better?'),
        stage: 'awaiting-time',
      });
    },
  );

  it('offers the slots without a day it does not know', () => {
    const agent = new ScriptedAgent();
    const memory: AgentMemory = { stage: 'awaiting-time', date: '2026-07-10' };
    expect(agent.reply(memory, 'hmm')).toEqual(
      say('I have openings at 9:00 AM and 2:00 PM. Which works better?'),
    );
  });

  it('takes a new day while waiting for a date or a time, but not out of the blue', () => {
    expect({
      'waiting for a date': converse(['reschedule', 'friday']).replies[1],
      'waiting for a time': converse(['reschedule tomorrow', 'friday']).replies[1],
      'out of the blue': converse(['friday']).replies[0],
    }).toEqual({
      'waiting for a date': offer('2026-07-10', 'on Friday'),
      'waiting for a time': offer('2026-07-10', 'on Friday'),
      'out of the blue': hint('friday'),
    });
  });

  it('books nothing for a time said after the booking is done', () => {
    const { replies } = converse(['reschedule tomorrow', '2pm', '9am']);
    expect(replies[2]).toEqual(hint('9am'));
  });

  it('echoes anything else, trimmed, with a hint', () => {
    expect(converse(['  Hello there  ']).replies[0]).toEqual(hint('Hello there'));
  });

  it('answers an order question with a failed tool call, an error and an apology', () => {
    expect(converse(['What is my ORDER status?']).replies[0]).toEqual({
      steps: [
        {
          kind: 'tool',
          toolName: 'lookup_order',
          input: { query: 'latest' },
          result: 'timeout after 5000 ms',
          succeeded: false,
        },
        { kind: 'error', message: 'lookup_order timed out; answering without it.' },
        {
          kind: 'message',
          text: "I couldn't reach the order system just now. I can still reschedule an appointment for you.",
        },
      ],
    });
  });

  it('greets a new conversation', () => {
    expect(new ScriptedAgent().greet()).toEqual(
      say(
        "Hello! I'm the scheduling assistant. I can check availability and reschedule appointments. How can I help?",
      ),
    );
  });
});
