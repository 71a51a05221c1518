import * as fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either';
import type * as t from 'io-ts';
import {
  ServerFrame,
  decodeFrame,
  reportErrors,
  serverFrameCodecs,
  type DecodeResult,
} from '../../src/index';
import { frameInShape } from '../../src/protocol/frameInShape';
import { plainObject } from '../../src/protocol/plainObject';
import { validFrame } from '../soak/properties';

// decodeFrame checks fields by hand (src/protocol/frameFields.ts); the io-ts
// codecs are the specification. These properties hold the two to the same
// verdict, the same decoded value (defaults, key order, identity) and the
// same error lines, on valid frames and on frames mutated every way we could
// think of.

const knownTypes = Object.keys(serverFrameCodecs);
const fieldNames = [
  'type',
  'session_id',
  'conversation_id',
  'reason',
  'message',
  'duplicate',
  'role',
  'text',
  'tool_name',
  'call_id',
  'input',
  'parent_call_id',
  'result',
  'succeeded',
];
const awkwardKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

const huge = 'x'.repeat(100_000);

/** Values a field might hold: right and wrong types, look-alikes, junk. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.integer().map(String),
  fc.constantFrom('true', 'false', 'null', '', huge),
  fc.constantFrom(...knownTypes, 'future_frame', 'Message', 'ping '),
  fc.jsonValue(),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...fieldNames, ...awkwardKeys, 'a'), fc.jsonValue(), {
    maxKeys: 3,
  }),
);

/** Sets an own field, even `__proto__`, as JSON.parse would. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...fieldNames) }),
  fc.record({
    op: fc.constant('set' as const),
    key: fc.oneof(
      { arbitrary: fc.constantFrom(...fieldNames), weight: 4 },
      fc.constantFrom(...awkwardKeys),
      fc.string(),
    ),
    value: fieldValue,
  }),
);

/** A valid frame, then up to four deletions or replacements, as an object. */
const frameObject = fc
  .tuple(validFrame, fc.array(mutation, { maxLength: 4 }), fc.boolean())
  .map(([frame, mutations, inheritSome]) => {
    const object: Record<string, unknown> = { ...frame };
    for (const change of mutations) {
      if (change.op === 'delete') delete object[change.key];
      else setOwn(object, change.key, change.value);
    }
    if (!inheritSome) return object;
    // Fields reachable only through the prototype must not count.
    const inherited: object = Object.create({ session_id: 's', text: 't', call_id: 'c' });
    return Object.assign(inherited, object);
  });

/** What the io-ts codecs make of an object, after the same prototype-safe copy. */
function decodeWithCodecs(
  plain: Readonly<Record<string, unknown>>,
): { ok: true; frame: unknown } | { ok: false; errors: string[] } {
  const type = plain.type;
  const union = ServerFrame.decode(plain);
  if (isRight(union)) return { ok: true, frame: union.right };
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(serverFrameCodecs, type))
    return { ok: false, errors: [] };
  const codec: t.Decoder<unknown, ServerFrame> =
    serverFrameCodecs[type as keyof typeof serverFrameCodecs];
  const result = codec.decode(plain);
  if (isRight(result)) throw new Error('the union and its member disagree');
  return { ok: false, errors: reportErrors(result.left) };
}

/** How many inputs had each outcome, so that a generator gone lopsided fails loudly. */
type Outcomes = { accepted: number; copied: number; invalid: number };
const noOutcomes = (): Outcomes => ({ accepted: 0, copied: 0, invalid: 0 });
let seen = noOutcomes();
const OUTCOMES: (keyof Outcomes)[] = ['accepted', 'copied', 'invalid'];

/**
 * Runs a property and then checks that each outcome came up often enough for
 * the agreement to mean something. Inside the test rather than in `afterAll`,
 * so that a change that only shifts the outcomes (one the decoder and the
 * codecs share) fails a test instead of the file.
 */
function withOutcomes(run: () => void, atLeast: number, outcomes: (keyof Outcomes)[]): void {
  seen = noOutcomes();
  run();
  for (const outcome of outcomes)
    expect({ outcome, 'came up often enough': seen[outcome] > atLeast }).toEqual({
      outcome,
      'came up often enough': true,
    });
}

/**
 * Checks `result` (decodeFrame's) against the codecs' verdict on `plain`. When
 * `plain` is the very object decodeFrame read, the frame must be it exactly
 * when io-ts returns it (nothing filled in).
 */
