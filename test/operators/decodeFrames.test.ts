import { marbles } from 'rxjs-marbles/jest';
import { DecodeError, decodeFrames, type Diagnostic } from '../../src/index';
import { frames } from '../../src/testing/frames';

describe('decodeFrames', () => {
  it(
    'decodes text, binary and parsed frames',
    marbles((m) => {
      const raw = {
        a: '{"type":"session_started","session_id":"s","conversation_id":"c"}',
        b: Buffer.from('{"type":"typing"}'),
        c: new TextEncoder().encode('{"type":"message","role":"agent","text":"hi"}').buffer,
        d: { type: 'response_complete' },
      };
      const values = {
        A: frames.sessionStarted('c', 's'),
        B: frames.typing(),
        C: frames.message('hi'),
        D: frames.responseComplete(),
      };
      // prettier-ignore
      const source = m.cold('-a-b-c-d-|', raw);
      const subs = '         ^--------!';
      const expected = '     -A-B-C-D-|';

      m.expect(source.pipe(decodeFrames())).toBeObservable(expected, values);
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'drops unknown and malformed frames and reports each',
    marbles((m) => {
      const diagnostics: Diagnostic[] = [];
      const raw = {
        a: '{"type":"thinking"}',
        b: 'not json',
        c: '{"type":"message"}',
        d: '[]',
        e: '{"type":"typing"}',
      };
      // prettier-ignore
      const source = m.cold('-a-b-c-d-e-|', raw);
      const subs = '         ^----------!';
      const expected = '     ---------E-|';

      m.expect(
        source.pipe(decodeFrames({ onDiagnostic: (d) => diagnostics.push(d) })),
      ).toBeObservable(expected, {
        E: frames.typing(),
      });
      m.expect(source).toHaveSubscriptions(subs);
      m.flush();
      expect(diagnostics.map((d) => d.kind)).toEqual([
        'unknown-type',
        'invalid-json',
        'invalid-frame',
        'not-an-object',
      ]);
      expect(diagnostics[2]?.errors).toEqual([
        'role: expected MessageRole, got undefined',
        'text: expected string, got undefined',
      ]);
    }),
  );

  it(
    'in strict mode errors with a DecodeError on a malformed frame',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-a-b-c-|', { a: '{"type":"typing"}', b: '{"type":"message"}', c: '{"type":"ping"}' });
      const subs = '         ^--!';
      const expected = '     -A-#';

      const error = new DecodeError({
        kind: 'invalid-frame',
        message:
          'invalid "message" frame: role: expected MessageRole, got undefined; text: expected string, got undefined',
        frameType: 'message',
        errors: [
          'role: expected MessageRole, got undefined',
          'text: expected string, got undefined',
        ],
        preview: '{"type":"message"}',
      });
      m.expect(source.pipe(decodeFrames({ strict: true }))).toBeObservable(
        expected,
        { A: frames.typing() },
        error,
      );
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'in strict mode still drops a frame type it does not know',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-a-b-|', { a: '{"type":"thinking"}', b: '{"type":"typing"}' });
      const subs = '         ^----!';
      const expected = '     ---B-|';

      m.expect(source.pipe(decodeFrames({ strict: true }))).toBeObservable(expected, {
        B: frames.typing(),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'turns a throwing onDiagnostic into a stream error instead of throwing past the stream',
    marbles((m) => {
      const failure = new Error('logger down');
      // prettier-ignore
      const source = m.cold('-a-b-|', { a: 'nope', b: '{"type":"typing"}' });
      const subs = '         ^!';
      const expected = '     -#';

      const decoded = source.pipe(
        decodeFrames({
          onDiagnostic: () => {
            throw failure;
          },
        }),
      );
      m.expect(decoded).toBeObservable(expected, undefined, failure);
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it('rejects a non-function onDiagnostic before subscribing', () => {
    expect(() => decodeFrames({ onDiagnostic: 'log' as unknown as () => void })).toThrow(
      new TypeError('decodeFrames: onDiagnostic must be a function'),
    );
  });

  it(
    'passes an error of the raw source through as it came',
    marbles((m) => {
      const failure = new Error('socket gone');
      // prettier-ignore
      const source = m.cold('-a-#', { a: '{"type":"typing"}' }, failure);
      const expected = '     -A-#';

      m.expect(source.pipe(decodeFrames())).toBeObservable(
        expected,
        { A: frames.typing() },
        failure,
      );
    }),
  );
});
