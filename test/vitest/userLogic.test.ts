// The examples of docs/testing.md under Vitest, with no globals: every hook
// and matcher is imported, so nothing relies on Jest's. The same tests under
// Jest are test/testing/userLogic.test.ts.
import { lastValueFrom } from 'rxjs';
import { configure } from 'rxjs-marbles';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from 'rxjs-text-stream';
import { startReferenceServer } from 'rxjs-text-stream/server';
import { createTestServer, frameMarbles, frameValues, frames } from 'rxjs-text-stream/testing';
import { spinnerVisible, statusLine } from '../testing/userLogic.js';

const { marbles } = configure({ assertDeepEqual: (a, e) => expect(a).toStrictEqual(e) });

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
  const server = createTestServer({ pingIntervalMs: false, hooks: { beforeEach, afterEach } });

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

it('says what to do when the runner has no global hooks', () => {
  // This file runs without Vitest's globals, so none are there to find.
  expect(() => createTestServer()).toThrow(/hooks: \{ beforeEach, afterEach \}/);
});
