import type { SchedulerLike, Unsubscribable } from 'rxjs';
import { CloseError } from '../protocol/CloseError.js';
import type { Diagnostic } from '../protocol/Diagnostic.js';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { isTurnFrame } from '../protocol/turnFrames.js';
import { openConnection } from '../transport/connectionFrames.js';
import type {
  ConnectionHooks,
  ConnectionState,
  OpenSocket,
  ReconnectDetail,
} from '../transport/ConnectionState.js';
import type { FrameSink } from '../transport/FrameSink.js';
import type { ResolvedTextStreamOptions } from '../transport/TextStreamOptions.js';
import type { SessionEffect, SessionOutcome } from './machine/SessionEffect.js';
import type { SessionEvent } from './machine/SessionEvent.js';
import type { SessionState } from './machine/SessionState.js';
import { OwnedTransition } from './machine/transition.js';
import { reportUnhandled } from './reportUnhandled.js';
import { SendQueue } from './SendQueue.js';
import { SessionStreams } from './SessionStreams.js';
import { SessionTimers, type TimerOwner } from './SessionTimers.js';

/**
 * What runs a session: it feeds the state machine (`machine/transition.ts`)
 * the events of the connection, of its user and of its timers, and carries
 * out the effects each transition returns: writes to the socket, emissions
 * on the streams ({@link SessionStreams}), answers settled ({@link SendQueue}),
 * timers armed ({@link SessionTimers}), the end.
 *
 * It is also the session's one listener on its connection (its frames, its
 * end, its state and its socket), as methods of this object rather than a
 * closure each: a process may hold thousands of sessions.
 */
export class SessionRunner implements FrameSink, ConnectionHooks, TimerOwner {
  readonly streams = new SessionStreams();
  readonly sends: SendQueue;
  readonly #scheduler: SchedulerLike;
  readonly #timers: SessionTimers;
  readonly #machine: OwnedTransition;
  readonly #userDiagnostic: ((diagnostic: Diagnostic) => void) | undefined;
  // Allocated on first use: an idle session holds no queued events.
  #pending: SessionEvent[] | null = null;
  #dispatching = false;
  /** Set the moment `close()` is called, so nothing is written after it. */
  closing = false;
  /** The connection's open socket; `null` while none is open. */
  #socket: OpenSocket | null = null;
  #connection: Unsubscribable | undefined;

  constructor(
    config: ResolvedTextStreamOptions,
    state: SessionState,
    newMessageId: () => string,
    userDiagnostic: ((diagnostic: Diagnostic) => void) | undefined,
  ) {
    this.#scheduler = config.scheduler;
    this.sends = new SendQueue(newMessageId);
    this.#timers = new SessionTimers(config.scheduler, this);
    this.#machine = new OwnedTransition(state);
    this.#userDiagnostic = userDiagnostic;
  }

  /** The session's clock: what every event it dispatches is stamped with. */
  now(): number {
    return this.#scheduler.now();
  }

  /** The machine's state: read, never changed, outside a transition. */
  get state(): SessionState {
    return this.#machine.state;
  }

  /** Opens the connection, which delivers straight to the runner, its one consumer. */
  connect(config: ResolvedTextStreamOptions): void {
    const connection = openConnection(config, this, this);
    // The transport may have ended synchronously (a refused constructor, say).
    if (this.streams.over) connection.unsubscribe();
    else this.#connection = connection;
  }

  // The connection's side: nothing thrown here may escape into the socket's event loop.

  next(frame: ServerFrame): void {
    try {
      this.#receive(frame);
    } catch (error) {
      reportUnhandled(error);
    }
  }

  error(error: unknown): void {
    try {
      this.dispatch({ type: 'transport-ended', error, at: this.now() });
    } catch (thrown) {
      reportUnhandled(thrown);
    }
  }

  /** The transport ended with no error: the same event as `error(undefined)`, to the machine. */
  complete(): void {
    this.error(undefined);
  }

  onState(state: ConnectionState, detail?: ReconnectDetail): void {
    if (state !== 'open') this.#socket = null;
    this.streams.setState(state);
    if (state === 'reconnecting' && detail !== undefined)
      this.dispatch({ type: 'socket-lost', reconnect: detail, at: this.now() });
  }

  onOpen(socket: OpenSocket): void {
    this.#socket = socket;
    this.dispatch({ type: 'socket-opened', at: this.now() });
  }

  /** A frame that did not decode: a throwing callback ends the connection with its error, as in `decodeFrames`. */
  onDiagnostic(diagnostic: Diagnostic): void {
    this.#userDiagnostic?.(diagnostic);
    this.streams.diagnostics?.next(diagnostic);
  }

