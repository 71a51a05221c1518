import { runRunawayTurn } from './runaway';

describe('a runaway turn (soak, small)', () => {
  it('keeps the live heap under the documented bound however many frames arrive', () => {
    const report = runRunawayTurn(60_000);
    expect(report).toMatchObject({ truncated: true, diagnostics: 2, escapedErrors: 0 });
    expect(report.bytesSent).toBeGreaterThan(40_000_000);
    expect(report.peakHeapGrowthBytes).toBeLessThan(report.documentedBoundBytes);
  });
});
