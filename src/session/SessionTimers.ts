import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import type { SessionEvent, SessionTimer } from './machine/SessionEvent.js';

/** Where a timer that comes due is reported: the session's runner. */
export interface TimerOwner {
  dispatch(event: SessionEvent): void;
}

/** One of a session's timers: its deadline, and the action scheduled to check it. */
interface TimerSlot {
  /** When the timer is due; `undefined` while disarmed. */
  due: number | undefined;
  /** When the pending action fires. */
  at: number;
  action: Subscription | null;
}

/**
 * A session's two timers (the greeting's and the turn's), armed and
 * disarmed as its state machine says; one that comes due is dispatched to
 * the owner as a `timer` event. A slot is made the first time its timer is
 * armed: an idle session holds none.
 */
export class SessionTimers {
  readonly #scheduler: SchedulerLike;
  readonly #owner: TimerOwner;
  // One slot per timer, as fields: a Map looked up twice a turn costs more.
  #greeting: TimerSlot | null = null;
  #turn: TimerSlot | null = null;

  constructor(scheduler: SchedulerLike, owner: TimerOwner) {
    this.#scheduler = scheduler;
    this.#owner = owner;
  }

  arm(timer: SessionTimer, delayMs: number): void {
    const scheduler = this.#scheduler;
    const due = scheduler.now() + delayMs;
    let slot = this.#slot(timer);
    if (slot === null) {
      slot = { due, at: Infinity, action: null };
      if (timer === 'turn') this.#turn = slot;
      else this.#greeting = slot;
    }
    slot.due = due;
    // A pending action due no later than the new deadline is kept: when it
    // fires early it re-arms for what is left, as the transport's watchdog does.
    if (slot.action !== null && slot.at <= due) return;
    slot.action?.unsubscribe();
    slot.at = due;
    const armed = slot;
    const owner = this.#owner;
    armed.action = scheduler.schedule(function (this: SchedulerAction<undefined>) {
      const deadline = armed.due;
      if (deadline === undefined) {
        armed.action = null;
        return;
      }
      const left = deadline - scheduler.now();
      if (left > 0) {
        armed.at = deadline;
        this.schedule(undefined, left);
        return;
      }
      armed.due = undefined;
      armed.action = null;
      owner.dispatch({ type: 'timer', timer, at: scheduler.now() });
    }, delayMs);
  }

  /**
   * Only the deadline is forgotten: the scheduled action, if any, lapses
   * when it fires, or serves the next arm (a turn timer is armed and
   * disarmed once per turn, and cancelling a timer costs as much as setting
   * one).
   */
  disarm(timer: SessionTimer): void {
    const slot = this.#slot(timer);
    if (slot !== null) slot.due = undefined;
  }

  /** Cancels both timers for good: the session is over. */
  stop(): void {
    this.#turn?.action?.unsubscribe();
    this.#greeting?.action?.unsubscribe();
    this.#turn = this.#greeting = null;
  }

  #slot(timer: SessionTimer): TimerSlot | null {
    return timer === 'turn' ? this.#turn : this.#greeting;
  }
}
