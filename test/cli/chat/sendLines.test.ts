import { events, runCli } from '../inProcess';

describe('text-stream chat with piped input', () => {
  it('sends each line trimmed, skips blank ones, and writes each turn with its messages and errors', async () => {
    const { code, stdout } = await runCli(
      ['chat', '--json'],
      '  What is my order status?  \n\n   \nhello\n',
    );
    expect(code).toBe(0);
    const all = events(stdout);
    expect(all.filter((event) => event.event === 'sent').map((event) => event.text)).toEqual([
      'What is my order status?',
      'hello',
    ]);
    expect(all.filter((event) => event.event === 'turn')[1]).toMatchObject({
      messages: [
        "I couldn't reach the order system just now. I can still reschedule an appointment for you.",
      ],
      errors: ['lookup_order timed out; answering without it.'],
    });
  });
});
