import { decodeFrame } from '../../src/index';
import invalid from '../fixtures/invalid-frames.json';

const encoder = new TextEncoder();

describe('decodeFrame', () => {
  it.each([
    ['a string', '{"type":"typing"}'],
    ['a Buffer', Buffer.from('{"type":"typing"}')],
    ['a Uint8Array', encoder.encode('{"type":"typing"}')],
    ['an ArrayBuffer', encoder.encode('{"type":"typing"}').buffer],
    ['a parsed object', { type: 'typing' }],
  ])('decodes %s', (_name, raw) => {
    expect(decodeFrame(raw)).toEqual({ ok: true, frame: { type: 'typing' } });
  });

  it.each([
    ['unknown-type', '{"type":"thinking","depth":3}', 'unknown frame type "thinking" dropped'],
    ['invalid-json', '{"type":', 'frame is not valid JSON'],
    ['invalid-json', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'binary frame is not valid UTF-8'],
    ['not-an-object', '[1,2]', 'frame is not a JSON object'],
    ['not-an-object', '"typing"', 'frame is not a JSON object'],
    ['not-an-object', 'null', 'frame is not a JSON object'],
    ['missing-type', '{"text":"hi"}', 'frame has no string "type" field'],
    ['missing-type', '{"type":7}', 'frame has no string "type" field'],
    ['unsupported-input', 42, 'cannot decode a number input'],
    ['unsupported-input', null, 'cannot decode a null input'],
  ])('reports %s for %p', (kind, raw, message) => {
    const result = decodeFrame(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostic.kind).toBe(kind);
    expect(result.diagnostic.message).toBe(message);
  });

  it.each(invalid.map((fixture) => [fixture.name, fixture] as const))(
    'reports the io-ts path for %s',
    (_name, fixture) => {
      const result = decodeFrame(JSON.stringify(fixture.wire));
      expect(result).toEqual({
        ok: false,
        diagnostic: expect.objectContaining({
          kind: 'invalid-frame',
          frameType: fixture.wire.type,
          errors: fixture.errors,
        }),
      });
    },
  );

  it('bounds the preview of a huge frame', () => {
    const result = decodeFrame(`{"type":"message","text":"${'x'.repeat(100_000)}"}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostic.preview.length).toBeLessThanOrEqual(60);
  });
});
