import {
  assertInInjectionContext,
  DestroyRef,
  inject,
  type Injector,
  NgZone,
  type Signal,
  signal,
  untracked,
} from '@angular/core';
import { asyncScheduler, Observable, type Subscription } from 'rxjs';
import type { SessionEndedFrame } from '../protocol/serverFrames.js';
import type { Turn } from '../protocol/Turn.js';
import type { ConnectionState } from '../transport/ConnectionState.js';
import type { ConnectOptions } from '../session/ConnectOptions.js';
import { connect } from '../session/connect.js';
import type { TextStreamSession } from '../session/TextStreamSession.js';
import type { Transcript } from '../session/Transcript.js';
import { outsideAngular } from './outsideAngular.js';

/** Options of {@link injectTextStream}: those of `connect()`, plus where to inject from. */
export interface InjectTextStreamOptions extends ConnectOptions {
  /** Use this injector instead of the current injection context (e.g. outside a constructor). */
  readonly injector?: Injector;
}

/** A session tied to an Angular injector, with signals a template reads. */
export interface TextStream {
  /** The conversation so far: user messages with their status, agent turns, notices. */
  readonly transcript: Signal<Transcript>;
  /** True while the agent is working on an answer. */
  readonly typing: Signal<boolean>;
  /** `connecting`, `open`, `reconnecting`, then `closed`. */
  readonly state: Signal<ConnectionState>;
  /** The terminal error that ended the session (a terminal close code, a spent retry budget), if one did. */
  readonly error: Signal<Error | undefined>;
  /**
   * Sends a message (queued behind the turn in flight) and emits the turn
   * that answers it, inside the Angular zone. The message goes out whether or
   * not the result is subscribed.
   */
  send(text: string): Observable<Turn>;
  /** Asks the server to end the session once pending messages are answered. */
  stop(): Observable<SessionEndedFrame>;
  /** Drops the connection now; also done when the injector is destroyed. */
  close(): void;
  /**
   * The session itself, for its other streams. They emit outside the Angular
   * zone: a zone.js app that updates state from them without signals wraps
   * the update in `NgZone.run`.
   */
  readonly session: TextStreamSession;
}

/**
 * Opens a text-stream session for the lifetime of the current injection
 * context (a component, a directive, a service) and exposes it as signals.
 *
 * The socket and every timer of the session (watchdog, reconnect backoff,
 * greeting and turn deadlines) run outside the Angular zone, so a zone.js app
 * stays stable (`ApplicationRef.isStable`, `whenStable()`, hydration) while
 * it is connected; signal updates and `send()` results are delivered inside
 * it. In a zoneless app the signals schedule change detection themselves.
 * The session closes when the injector is destroyed.
 *
 * ## Example
 * ```ts
 * import { Component } from '@angular/core';
 * import { injectTextStream } from 'rxjs-text-stream/angular';
 *
 * @Component({
 *   selector: 'app-chat',
 *   template: `
 *     <p>{{ chat.state() }}</p>
 *     @for (entry of chat.transcript(); track $index) {
 *       @if (entry.kind === 'agent') { <p>{{ entry.turn.text }}</p> }
 *     }
 *     <button (click)="chat.send('Hi')">Say hi</button>
 *   `,
 * })
 * export class ChatComponent {
 *   readonly chat = injectTextStream({ url: 'wss://agent.example.com/agent/text-stream', toolEvents: true });
 * }
 * ```
 */
export function injectTextStream(options: InjectTextStreamOptions): TextStream {
  const { injector, ...connectOptions } = options;
  if (injector === undefined) assertInInjectionContext(injectTextStream);
  const zone = injector === undefined ? inject(NgZone) : injector.get(NgZone);
  const destroyRef = injector === undefined ? inject(DestroyRef) : injector.get(DestroyRef);

  const outside = <T>(work: () => T): T => zone.runOutsideAngular(work);
  const inside = (work: () => void): void => zone.run(work);

  // Every timer goes through this scheduler, wherever it is armed from
  // (a click handler's send() included), so none of them is a zone task.
  const scheduler = outsideAngular(zone, connectOptions.scheduler ?? asyncScheduler);
  const session = outside(() => connect({ ...connectOptions, scheduler }));

  const transcript = signal<Transcript>([]);
  const typing = signal(false);
  const state = signal<ConnectionState>('connecting');
  const error = signal<Error | undefined>(undefined);

  const subscriptions: Subscription[] = untracked(() =>
    outside(() => [
      session.transcript$.subscribe((value) => inside(() => transcript.set(value))),
      session.typing$.subscribe((value) => inside(() => typing.set(value))),
      session.state$.subscribe((value) => inside(() => state.set(value))),
      session.ended$.subscribe({
        error: (cause: unknown) =>
          inside(() => error.set(cause instanceof Error ? cause : new Error(String(cause)))),
      }),
    ]),
  );

  const close = (): void => outside(() => session.close());
  destroyRef.onDestroy(() => {
    close();
    for (const subscription of subscriptions) subscription.unsubscribe();
  });

  return {
    transcript: transcript.asReadonly(),
    typing: typing.asReadonly(),
    state: state.asReadonly(),
    error: error.asReadonly(),
    send: (text) =>
      enterZone(
        zone,
        outside(() => session.send(text)),
      ),
    stop: () =>
      enterZone(
        zone,
        outside(() => session.stop()),
      ),
    close,
    session,
  };
}

/** Delivers `source`'s notifications inside the Angular zone. */
function enterZone<T>(zone: NgZone, source: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) =>
    source.subscribe({
      next: (value) => zone.run(() => subscriber.next(value)),
      error: (cause: unknown) => zone.run(() => subscriber.error(cause)),
      complete: () => zone.run(() => subscriber.complete()),
    }),
  );
}
