describe('examples', () => {
  it("pipeline.ts (the README's example) prints the paired turn", async () => {
    const lines: unknown[][] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args);
    });
    try {
      await jest.isolateModulesAsync(async () => {
        await import('../examples/pipeline');
      });
    } finally {
      log.mockRestore();
    }
    expect(lines).toEqual([
      [0, 'I have an opening at 9:00 AM.', ['check_availability: completed']],
    ]);
  });

  it('session.ts holds the conversation against the reference server', async () => {
    const lines: string[] = [];
    const { run } = await import('../examples/session');
    await run((line) => lines.push(line));
    expect(lines).toEqual([
      expect.stringMatching(/^agent: Hello!/),
      'you: Hi, I need to reschedule my appointment',
      'agent: I can help with that. What date works for you?',
      'you: Next Tuesday',
      '  tool check_availability: completed',
      'agent: I have openings at 9:00 AM and 2:00 PM next Tuesday. Which works better?',
      'you: 9 AM please',
      '  tool book_appointment: completed',
      'agent: Done - you are rescheduled for Tuesday at 9:00 AM.',
      'session ended: completed',
    ]);
  });
});
