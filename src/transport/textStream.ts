import { Observable } from 'rxjs';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { connectionFrames } from './connectionFrames.js';
import type { OpenSocket } from './ConnectionState.js';
import { resolveTextStreamOptions, type TextStreamOptions } from './TextStreamOptions.js';

/**
 * The text-stream WebSocket as a cold Observable of typed frames. Each
 * subscription opens its own socket; unsubscribing closes it with 1000.
 * Frames are decoded (unknown types dropped), pings feed the watchdog, and
 * retryable closes, a silent socket or one that never starts a session
 * reconnect with backoff, resuming the conversation from its last
 * `session_started`; a `token` or `params` provider is asked again for every
 * attempt. The stream completes after `session_ended` and errors with a
 * `CloseError` on a terminal close code or once the retry budget is spent
 * (it refills only after a healthy connection), and with a
 * `CredentialsError` when a provider fails.
 *
 * ## Example
 * ```ts
 * import { textStream, toTurns } from 'rxjs-text-stream';
 *
 * textStream({ url: 'wss://agent.example.com/agent/text-stream', token, toolEvents: true })
 *   .pipe(toTurns())
 *   .subscribe((turn) => console.log(turn.text));
 * ```
 *
 * Options are checked up front: a bad URL, scheme or token throws a
 * `TypeError` here, before anything is subscribed.
 */
export function textStream(options: TextStreamOptions): Observable<ServerFrame> {
  const config = resolveTextStreamOptions(options);
  const { input$ } = options;
  if (input$ === undefined) return connectionFrames(config);

  return new Observable<ServerFrame>((subscriber) => {
    // Frames from input$ go to the socket that is open, or wait for the next one.
    let socket: OpenSocket | null = null;
    const waiting: string[] = [];
    const frames$ = connectionFrames(config, {
      onState: (state) => {
        if (state !== 'open') socket = null;
      },
      onOpen: (opened) => {
        socket = opened;
        for (const data of waiting.splice(0)) opened.write(data);
      },
    });
    // input$ lives as long as the frames do: it neither keeps the stream open
    // after session_ended nor ends it by completing.
    subscriber.add(frames$.subscribe(subscriber));
    subscriber.add(
      input$.subscribe({
        next: (frame) => {
          const data = JSON.stringify(frame);
          // A socket already closing takes nothing: the frame waits for the next one.
          if (socket === null || !socket.write(data)) waiting.push(data);
        },
        error: (err: unknown) => subscriber.error(err),
      }),
    );
  });
}
