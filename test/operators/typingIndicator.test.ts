import { Observable, Subject, take } from 'rxjs';
import { marbles } from 'rxjs-marbles/jest';
import { typingIndicator, type ServerFrame } from '../../src/index';
import { frames } from '../../src/testing/frames';

const values: Record<string, ServerFrame> = {
  S: frames.sessionStarted(),
  p: frames.ping(),
  t: frames.typing(),
  m: frames.message('hi'),
  s: frames.toolCallStarted('x', 'c1'),
  c: frames.toolCallCompleted('x', 'c1', 'ok'),
  r: frames.responseComplete(),
};

describe('typingIndicator', () => {
  it(
    'is true at typing and false at the message, and repeats nothing',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-S-t-t-m-r-p-t-s-c-m-r-|', values);
      const expected = '     ---T---F-----T-----F---|';

      m.expect(source.pipe(typingIndicator())).toBeObservable(expected, { T: true, F: false });
    }),
  );

  it(
    'goes false at response_complete when the turn carried no message',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t-s-c-r-|', values);
      const expected = '     -T-----F-|';

      m.expect(source.pipe(typingIndicator())).toBeObservable(expected, { T: true, F: false });
    }),
  );

  // Both found by a hostile review of a one-subscriber rewrite, which
  // subscribed to the source with a plain observer.
  it('stops pulling from a synchronous source once its subscriber has what it wants', () => {
    let pulled = 0;
    const endless = new Observable<ServerFrame>((subscriber) => {
      while (!subscriber.closed && pulled < 10_000) {
        pulled += 1;
        subscriber.next(pulled % 2 === 1 ? frames.typing() : frames.message('x'));
      }
    });
    const seen: boolean[] = [];
    endless.pipe(typingIndicator(), take(1)).subscribe((typing) => seen.push(typing));
    expect({ seen, pulled }).toEqual({ seen: [true], pulled: 1 });
  });

  it('errors the stream, as any operator does, when a frame cannot be read', () => {
    const source = new Subject<ServerFrame>();
    const seen: string[] = [];
    source.pipe(typingIndicator()).subscribe({
      next: (typing) => seen.push(`next ${typing}`),
      error: (error: unknown) => seen.push(`error ${(error as Error).name}`),
    });
    source.next(null as unknown as ServerFrame);
    source.next(frames.typing());
    expect(seen).toEqual(['error TypeError']);
  });
});
