import type { Diagnostic, DiagnosticKind } from './Diagnostic.js';
import { plainObject } from './plainObject.js';
import { frameFields, isServerFrameType, type FieldRule } from './frameFields.js';
import { frameInShape } from './frameInShape.js';
import { preview } from './preview.js';
import type { ServerFrame } from './serverFrames.js';

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
  const decoded = decodeFrameOrFailure(raw);
  return decoded instanceof DecodeFailure
    ? { ok: false, diagnostic: decoded.diagnostic }
    : { ok: true, frame: decoded };
}

/** Why a frame did not decode: a class, so that a frame is told from it without a wrapper. */
export class DecodeFailure {
  constructor(readonly diagnostic: Diagnostic) {}
}

/**
 * {@link decodeFrame} for the hot path: the frame itself, or a
 * {@link DecodeFailure}, so a good frame (nearly every one) costs no result
 * object. A connection decodes every ping this way.
 */
export function decodeFrameOrFailure(raw: unknown): ServerFrame | DecodeFailure {
  // Bytes become text, text becomes JSON, and every input ends up here as a value.
  let input = raw;
  if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) {
    try {
      input = utf8.decode(raw);
    } catch {
      return fail('invalid-json', 'binary frame is not valid UTF-8', `<${raw.byteLength} bytes>`);
    }
  }
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      return fail('invalid-json', 'frame is not valid JSON', preview(input));
    }
  } else if (input === null || typeof input !== 'object') {
    return fail(
      'unsupported-input',
      `cannot decode a ${input === null ? 'null' : typeof input} input`,
      preview(input),
    );
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return fail('not-an-object', 'frame is not a JSON object', preview(input));
  }
  // Before any field is read: a `__proto__` key must not become the
  // prototype when the frame is copied to fill in a default, nor an
  // inherited field pass for a checked one.
  const value = plainObject(input);
  const { type } = value;
  if (typeof type !== 'string') {
    return fail('missing-type', 'frame has no string "type" field', preview(value));
  }
  // The hot path: a known frame already in shape comes back as it is.
  if (frameInShape(value)) return value as ServerFrame;
  if (!isServerFrameType(type)) {
    return new DecodeFailure({
      kind: 'unknown-type',
      message: `unknown frame type "${type}" dropped`,
      frameType: type,
      preview: preview(value),
    });
  }
  const rules = frameFields[type];
  // Checked by hand against the rules, not by the io-ts codecs they mirror:
  // io-ts cannot be tree-shaken and would be most of an app's cost for a
  // session. A frame already in shape (every default present) comes back
  // as it is; filling in a default copies it, as io-ts does.
  let frame = value;
  let errors: string[] | undefined;
  for (const key in rules) {
    const rule = rules[key] as FieldRule;
    const field = value[key];
    if (field === undefined && rule.fallback !== undefined) {
      if (frame === value) frame = { ...value };
      (frame as Record<string, unknown>)[key] = rule.fallback;
    } else if (!rule.accepts(field)) {
      (errors ??= []).push(`${key}: expected ${rule.expected}, got ${preview(field)}`);
    }
  }
  if (errors === undefined) return frame as ServerFrame;
  return new DecodeFailure({
    kind: 'invalid-frame',
    message: `invalid "${type}" frame: ${errors.join('; ')}`,
    frameType: type,
    errors,
    preview: preview(value),
  });
}

function fail(kind: DiagnosticKind, message: string, excerpt: string): DecodeFailure {
  return new DecodeFailure({ kind, message, preview: excerpt });
}
