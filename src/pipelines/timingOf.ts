import type { SchedulerLike, Subscription } from 'rxjs';
import type { Turn } from '../protocol/Turn.js';
import type { TextStreamSession } from '../session/TextStreamSession.js';
import type { TurnTiming } from './TurnTiming.js';

// Stand-in until `Turn.timing` (issue 26, branch `timing`) is merged: the
// runner times turns itself from the moments messages are written (`sent$`)
// and answers arrive. Once `Turn.timing` exists, `timingOf` returns it and
// this file shrinks to that.

/** When the session last wrote a message (and its one resend), from `sent$`. */
export class SentClock {
  sentAt: number | undefined;
  resentAt: number | undefined;
  readonly subscription: Subscription;

  constructor(session: TextStreamSession, scheduler: SchedulerLike) {
    this.subscription = session.sent$.subscribe((sent) => {
      if (sent.resend) {
        this.resentAt = scheduler.now();
        return;
      }
      this.sentAt = scheduler.now();
      this.resentAt = undefined;
    });
  }
}

/** The turn's timing: `Turn.timing` when the session stamps it, else the runner's own clock. */
export function timingOf(
  turn: Turn,
  clock: SentClock,
  scheduler: SchedulerLike,
  answer: boolean,
): TurnTiming {
  const stamped = (turn as Turn & { readonly timing?: TurnTiming }).timing;
  if (stamped !== undefined) return stamped;
  const now = scheduler.now();
  return {
    sentAt: answer ? clock.sentAt : undefined,
    firstFrameAt: now,
    typingAt: undefined,
    firstMessageAt: undefined,
    completedAt: now,
    resentAt: answer ? clock.resentAt : undefined,
    reconnects: answer && clock.resentAt !== undefined ? 1 : 0,
  };
}
