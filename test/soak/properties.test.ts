import { decodeNeverEmitsInvalid, hugeTurnsStayBounded, pairingAndTurnsHold } from './properties';

// The soak command runs these with at least 100 000 generated inputs; npm test runs a sample.
describe('properties (fast-check)', () => {
  it('decodeFrames never throws out of the stream and never emits a frame its codec rejects', () => {
    decodeNeverEmitsInvalid(1500);
  });

  it('pairs every started call exactly once and counts one complete turn per response_complete', () => {
    pairingAndTurnsHold(500);
  });

  it('keeps huge turns within their limits, mixed with hostile frames, without throwing', () => {
    hugeTurnsStayBounded(60);
  });
});
