// The user's code that docs/testing.md tests: business logic built on the
// library's streams. Shared by the Jest and the Vitest versions of its tests.
import { map, merge, type Observable } from 'rxjs';
import { pairToolCalls, typingIndicator, type ServerFrame } from 'rxjs-text-stream';

/** Show a spinner while the agent is typing; hide it on its message. */
export function spinnerVisible(frames$: Observable<ServerFrame>): Observable<boolean> {
  return frames$.pipe(typingIndicator());
}

/** A status line: what the agent is doing right now. */
export function statusLine(frames$: Observable<ServerFrame>): Observable<string> {
  return merge(
    spinnerVisible(frames$).pipe(map((busy) => (busy ? 'Agent is typing…' : ''))),
    frames$.pipe(
      pairToolCalls(),
      map((call) => (call.succeeded ? `Used ${call.toolName}` : `${call.toolName} failed`)),
    ),
  );
}
