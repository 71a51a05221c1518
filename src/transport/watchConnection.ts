import {
  Observable,
  type OperatorFunction,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { PingTimeoutError } from '../operators/pingTimeout.js';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { HandshakeTimeoutError } from './HandshakeTimeoutError.js';

/** The deadlines one open socket must keep. */
export interface ConnectionDeadlines {
  /** Silence after which the socket is dead, or `false` for no watchdog. */
  readonly pingTimeoutMs: number | false;
  /** Time from open to `session_started`, or `false` for no deadline. */
  readonly handshakeTimeoutMs: number | false;
}

/**
 * The watchdog and the handshake deadline of one socket, both armed when
 * `opened$` fires rather than at subscribe time: until then the socket is
 * connecting, and only the connect timeout may judge it (a short watchdog
 * must not pass a stuck upgrade off as a silent socket). With the watchdog
 * on, `ping` frames are consumed here, as `pingTimeout` does.
 */
export function watchConnection(
  opened$: Observable<void>,
  deadlines: ConnectionDeadlines,
  scheduler: SchedulerLike,
): OperatorFunction<ServerFrame, ServerFrame> {
  const { pingTimeoutMs, handshakeTimeoutMs } = deadlines;
  return (source) =>
    new Observable<ServerFrame>((subscriber) => {
      let lastFrameAt = scheduler.now();
      let handshake: Subscription | undefined;
      let started = false;
      subscriber.add(
        opened$.subscribe(() => {
          lastFrameAt = scheduler.now();
          if (handshakeTimeoutMs !== false && !started) {
            handshake = scheduler.schedule(
              () => subscriber.error(new HandshakeTimeoutError(handshakeTimeoutMs)),
              handshakeTimeoutMs,
            );
            subscriber.add(handshake);
          }
          if (pingTimeoutMs !== false) {
            // One timer per quiet period: frames only stamp the time, and the
            // timer, when it fires early, re-arms for what is left.
            subscriber.add(
              scheduler.schedule(function (this: SchedulerAction<undefined>) {
                const quietFor = scheduler.now() - lastFrameAt;
                if (quietFor >= pingTimeoutMs)
                  subscriber.error(new PingTimeoutError(pingTimeoutMs));
                else this.schedule(undefined, pingTimeoutMs - quietFor);
              }, pingTimeoutMs),
            );
          }
        }),
      );
      subscriber.add(
        source.subscribe({
          next(frame) {
            lastFrameAt = scheduler.now();
            if (frame.type === 'session_started' && !started) {
              started = true;
              handshake?.unsubscribe();
            }
            if (frame.type !== 'ping' || pingTimeoutMs === false) subscriber.next(frame);
          },
          error: (err) => subscriber.error(err),
          complete: () => subscriber.complete(),
        }),
      );
    });
}
