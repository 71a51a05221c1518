import type { ServerFrame } from '../protocol/serverFrames.js';

/** Where a connection delivers its frames and its end: a subscriber, or the session itself. */
export interface FrameSink {
  next(frame: ServerFrame): void;
  error(error: unknown): void;
  complete(): void;
}
