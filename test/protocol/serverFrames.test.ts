import { isRight } from 'fp-ts/lib/Either';
import {
  ClientFrame,
  DecodeError,
  ServerFrame,
  StopFrame,
  TextFrame,
  TypedMessageFrame,
  decodeFrame,
  serverFrameCodecs,
  userMessage,
} from '../../src/index';
import { preview } from '../../src/protocol/preview';
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
  it.each([
    [{ text: 'Hi' }],
    [{ type: 'message', text: 'Hi' }],
    [{ type: 'stop' }],
    [{ text: 'Hi', client_message_id: 'm1' }],
    [{ type: 'message', text: 'Hi', client_message_id: 'm1', locale: 'en' }],
  ])('accepts %j', (frame) => {
    expect(isRight(ClientFrame.decode(frame))).toBe(true);
  });

  it.each([
    [{}],
    [{ type: 'message' }],
    [{ text: 3 }],
    ['Hi'],
    [{ text: 'Hi', client_message_id: 7 }],
  ])('rejects %j', (frame) => {
    expect(isRight(ClientFrame.decode(frame))).toBe(false);
  });

  it('writes a user message in either shape', () => {
    expect(userMessage('Hi')).toEqual({ text: 'Hi' });
    expect(userMessage('Hi', 'typed')).toEqual({ type: 'message', text: 'Hi' });
  });

  it('puts client_message_id on the frame only when given', () => {
    expect(userMessage('Hi', 'text', 'm1')).toEqual({ text: 'Hi', client_message_id: 'm1' });
    expect(userMessage('Hi', 'typed', 'm1')).toEqual({
      type: 'message',
      text: 'Hi',
      client_message_id: 'm1',
    });
    expect(Object.keys(userMessage('Hi', 'text', undefined))).toEqual(['text']);
  });
});

describe('codec names', () => {
  it('names each codec after its frame, as io-ts error reports quote them', () => {
    expect(
      Object.fromEntries(Object.entries(serverFrameCodecs).map(([type, c]) => [type, c.name])),
    ).toEqual({
      session_started: 'SessionStartedFrame',
      session_ended: 'SessionEndedFrame',
      error: 'ErrorFrame',
      ping: 'PingFrame',
      typing: 'TypingFrame',
      response_complete: 'ResponseCompleteFrame',
      message: 'MessageFrame',
      tool_call_started: 'ToolCallStartedFrame',
      tool_call_completed: 'ToolCallCompletedFrame',
    });
    expect({
      ServerFrame: ServerFrame.name,
      ClientFrame: ClientFrame.name,
      TextFrame: TextFrame.name,
      TypedMessageFrame: TypedMessageFrame.name,
      StopFrame: StopFrame.name,
    }).toEqual({
      ServerFrame: 'ServerFrame',
      ClientFrame: 'ClientFrame',
      TextFrame: 'TextFrame',
      TypedMessageFrame: 'TypedMessageFrame',
      StopFrame: 'StopFrame',
    });
  });

  it('names a DecodeError so, with the diagnostic it carries', () => {
    const diagnostic = {
      kind: 'invalid-json',
      message: 'frame is not valid JSON',
      preview: '"{"',
    } as const;
    const error = new DecodeError(diagnostic);
    expect({ name: error.name, diagnostic: error.diagnostic }).toEqual({
      name: 'DecodeError',
      diagnostic,
    });
  });
});

describe('preview', () => {
  it('renders undefined, keeps a text of exactly max characters, and cuts a longer one with ...', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect({
      undefined: preview(undefined),
      exactly: preview('x'.repeat(8), 10),
      longer: preview('x'.repeat(9), 10),
      circular: preview(circular),
    }).toEqual({
      undefined: 'undefined',
      exactly: `"${'x'.repeat(8)}"`,
      longer: `"${'x'.repeat(6)}...`,
      circular: '[object Object]',
    });
  });
});
