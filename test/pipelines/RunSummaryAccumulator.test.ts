import fc from 'fast-check';
import { RunSummaryAccumulator, type ConversationEvent, type FailureReason } from '../../src/index';
import { LatencyHistogram } from '../../src/pipelines/LatencyHistogram';

const nearestRank = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] as number;
};

describe('LatencyHistogram', () => {
  it('gives exact nearest-rank percentiles for whole milliseconds under 2048', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2047 }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(1, 50, 90, 95, 99, 100),
        (values, p) => {
          const histogram = new LatencyHistogram();
          values.forEach((value) => histogram.add(value));
          expect(histogram.percentile(p)).toBe(nearestRank(values, p));
          expect(histogram.max).toBe(Math.max(...values));
          expect(histogram.count).toBe(values.length);
        },
      ),
    );
  });

  it('stays within 0.05 % for long and fractional latencies, in bounded buckets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 1e7, noNaN: true }), {
          minLength: 1,
          maxLength: 200,
        }),
        (values) => {
          const histogram = new LatencyHistogram();
          values.forEach((value) => histogram.add(value));
          const exact = nearestRank(values, 95);
          expect(Math.abs((histogram.percentile(95) as number) - exact)).toBeLessThanOrEqual(
            exact * 0.0005 + 1e-9,
          );
        },
      ),
    );
    const histogram = new LatencyHistogram();
    for (let ms = 0; ms < 200_000; ms += 1) histogram.add(ms);
    // 2048 exact buckets, then 1024 per octave up to 2^18.
    expect(histogram.percentile(50)).toBeCloseTo(100_000, -2);
  });

  it('is empty until something is added', () => {
    const histogram = new LatencyHistogram();
    histogram.add(Number.NaN);
    expect([histogram.percentile(50), histogram.max, histogram.count]).toEqual([null, null, 0]);
  });
});

describe('RunSummaryAccumulator', () => {
  const conversation = (
    id: string,
    latenciesMs: number[],
    reason?: FailureReason,
    at = 0,
  ): ConversationEvent => ({
    type: 'conversation',
    id,
    ok: reason === undefined,
    turns: latenciesMs.length,
    latenciesMs,
    reconnects: reason === 'connect' ? 3 : 0,
    startedAt: at,
    endedAt: at + 100,
    ...(reason === undefined ? {} : { error: { reason, retryable: false, message: reason } }),
  });

  it('counts conversations by outcome and reason, turns, reconnects and the elapsed time', () => {
    const summary = new RunSummaryAccumulator();
    summary.add(conversation('a', [10, 20], undefined, 0));
    summary.add({ type: 'turn' } as never);
    summary.add(conversation('b', [30], 'expectation', 50));
    summary.add(conversation('c', [], 'connect', 400));
    expect(summary.summary()).toEqual({
      conversations: 3,
      ok: 1,
      failed: 2,
      failures: {
        closed: 0,
        connect: 1,
        'turn-timeout': 0,
        expectation: 1,
        'ended-early': 0,
        error: 0,
      },
      turns: 3,
      latencyMs: { p50: 20, p95: 30, p99: 30, max: 30 },
      reconnects: 3,
      elapsedMs: 500,
    });
  });

  it('gives the same summary from conversation events read back from JSON', () => {
    const events = [conversation('a', [5, 7]), conversation('b', [1], 'closed', 10)];
    const live = new RunSummaryAccumulator();
    const stored = new RunSummaryAccumulator();
    events.forEach((event) => live.add(event));
    events.forEach((event) => stored.add(JSON.parse(JSON.stringify(event)) as ConversationEvent));
    expect(stored.summary()).toEqual(live.summary());
  });

  it('summarises nothing as zeros and nulls', () => {
    expect(new RunSummaryAccumulator().summary()).toMatchObject({
      conversations: 0,
      elapsedMs: 0,
      latencyMs: { p50: null, p95: null, p99: null, max: null },
    });
  });
});
