import { progressLine } from '../../../src/cli/run/progressLine';
import { summaryTable } from '../../../src/cli/run/summaryTable';

describe('progressLine', () => {
  it('shows a bar and an ETA once the total is known', () => {
    expect(progressLine({ done: 120, failed: 3, running: 50, total: 500, elapsedMs: 10_000 })).toBe(
      '[#####...............] 120/500 done · 3 failed · 50 running · 12.0/s · ETA 0:32',
    );
  });

  it('shows counts and the rate alone while the total is unknown', () => {
    expect(progressLine({ done: 0, failed: 0, running: 10, total: undefined, elapsedMs: 0 })).toBe(
      '0 done · 0 failed · 10 running · 0.0/s',
    );
  });

  it('counts hours in a long ETA', () => {
    expect(
      progressLine({ done: 1, failed: 0, running: 1, total: 10_000, elapsedMs: 1000 }),
    ).toMatch(/ETA 2:46:39$/);
  });
});

describe('summaryTable', () => {
  const summary = {
    conversations: 200,
    ok: 198,
    failed: 2,
    failures: {
      closed: 1,
      connect: 0,
      'turn-timeout': 0,
      expectation: 1,
      'ended-early': 0,
      error: 0,
    },
    turns: 600,
    latencyMs: { p50: 3, p95: 9, p99: 14, max: 21 },
    reconnects: 0,
    elapsedMs: 1900,
  };

  it('lays out the figures a person reads', () => {
    expect(summaryTable(summary)).toBe(
      [
        'conversations  200 (198 ok, 2 failed)',
        'failed by      closed 1, expectation 1',
        'turns          600',
        'latency ms     p50 3  p95 9  p99 14  max 21',
        'reconnects     0',
        'elapsed        1.9 s (105.3 conversations/s)',
      ].join('\n'),
    );
  });

  it('says when the run was interrupted, and shows no latency before any turn', () => {
    const table = summaryTable(
      {
        ...summary,
        conversations: 0,
        ok: 0,
        failed: 0,
        failures: { ...summary.failures, closed: 0, expectation: 0 },
        turns: 0,
        latencyMs: { p50: null, p95: null, p99: null, max: null },
        elapsedMs: 0,
      },
      true,
    );
    expect(table.split('\n')).toEqual([
      'conversations  0 (0 ok, 0 failed), interrupted',
      'turns          0',
      'latency ms     -',
      'reconnects     0',
      'elapsed        0.0 s',
    ]);
  });
});
