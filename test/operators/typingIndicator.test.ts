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
});
