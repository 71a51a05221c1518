import { frameType, wireText } from '../../src/server/RawFrame';

describe('a raw frame', () => {
  it.each([
    [{ type: 'typing' }, 'typing'],
    [{ type: 42 }, undefined],
    [{ text: 'no type' }, undefined],
    ['{"type":"typing"}', undefined],
  ])('%j has type %j', (frame, type) => {
    expect(frameType(frame)).toBe(type);
  });

  it('goes on the wire verbatim when a string, as JSON otherwise', () => {
    expect([wireText('not json'), wireText({ type: 'ping' })]).toEqual([
      'not json',
      '{"type":"ping"}',
    ]);
  });
});
