import { runSoak } from './soak';

describe('soak (small, seeded)', () => {
  it('answers every message exactly once, in order, through injected faults', async () => {
    const report = await runSoak({ seed: 7, sessions: 4, turns: 15, timeLimitMs: 15_000 });
    const { turnsAnswered, lost, doubled, outOfOrder, timedOut, failures } = report;
    expect({ turnsAnswered, lost, doubled, outOfOrder, timedOut, failures }).toEqual({
      turnsAnswered: 60,
      lost: 0,
      doubled: 0,
      outOfOrder: 0,
      timedOut: false,
      failures: [],
    });
    expect(report.faults.total).toBeGreaterThan(10);
    expect(report.reconnects).toBeGreaterThan(5);
  });
});
