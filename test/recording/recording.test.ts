import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marbles } from 'rxjs-marbles/jest';
import {
  parseRecording,
  recordLine,
  replayRecording,
  RecordingError,
  toTurns,
} from '../../src/index';
import { frames } from '../../src/testing/frames';

const recording = readFileSync(join(__dirname, '../fixtures/recording.ndjson'), 'utf8');

describe('recordings', () => {
  it(
    'replay with their original timing in virtual time',
    marbles((m) => {
      // prettier-ignore
      const expected = 'S-t--(mr)(E|)';
      m.expect(replayRecording(recording, m.scheduler)).toBeObservable(expected, {
        S: frames.sessionStarted('conv_1', 'ss_1'),
        t: frames.typing(),
        m: frames.message('Hello!'),
        r: frames.responseComplete(),
        E: frames.sessionEnded('completed'),
      });
    }),
  );

  it(
    'drive the operators like a live stream',
    marbles((m) => {
      const turn = {
        index: 0,
        messages: [frames.message('Hello!')],
        text: 'Hello!',
        toolCalls: [],
        errors: [],
        duplicate: false,
        complete: true,
        spansReconnect: false,
        truncated: false,
        // The recording's own offsets, replayed in virtual time.
        timing: {
          sentAt: undefined,
          firstFrameAt: 2,
          typingAt: 2,
          firstMessageAt: 5,
          completedAt: 5,
          resentAt: undefined,
          reconnects: 0,
        },
      };
      m.expect(replayRecording(recording, m.scheduler).pipe(toTurns())).toBeObservable(
        '-----T---|',
        { T: turn },
      );
    }),
  );

  it('round-trips through recordLine', () => {
    const line = recordLine(12.4, frames.typing());
    expect(line).toBe('{"at":12,"frame":{"type":"typing"}}');
    expect(parseRecording(line)).toEqual([{ at: 12, frame: frames.typing() }]);
  });

  it.each([
    ['{"at":0', 'recording line 1: not valid JSON'],
    [
      '{"at":5,"frame":{"type":"typing"}}\n{"at":4,"frame":{"type":"typing"}}',
      'recording line 2: offset 4 is before the previous one (5)',
    ],
    [
      '{"at":0,"frame":{"type":"message"}}',
      'recording line 1: invalid "message" frame: role: expected MessageRole, got undefined; text: expected string, got undefined',
    ],
  ])('names the line at fault in %p', (text, message) => {
    expect(() => parseRecording(text)).toThrow(RecordingError);
    expect(() => parseRecording(text)).toThrow(message);
  });
});
