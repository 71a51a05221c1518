import { conversationJobData } from '../../src/bullmq/ConversationJob';
import { parseScript } from '../../src/pipelines/ConversationScript';

describe('conversationJobData', () => {
  it('stores the script as JSON, its RegExps as the sources parseScript reads back', () => {
    const script = {
      id: 'c1',
      greets: true,
      turns: [
        'Hi',
        {
          text: 'Next Tuesday',
          expect: { text: /Tuesday|available/, textNot: /sorry/, noErrors: true },
        },
        { text: 'Book it', expect: { toolCalls: ['book_appointment'], text: 'booked' } },
      ],
    };
    const data = conversationJobData(script);
    const stored = JSON.parse(JSON.stringify(data)) as unknown;
    expect(stored).toEqual({
      script: {
        id: 'c1',
        greets: true,
        turns: [
          'Hi',
          {
            text: 'Next Tuesday',
            expect: { text: 'Tuesday|available', textNot: 'sorry', noErrors: true },
          },
          { text: 'Book it', expect: { toolCalls: ['book_appointment'], text: 'booked' } },
        ],
      },
    });
    expect(parseScript((stored as typeof data).script)).toEqual(data.script);
  });

  it('refuses a RegExp with flags, which JSON cannot carry, naming the script', () => {
    expect(() =>
      conversationJobData({ id: 'c2', turns: [{ text: 'Hi', expect: { text: /hello/i } }] }),
    ).toThrow(
      new TypeError(
        'script c2: the pattern /hello/i has flags, which a queued job cannot carry; write it without flags',
      ),
    );
  });
});
