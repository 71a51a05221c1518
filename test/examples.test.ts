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
});
