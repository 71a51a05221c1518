// The examples of docs/testing.md under Jest, as real tests: a user's own
// business logic, marble-tested on top of the library's streams.
// test/vitest/userLogic.test.ts is the same under Vitest.
import { lastValueFrom } from 'rxjs';
import { marbles } from 'rxjs-marbles/jest';
import { TestScheduler } from 'rxjs/testing';
import { connect } from 'rxjs-text-stream';
import { startReferenceServer } from 'rxjs-text-stream/server';
import { createTestServer, frameMarbles, frameValues, frames } from 'rxjs-text-stream/testing';
import { spinnerVisible, statusLine } from './userLogic.js';

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
  // Jest's global hooks are found; passing them works the same.
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

it('one server for one test, closed by await using', async () => {
  await using server = await startReferenceServer({ pingIntervalMs: false });
  const session = connect({ url: server.url });
  const turn = await lastValueFrom(session.send('Hi, I need to reschedule my appointment'));
  session.close();
  expect(turn.text).toMatch(/What date works for you/);
});
