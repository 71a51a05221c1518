import type { ServerFrame } from './serverFrames.js';

/** The frames that belong to an agent turn. Session lifecycle and pings belong to none. */
export type TurnFrame = Exclude<
  ServerFrame,
  { type: 'session_started' | 'session_ended' | 'ping' }
>;

/** True for frames that open or belong to a turn. */
export function isTurnFrame(frame: ServerFrame): frame is TurnFrame {
  return (
    frame.type !== 'session_started' && frame.type !== 'session_ended' && frame.type !== 'ping'
  );
}