  // Its one clock read stamps the event (the machine reads no clock).
  #receive(frame: ServerFrame): void {
    this.dispatch({ type: 'frame', frame, at: this.#scheduler.now() });
  }

  // Events raised while effects run (a subscriber calling send() or close())
  // wait for the current transition's effects to finish, so every effect runs
  // against the state that produced it.
  dispatch(event: SessionEvent): void {
    if (this.#dispatching) {
      (this.#pending ??= []).push(event);
      return;
    }
    this.#dispatching = true;
    try {
      // Events left over by an effect that threw go first, as they came.
      let next: SessionEvent | undefined = event;
      if (this.#pending !== null && this.#pending.length > 0) {
        this.#pending.push(event);
        next = this.#pending.shift();
      }
      const machine = this.#machine;
      const streams = this.streams;
      while (next !== undefined) {
        const count = machine.apply(next);
        for (let index = 0; index < count; index += 1) this.#run(machine.take(index));
        // A turn on its way shows in the transcript frame by frame, for
        // whoever watches it; the finished turn is always recorded.
        const { state } = machine;
        if (
          streams.transcript !== null &&
          next.type === 'frame' &&
          isTurnFrame(next.frame) &&
          state.turn !== undefined &&
          streams.transcriptOut?.observed === true
        )
          streams.record({
            type: 'turn',
            turn: state.turn.assembler.snapshot(next.at),
            live: true,
            answers: state.turn.owner,
          });
        next = this.#pending?.shift();
      }
      this.#pending = null;
    } finally {
      this.#dispatching = false;
    }
  }

  #run(effect: SessionEffect): void {
    const streams = this.streams;
    switch (effect.type) {
      case 'write': {
        // A socket already closing drops the frame: nothing went out to report.
        if (this.closing || !this.#socket?.write(JSON.stringify(effect.frame))) return;
        if (effect.message !== undefined) {
          const { message, resend } = effect.message;
          if (streams.transcript !== null)
            streams.record({ type: 'written', id: message.id, resend });
          if (streams.sent?.observed === true)
            streams.sent.next({
              text: message.text,
              clientMessageId: message.clientMessageId,
              resend,
            });
        }
        return;
      }
      case 'answer': {
        const answer = this.sends.take(effect.id);
        if (streams.transcript !== null) streams.record({ type: 'answered', id: effect.id });
        answer?.resolve(effect.turn);
        return;
      }
      case 'fail': {
        const answer = this.sends.take(effect.id);
        streams.record({ type: 'failed', id: effect.id, error: effect.error });
        answer?.error(effect.error);
        return;
      }
      case 'frame':
        return streams.frame(effect.frame);
      case 'session':
        streams.lastStarted = effect.frame;
        return streams.started?.next(effect.frame);
      case 'turn':
        if (streams.transcript !== null)
          streams.record({ type: 'turn', turn: effect.turn, live: false, answers: effect.owner });
        return streams.turns?.next(effect.turn);
      case 'typing':
        return streams.typing?.next(effect.typing);
      case 'notice':
        // Stray frames are for logs, not for the conversation a user reads;
        // a greeting wait passes, and the message's own entry says it is queued.
        if (effect.notice.kind !== 'stray-frame' && effect.notice.kind !== 'awaiting-greeting')
          streams.record({ type: 'notice', notice: effect.notice });
        return streams.notices?.next(effect.notice);
      case 'diagnostic':
        // The machine's own (a turn limit): a throwing callback is reported
        // as rxjs reports a throwing subscriber, and the step goes on.
        try {
          this.#userDiagnostic?.(effect.diagnostic);
        } catch (error) {
          reportUnhandled(error);
        }
        streams.diagnostics?.next(effect.diagnostic);
        return;
      case 'reconnecting':
        return streams.reconnects?.next(effect.reconnect);
      case 'arm':
        return this.#timers.arm(effect.timer, effect.delayMs);
      case 'disarm':
        return this.#timers.disarm(effect.timer);
      case 'abort':
        // A client-side close code: not in the platform's table, so the
        // transport treats it as a drop and resumes.
        this.#socket?.abort(new CloseError(4000, effect.reason));
        return;
      case 'finish':
        return this.#finish(effect.outcome);
      default:
        // Exhaustive, as the type checker holds: effects come only from the
        // session's own rules.
        effect satisfies never;
    }
  }

  #finish(outcome: SessionOutcome): void {
    this.#socket = null;
    this.#timers.stop();
    this.streams.end(outcome);
    this.#connection?.unsubscribe();
    this.streams.completeAll();
  }
}