function expectAgreement(
  result: DecodeResult,
  plain: Readonly<Record<string, unknown>>,
  sameObject = false,
): void {
  const expected = decodeWithCodecs(plain);
  if (result.ok) seen[result.frame === plain ? 'accepted' : 'copied'] += 1;
  else if (result.diagnostic.kind === 'invalid-frame') seen.invalid += 1;
  expect(result.ok).toBe(expected.ok);
  if (result.ok && expected.ok) {
    // The same keys in the same order, each holding the same value (the
    // very same one when both decoded the same object).
    const keys = Object.keys(expected.frame as object);
    expect(Object.keys(result.frame)).toEqual(keys);
    for (const key of keys) {
      const actual = (result.frame as Record<string, unknown>)[key];
      const wanted = (expected.frame as Record<string, unknown>)[key];
      if (sameObject) expect(actual).toBe(wanted);
      else expect(actual).toEqual(wanted);
    }
    expect(Object.getPrototypeOf(result.frame)).toBe(Object.prototype);
    if (sameObject) expect(result.frame === plain).toBe(expected.frame === plain);
  }
  if (!result.ok && !expected.ok && result.diagnostic.kind === 'invalid-frame') {
    expect(result.diagnostic.errors).toEqual(expected.errors);
    expect(result.diagnostic.message).toBe(
      `invalid "${String(plain.type)}" frame: ${expected.errors.join('; ')}`,
    );
  }
}

describe('the hand-written frame decoder agrees with the io-ts codecs', () => {
  it('frameInShape, its hot path, says yes exactly when the codec keeps the object as it is', () => {
    fc.assert(
      fc.property(frameObject, (object) => {
        const plain = plainObject(object);
        const expected = decodeWithCodecs(plain);
        expect({ type: plain.type, inShape: frameInShape(plain) }).toEqual({
          type: plain.type,
          inShape: expected.ok && expected.frame === plain,
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('on parsed objects, never changing them', () => {
    withOutcomes(
      () => {
        fc.assert(
          fc.property(frameObject, (object) => {
            const before = JSON.stringify(object);
            const plain = plainObject(object);
            const result = decodeFrame(object);
            // Before the codecs look: a decoder that filled a default into its
            // input would otherwise hand them a frame already complete.
            expect({ 'the input after decoding': JSON.stringify(object) }).toEqual({
              'the input after decoding': before,
            });
            expectAgreement(result, plain, plain === object);
          }),
          { numRuns: 3000 },
        );
      },
      100,
      OUTCOMES,
    );
  });

  it('on JSON text', () => {
    withOutcomes(
      () => {
        fc.assert(
          fc.property(frameObject, (object) => {
            const text = JSON.stringify(object);
            expectAgreement(
              decodeFrame(text),
              plainObject(JSON.parse(text) as Record<string, unknown>),
            );
          }),
          { numRuns: 3000 },
        );
        // Parsed anew from text, a valid frame is never the object decoded.
      },
      100,
      ['copied', 'invalid'],
    );
  });

  // The spec pinned too: the codec and the decoder share the tool-input
  // predicate, so agreement alone would not catch a change to it.
  it.each([
    [
      'every default missing',
      true,
      '{"type":"tool_call_completed","tool_name":"t","call_id":"c","result":"r"}',
    ],
    ['a default present', true, '{"type":"response_complete","duplicate":true}'],
    [
      'an optional field of the wrong type',
      false,
      '{"type":"tool_call_started","tool_name":"t","call_id":"c","parent_call_id":null}',
    ],
    ['numbers as strings', false, '{"type":"response_complete","duplicate":"false"}'],
    [
      'an array as tool input',
      false,
      '{"type":"tool_call_started","tool_name":"t","call_id":"c","input":[1]}',
    ],
    [
      'an object as tool input',
      true,
      '{"type":"tool_call_started","tool_name":"t","call_id":"c","input":{"q":[1]}}',
    ],
    [
      'a string as tool input',
      true,
      '{"type":"tool_call_started","tool_name":"t","call_id":"c","input":"q"}',
    ],
    [
      'every field wrong',
      false,
      '{"type":"tool_call_completed","tool_name":1,"call_id":null,"result":{},"succeeded":"yes"}',
    ],
    [
      'a huge string where a boolean goes',
      false,
      `{"type":"response_complete","duplicate":"${huge}"}`,
    ],
    ['a __proto__ key', true, '{"type":"session_ended","__proto__":{"reason":7}}'],
  ])('on %s (valid: %p)', (_name, valid, text) => {
    const result = decodeFrame(text);
    expect(result.ok).toBe(valid);
    expectAgreement(result, plainObject(JSON.parse(text) as Record<string, unknown>));
  });
});
