import { isRight } from 'fp-ts/lib/Either';
import {
  ClientFrame,
  ServerFrame,
  decodeFrame,
  serverFrameCodecs,
  userMessage,
} from '../../src/index';
import golden from '../fixtures/frames.json';

describe('server frame codecs (golden fixtures)', () => {
  it('cover all nine frame types', () => {
    const types = new Set(golden.map((fixture) => fixture.wire.type));
    expect([...types].sort()).toEqual(Object.keys(serverFrameCodecs).sort());
  });

  it.each(golden.map((fixture) => [fixture.name, fixture] as const))(
    '%s decodes, re-encodes and decodes again',
    (_name, fixture) => {
      const decoded = decodeFrame(fixture.wire);
      expect(decoded).toEqual({ ok: true, frame: fixture.decoded });
      if (!decoded.ok) return;

      const encoded = ServerFrame.encode(decoded.frame);
      expect(encoded).toEqual(fixture.decoded);
      const wire = JSON.stringify(encoded);
      expect(decodeFrame(wire)).toEqual({ ok: true, frame: fixture.decoded });
    },
  );

  it('keeps fields the protocol page does not list', () => {
    const result = decodeFrame({ type: 'message', role: 'agent', text: 'hi', trace_id: 't1' });
    expect(result).toEqual({
      ok: true,
      frame: { type: 'message', role: 'agent', text: 'hi', trace_id: 't1' },
    });
  });
});

describe('client frame codec', () => {
  it.each([[{ text: 'Hi' }], [{ type: 'message', text: 'Hi' }], [{ type: 'stop' }]])(
    'accepts %j',
    (frame) => {
      expect(isRight(ClientFrame.decode(frame))).toBe(true);
    },
  );

  it.each([[{}], [{ type: 'message' }], [{ text: 3 }], ['Hi']])('rejects %j', (frame) => {
    expect(isRight(ClientFrame.decode(frame))).toBe(false);
  });

  it('writes a user message in either shape', () => {
    expect(userMessage('Hi')).toEqual({ text: 'Hi' });
    expect(userMessage('Hi', 'typed')).toEqual({ type: 'message', text: 'Hi' });
  });
});
