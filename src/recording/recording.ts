import * as t from 'io-ts';
import { asyncScheduler, Observable, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { decodeFrame } from '../protocol/decodeFrame.js';
import { reportErrors } from '../protocol/reportErrors.js';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { stringifyJson } from './stringifyJson.js';

const _RecordedFrame = /* @__PURE__ */ t.type(
  { at: t.number, frame: t.UnknownRecord },
  'RecordedFrame',
);
/**
 * One line of a recording: a received frame and when it arrived, in
 * milliseconds since the recording started. Recordings are NDJSON of these.
 */
export interface RecordedFrame {
  readonly at: number;
  readonly frame: ServerFrame;
}

/** A recording line that could not be read. */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';

  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`recording line ${line}: ${detail}`);
  }
}

/** One NDJSON line for `frame`, received `at` ms after the recording began. */
export function recordLine(at: number, frame: ServerFrame): string {
  return stringifyJson({ at: Math.max(0, Math.round(at)), frame });
}

/**
 * Parses a recording (NDJSON text). Frames are decoded as live ones are;
 * offsets must not go backwards. Throws a {@link RecordingError} naming the
 * line that is wrong.
 */
export function parseRecording(text: string): RecordedFrame[] {
  const entries: RecordedFrame[] = [];
  let previous = 0;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new RecordingError(line, 'not valid JSON');
    }
    const entry = _RecordedFrame.decode(value);
    if (entry._tag === 'Left') throw new RecordingError(line, reportErrors(entry.left).join('; '));
    const { at, frame } = entry.right;
    if (at < previous)
      throw new RecordingError(line, `offset ${at} is before the previous one (${previous})`);
    const decoded = decodeFrame(frame);
    if (!decoded.ok) throw new RecordingError(line, decoded.diagnostic.message);
    previous = at;
    entries.push({ at, frame: decoded.frame });
  });
  return entries;
}

/**
 * Replays a recording as an `Observable<ServerFrame>` with its original
 * timing on `scheduler`, so a recorded session can drive a virtual-time test.
 *
 * ## Example
 * ```ts
 * import { replayRecording, toTurns } from 'rxjs-text-stream';
 *
 * testScheduler.run(() => {
 *   replayRecording(readFileSync('session.ndjson', 'utf8'), testScheduler)
 *     .pipe(toTurns())
 *     .subscribe((turn) => console.log(turn.text));
 * });
 * ```
 */
export function replayRecording(
  recording: string | readonly RecordedFrame[],
  scheduler: SchedulerLike = asyncScheduler,
): Observable<ServerFrame> {
  const entries = typeof recording === 'string' ? parseRecording(recording) : recording;
  return new Observable<ServerFrame>((subscriber) => {
    if (entries.length === 0) {
      subscriber.complete();
      return undefined;
    }
    // One action walks the recording, re-scheduling itself for the next gap,
    // so frames with equal offsets keep their recorded order.
    return scheduler.schedule(
      function (this: SchedulerAction<number>, index = 0) {
        const entry = entries[index] as RecordedFrame;
        subscriber.next(entry.frame);
        const next = entries[index + 1];
        if (next === undefined) subscriber.complete();
        else this.schedule(index + 1, next.at - entry.at);
      },
      (entries[0] as RecordedFrame).at,
      0,
    );
  });
}
