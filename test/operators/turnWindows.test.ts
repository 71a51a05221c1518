import { Subject } from 'rxjs';
import { marbles } from 'rxjs-marbles/jest';
import { turnWindows, type ServerFrame } from '../../src/index';
import { frames } from '../../src/testing/frames';

const values: Record<string, ServerFrame> = {
  S: frames.sessionStarted(),
  E: frames.sessionEnded(),
  p: frames.ping(),
  t: frames.typing(),
  m: frames.message('hi'),
  e: frames.error('slow backend'),
  s: frames.toolCallStarted('x', 'c1'),
  c: frames.toolCallCompleted('x', 'c1', 'ok'),
  r: frames.responseComplete(),
  d: frames.responseComplete(true),
};

describe('turnWindows', () => {
  it(
    'opens a window at the first turn frame and closes it after response_complete',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-S-t-m-r-p-t-e-s-c-m-r-E-|', values);
      const subs = '         ^------------------------!';
      const w1 = m.cold('       t-m-(r|)', values);
      const w2 = m.cold('               t-e-s-c-m-(r|)', values);
      const expected = '     ---A-------B-------------|';

      m.expect<unknown>(source.pipe(turnWindows())).toBeObservable(expected, { A: w1, B: w2 });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'treats a greeting before any user message as a turn, and a lone completion as one too',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-S-m-r-d-|', values);
      const subs = '         ^--------!';
      const expected = '     ---A---B-|';

      m.expect<unknown>(source.pipe(turnWindows())).toBeObservable(expected, {
        A: m.cold('m-(r|)', values),
        B: m.cold('(d|)', values),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'completes an open window when the session ends or the stream completes mid-turn',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t-E-m-|', values);
      const subs = '         ^------!';
      const expected = '     -A---B-|';

      m.expect<unknown>(source.pipe(turnWindows())).toBeObservable(expected, {
        A: m.cold('t-|', values),
        B: m.cold('m-|', values),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'errors the open window and the outer stream together',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t-#', values);
      const subs = '         ^--!';
      const expected = '     -A-#';

      m.expect<unknown>(source.pipe(turnWindows())).toBeObservable(expected, {
        A: m.cold('t-#', values),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it('completes the open window for its own subscribers when the consumer unsubscribes', () => {
    // The window is subscribed apart from the outer stream (as a consumer that
    // hands windows to a UI would), so only turnWindows' teardown can end it.
    const source = new Subject<ServerFrame>();
    const seen: string[] = [];
    const outer = source.pipe(turnWindows()).subscribe((window$) =>
      window$.subscribe({
        next: (frame) => seen.push(frame.type),
        complete: () => seen.push('window completed'),
      }),
    );
    source.next(frames.typing());
    outer.unsubscribe();
    expect({ 'the open window after unsubscribe': seen }).toEqual({
      'the open window after unsubscribe': ['typing', 'window completed'],
    });
    expect(source.observed).toBe(false);
  });

  it(
    'keeps a turn in one window across a ping or a session_started that arrives mid-turn',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t-p-S-m-r-|', values);
      const expected = '     -A---------|';

      m.expect<unknown>(source.pipe(turnWindows())).toBeObservable(expected, {
        A: m.cold('t-----m-(r|)', values),
      });
    }),
  );
});
