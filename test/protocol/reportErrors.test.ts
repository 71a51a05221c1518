import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either';
import { reportErrors, ResponseCompleteFrame, ToolCallStartedFrame } from '../../src/index';

/** The lines reportErrors makes of `codec`'s errors on `value`. */
function linesFor<A, O>(codec: t.Type<A, O>, value: unknown): string[] {
  const result = codec.decode(value);
  if (!isLeft(result)) throw new Error('expected the value to be refused');
  return reportErrors(result.left);
}

describe('reportErrors', () => {
  it('names a field by its path from the frame, dot-separated', () => {
    const codec = t.type({ outer: t.type({ inner: t.string }) });
    expect(linesFor(codec, { outer: { inner: 7 } })).toEqual([
      'outer.inner: expected string, got 7',
    ]);
  });

  it('names an array element by its index', () => {
    const codec = t.type({ items: t.array(t.number) });
    expect(linesFor(codec, { items: [1, 'two'] })).toEqual(['items.1: expected number, got "two"']);
  });

  it('names an element of an array whose codec is named with [] by its index too', () => {
    const codec = t.type({ items: t.array(t.number, 'number[]') });
    expect(linesFor(codec, { items: [1, 2, 'three'] })).toEqual([
      'items.2: expected number, got "three"',
    ]);
  });

  it('reports a union field once, by the union, not once per member', () => {
    const codec = t.type({ value: t.union([t.string, t.number]) });
    expect(linesFor(codec, { value: true })).toEqual([
      'value: expected (string | number), got true',
    ]);
  });

  it('keeps a field whose name has digits in it, which is no index', () => {
    const codec = t.type({ v2: t.string, '2fa': t.string, '1.5': t.string });
    expect(linesFor(codec, { v2: 1, '2fa': 2, '1.5': 3 })).toEqual([
      'v2: expected string, got 1',
      '2fa: expected string, got 2',
      '1.5: expected string, got 3',
    ]);
  });

  it('leaves member indices past 9 out of the path too', () => {
    const members = Array.from({ length: 12 }, (_, i) => t.literal(`m${i}`));
    const codec = t.type({
      value: t.union(members as unknown as [t.Mixed, t.Mixed, ...t.Mixed[]]),
    });
    const items = t.type({ list: t.array(t.number) });
    expect({
      union: linesFor(codec, { value: 'other' }),
      'array element 11': linesFor(items, { list: [...Array.from({ length: 11 }, () => 0), 'x'] }),
    }).toEqual({
      union: [`value: expected ${codec.props.value.name}, got "other"`],
      'array element 11': ['list.11: expected number, got "x"'],
    });
  });

  it("leaves an intersection's member indices out of the path", () => {
    const codec = t.intersection([t.type({ a: t.string }), t.partial({ b: t.number })]);
    expect(linesFor(codec, { a: 1, b: 'x' })).toEqual([
      'a: expected string, got 1',
      'b: expected number, got "x"',
    ]);
  });

  it('calls a refused frame as a whole (frame), by the codec that refused it', () => {
    expect(linesFor(ResponseCompleteFrame, 'done')).toEqual([
      '(frame): expected ResponseCompleteFrame, got "done"',
    ]);
  });

  it("reads a protocol codec's errors like the JSON the server sent", () => {
    expect(
      linesFor(ToolCallStartedFrame, {
        type: 'tool_call_started',
        tool_name: 't',
        call_id: 42,
        parent_call_id: 7,
      }),
    ).toEqual(['call_id: expected string, got 42', 'parent_call_id: expected string, got 7']);
  });
});
