import { formatCoverage, REQUIRED_COVERAGE, runSessionModel } from '../support/sessionModel';

// The model and the guarantees it checks are in test/support/sessionModel.ts;
// `npm run soak` runs the long version (10 000+ conversations). Replay a
// failure with SESSION_MODEL_SEED=<seed> (fast-check prints seed and path).
const seed = Number(process.env.SESSION_MODEL_SEED ?? 20261126);

describe('session state machine against a model of the live server (fast-check)', () => {
  it('keeps every guarantee when greetings start within greetingTimeoutMs', () => {
    const report = runSessionModel(500, seed);
    console.log(
      `${report.runs} conversations, ${report.sends} sends, ${report.durationMs} ms\n${formatCoverage(report.coverage)}`,
    );
    expect(REQUIRED_COVERAGE.filter((tag) => (report.coverage[tag] ?? 0) === 0)).toEqual([]);
  });

  it('with greetings after greetingTimeoutMs still settles every send, never crosses conversations and never sticks', () => {
    // Attribution is not guaranteed here, and the model shows why: a greeting
    // that starts after the wait is indistinguishable from the answer to a
    // message written just before it (shrunk: new conversation, greeting
    // 1001 ms after session_started, send at once -> the greeting answers
    // it). That is the documented cost of a finite greetingTimeoutMs.
    const report = runSessionModel(300, seed, { lateGreetings: true, strict: false });
    expect(report.coverage['greeting:slow']).toBeGreaterThan(0);
    expect(report.unguardedRuns).toBeGreaterThan(0);
    expect(report.firstUnguarded).toMatch(/answered with "hello from|mid-turn \(greeting/);
  });
});
