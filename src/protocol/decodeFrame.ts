import type { Diagnostic, DiagnosticKind } from './Diagnostic.js';
import { plainObject } from './plainObject.js';
import { preview, reportErrors } from './reportErrors.js';
import { isServerFrameType, serverFrameCodecs, type ServerFrame } from './serverFrames.js';

/** What a socket or a caller may hand to the decoder: text, bytes, or parsed JSON. */
export type RawFrame = string | ArrayBuffer | ArrayBufferView | object;

/** The outcome of decoding one raw frame. */
export type DecodeResult =
  | { readonly ok: true; readonly frame: ServerFrame }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one inbound frame: bytes to text, text to JSON, JSON to a typed
 * frame by its `type` tag (one lookup, not a trial of every codec). Never
 * throws; whatever is not a known, well-formed frame comes back as a
 * {@link Diagnostic}.
 */
export function decodeFrame(raw: unknown): DecodeResult {
  if (typeof raw === 'string') return decodeText(raw);
  if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) {
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      return fail('invalid-json', 'binary frame is not valid UTF-8', `<${raw.byteLength} bytes>`);
    }
    return decodeText(text);
  }
  if (raw === null || typeof raw !== 'object') {
    return fail(
      'unsupported-input',
      `cannot decode a ${raw === null ? 'null' : typeof raw} input`,
      preview(raw),
    );
  }
  return decodeValue(raw);
}

function decodeText(text: string): DecodeResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('invalid-json', 'frame is not valid JSON', preview(text));
  }
  return decodeValue(value);
}

function decodeValue(input: unknown): DecodeResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return fail('not-an-object', 'frame is not a JSON object', preview(input));
  }
  // Before any codec sees it: a `__proto__` key must not become the
  // prototype when io-ts copies the frame to fill in a default, nor an
  // inherited field pass for a checked one.
  const value = plainObject(input);
  const { type } = value;
  if (typeof type !== 'string') {
    return fail('missing-type', 'frame has no string "type" field', preview(value));
  }
  if (!isServerFrameType(type)) {
    return fail('unknown-type', `unknown frame type "${type}" dropped`, preview(value), type);
  }
  const codec = serverFrameCodecs[type];
  // The hot path: a frame already in shape (defaults present) passes the
  // codec's allocation-free `is`, and decoding would return it unchanged.
  if (codec.is(value)) return { ok: true, frame: value };
  const result = codec.decode(value);
  // The tag, not fp-ts's `isLeft`: fp-ts has no subpath that is ESM for Node
  // and bundlers alike, and `fp-ts/lib` drags its CommonJS build into apps.
  if (result._tag === 'Left') {
    const errors = reportErrors(result.left);
    return {
      ok: false,
      diagnostic: {
        kind: 'invalid-frame',
        message: `invalid "${type}" frame: ${errors.join('; ')}`,
        frameType: type,
        errors,
        preview: preview(value),
      },
    };
  }
  return { ok: true, frame: result.right };
}

function fail(
  kind: DiagnosticKind,
  message: string,
  excerpt: string,
  frameType?: string,
): DecodeResult {
  const diagnostic: Diagnostic =
    frameType === undefined
      ? { kind, message, preview: excerpt }
      : { kind, message, frameType, preview: excerpt };
  return { ok: false, diagnostic };
}
