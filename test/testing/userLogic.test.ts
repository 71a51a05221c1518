// The examples of docs/testing.md, as real tests: a user's own business logic,
// marble-tested on top of the library's streams.
import { lastValueFrom, map, merge, type Observable } from 'rxjs';
import { marbles } from 'rxjs-marbles/jest';
import { TestScheduler } from 'rxjs/testing';
import { connect, typingIndicator, pairToolCalls, type ServerFrame } from 'rxjs-text-stream';
import { createTestServer, frameMarbles, frameValues, frames } from 'rxjs-text-stream/testing';

// --- the user's code -------------------------------------------------------

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

// --- its tests ---------------------------------------------------------------

describe('a spinner while the agent types', () => {
  it(
    'shows on typing and hides on the message (rxjs-marbles)',
    marbles((m) => {
      // prettier-ignore
      const frames$ = m.cold('-S-t---m-r-t-m-r-|', frameValues);
      const expected = '     ---T---F---T-F---|';
      m.expect(spinnerVisible(frames$)).toBeObservable(expected, { T: true, F: false });
      m.expect(frames$).toHaveSubscriptions('^----------------!');
    }),
  );

  it('shows on typing and hides on the message (TestScheduler and frameMarbles)', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ expectObservable }) => {
      const frames$ = frameMarbles(scheduler, '-S-t--m-r|');
      expectObservable(spinnerVisible(frames$)).toBe('---T--F--|', { T: true, F: false });
    });
  });
});

describe('a status line', () => {
  it(
    'reports typing and each tool call, failures included',
    marbles((m) => {
      const values = {
        ...frameValues,
        z: frames.toolCallStarted('book', 'call_2'),
        y: frames.toolCallCompleted('book', 'call_2', 'busy', false),
      };
      // prettier-ignore
      const frames$ = m.cold('-t-s-c-z-y-m-r|', values);
      const expected = '     -T---U---V-H--|';
      m.expect(statusLine(frames$)).toBeObservable(expected, {
        T: 'Agent is typing…',
        U: 'Used lookup',
        V: 'book failed',
        H: '',
      });
    }),
  );
});

describe('against the reference server', () => {
  const server = createTestServer({ pingIntervalMs: false });

  it('the spinner turns on and off around each answer', async () => {
    const session = connect({ url: server.url });
    const seen: boolean[] = [];
    spinnerVisible(session.frames$).subscribe((visible) => seen.push(visible));
    await lastValueFrom(session.send('Hi, I need to reschedule my appointment'));
    session.close();
    expect(seen).toEqual([true, false, true, false]); // the greeting, then the answer
  });
});
