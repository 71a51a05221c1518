import type * as t from 'io-ts';
import { decodeFrame, serverFrameCodecs, type ServerFrame } from '../../src/index';
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
    [
      'unknown-type',
      '{"type":"thinking","depth":3}',
      {
        message: 'unknown frame type "thinking" dropped',
        frameType: 'thinking',
        preview: '{"type":"thinking","depth":3}',
      },
    ],
    ['invalid-json', '{"type":', { message: 'frame is not valid JSON', preview: '"{\\"type\\":"' }],
    [
      'invalid-json',
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      { message: 'binary frame is not valid UTF-8', preview: '<4 bytes>' },
    ],
    ['not-an-object', '[1,2]', { message: 'frame is not a JSON object', preview: '[1,2]' }],
    ['not-an-object', '"typing"', { message: 'frame is not a JSON object', preview: '"typing"' }],
    ['not-an-object', 'null', { message: 'frame is not a JSON object', preview: 'null' }],
    [
      'missing-type',
      '{"text":"hi"}',
      { message: 'frame has no string "type" field', preview: '{"text":"hi"}' },
    ],
    [
      'missing-type',
      '{"type":7}',
      { message: 'frame has no string "type" field', preview: '{"type":7}' },
    ],
    ['unsupported-input', 42, { message: 'cannot decode a number input', preview: '42' }],
    ['unsupported-input', null, { message: 'cannot decode a null input', preview: 'null' }],
  ])(
    'reports %s for %p, with a preview, and a frameType only when it knows one',
    (kind, raw, rest) => {
      // The whole diagnostic: a frameType key only where the frame named a type.
      expect(decodeFrame(raw)).toStrictEqual({ ok: false, diagnostic: { kind, ...rest } });
    },
  );

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

  describe('prototype keys', () => {
    // Frames where a protocol default applies, so io-ts copies the object.
    it.each([
      ['__proto__', '{"type":"response_complete","__proto__":{"parent_call_id":42,"x":1}}'],
      [
        '__proto__',
        '{"type":"tool_call_completed","tool_name":"t","call_id":"c","result":"r","__proto__":{"duplicate":"no"}}',
      ],
      [
        '__proto__',
        '{"type":"tool_call_started","tool_name":"t","call_id":"c","__proto__":{"parent_call_id":42}}',
      ],
      ['constructor', '{"type":"response_complete","constructor":{"prototype":{"x":1}}}'],
      ['prototype', '{"type":"typing","prototype":{"x":1}}'],
    ])('a %s key neither sets the prototype nor smuggles a field: %s', (key, wire) => {
      const result = decodeFrame(wire);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const { frame } = result;
      expect(Object.getPrototypeOf(frame)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(frame, key)).toBe(false);
      expect('parent_call_id' in frame).toBe(false);
      expect('x' in frame).toBe(false);
      const codec: t.Decoder<unknown, ServerFrame> & { is: t.Is<ServerFrame> } =
        serverFrameCodecs[frame.type];
      expect(codec.is(frame)).toBe(true);
    });

    it('does not take an inherited field for a checked one', () => {
      const raw: object = Object.create({ session_id: 's', conversation_id: 'c' });
      Object.assign(raw, { type: 'session_started' });
      const result = decodeFrame(raw);
      expect(result).toMatchObject({ ok: false, diagnostic: { kind: 'invalid-frame' } });
    });

    it('keeps extra platform fields', () => {
      const result = decodeFrame(
        '{"type":"tool_call_started","tool_name":"t","call_id":"c","parent_call_id":"p","integration_name":"i"}',
      );
      expect(result).toEqual({
        ok: true,
        frame: {
          type: 'tool_call_started',
          tool_name: 't',
          call_id: 'c',
          input: null,
          parent_call_id: 'p',
          integration_name: 'i',
        },
      });
      if (result.ok) expect(Object.getPrototypeOf(result.frame)).toBe(Object.prototype);
    });
  });
});
