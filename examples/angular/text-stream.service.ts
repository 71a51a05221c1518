import { Injectable, InjectionToken, inject, type OnDestroy } from '@angular/core';
import { scan, shareReplay, type Observable } from 'rxjs';
import { connect, type ConnectionState, type TextStreamSession, type Turn } from 'rxjs-text-stream';

/** Where the agent lives, e.g. `wss://agent.example.com/agent/text-stream`. */
export const TEXT_STREAM_URL = new InjectionToken<string>('TEXT_STREAM_URL');
/** A bearer token, if the endpoint wants one. */
export const TEXT_STREAM_TOKEN = new InjectionToken<string | undefined>('TEXT_STREAM_TOKEN', {
  factory: () => undefined,
});

/**
 * One conversation for the whole app. The session is a resource: it stays
 * connected however many components subscribe and unsubscribe, and closes
 * with the injector.
 */
@Injectable({ providedIn: 'root' })
export class TextStreamService implements OnDestroy {
  private readonly session: TextStreamSession = connect({
    url: inject(TEXT_STREAM_URL),
    toolEvents: true,
    ...(inject(TEXT_STREAM_TOKEN) === undefined ? {} : { token: inject(TEXT_STREAM_TOKEN) }),
  });

  /** Every turn so far, for a component that renders the whole conversation. */
  readonly transcript$: Observable<readonly Turn[]> = this.session.turns$.pipe(
    scan((turns: readonly Turn[], turn: Turn) => [...turns, turn], []),
    shareReplay({ bufferSize: 1, refCount: false }),
  );
  readonly typing$: Observable<boolean> = this.session.typing$;
  readonly state$: Observable<ConnectionState> = this.session.state$;

  /** Sends a message; emits the turn that answers it. */
  send(text: string): Observable<Turn> {
    return this.session.send(text);
  }

  ngOnDestroy(): void {
    this.session.close();
  }
}
