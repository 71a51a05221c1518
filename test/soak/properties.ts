import * as fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either';
import { from, toArray, type OperatorFunction } from 'rxjs';
import type * as t from 'io-ts';
import {
  decodeFrames,
  pairToolCalls,
  serverFrameCodecs,
  toTurns,
  type ServerFrame,
  type ToolCall,
  type Turn,
} from '../../src/index';
import { frames } from '../../src/testing/frames';

/** Runs an operator over a finite input synchronously and returns what came out. */
function collect<I, T>(inputs: readonly I[], operator: OperatorFunction<I, T>): T[] {
  let out: T[] = [];
  let failure: unknown;
  from(inputs)
    .pipe(operator, toArray())
    .subscribe({ next: (values) => (out = values), error: (err: unknown) => (failure = err) });
  if (failure !== undefined) throw failure;
  return out;
}

const jsonValue = fc.jsonValue();

/** Valid frames of every type, with arbitrary extra fields. */
export const validFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  fc
    .tuple(fc.string(), fc.string())
    .map(([conversation, session]) => frames.sessionStarted(conversation, session)),
  fc.string().map((reason) => frames.sessionEnded(reason)),
  fc.string().map((message) => frames.error(message)),
  fc.constant(frames.ping()),
  fc.constant(frames.typing()),
  fc.boolean().map((duplicate) => frames.responseComplete(duplicate)),
  fc.string().map((text) => frames.message(text)),
  fc
    .tuple(
      fc.string(),
      fc.string(),
      fc.oneof(fc.constant(null), fc.string(), fc.dictionary(fc.string(), jsonValue)),
    )
    .map(([tool, id, input]) => frames.toolCallStarted(tool, id, input)),
  fc
    .tuple(fc.string(), fc.string(), fc.string(), fc.boolean())
    .map(([tool, id, result, ok]) => frames.toolCallCompleted(tool, id, result, ok)),
);

/** A valid frame with one field removed, replaced, or its type swapped. */
const mutatedFrame = fc
  .tuple(
    validFrame,
    fc.nat(),
    jsonValue,
    fc.constantFrom(...Object.keys(serverFrameCodecs)),
    fc.nat(2),
  )
  .map(([frame, pick, value, otherType, how]) => {
    const copy: Record<string, unknown> = { ...frame };
    const keys = Object.keys(copy);
    const key = keys[pick % keys.length] as string;
    if (how === 0) delete copy[key];
    else if (how === 1) copy[key] = value;
    else copy.type = otherType;
    return copy;
  });

/** A valid frame with a prototype-bending key added, as JSON text (where `__proto__` is an own key). */
const prototypeKeyFrame = fc
  .tuple(validFrame, fc.constantFrom('__proto__', 'constructor', 'prototype'), jsonValue)
  .map(([frame, key, value]) => {
    const json = JSON.stringify(frame);
    const extra = `${JSON.stringify(key)}:${JSON.stringify({ parent_call_id: 42, duplicate: 'x', value })}`;
    return `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}${extra}}`;
  });

/** A valid frame whose tool input or an extra field nests `depth` levels deep. */
const deeplyNested = fc
  .oneof(
    { arbitrary: fc.integer({ min: 1, max: 2000 }), weight: 19 },
    // Deeper than any recursion could take, but rare: parsing it costs ~50 ms.
    { arbitrary: fc.constant(50_000), weight: 1 },
  )
  .map((depth) => {
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    return `{"type":"tool_call_started","tool_name":"t","call_id":"c","input":{"a":${nested}},"extra":${nested}}`;
  });

/** UTF-8 with bytes a decoder must refuse (lone continuation, overlong, surrogates). */
const invalidUtf8 = fc
  .tuple(
    validFrame,
    fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf4, 0x90, 0x80, 0x80]),
  )
  .map(([frame, bad]) => {
    const bytes = new TextEncoder().encode(JSON.stringify(frame));
    return Uint8Array.from([...bytes.subarray(0, 1), ...bad, ...bytes.subarray(1)]);
  });

/** Anything at all that might arrive on a socket. */
export const hostileInput = fc.oneof(
  prototypeKeyFrame,
  deeplyNested,
  invalidUtf8,
  fc.string(),
  fc.string().map((text) => `{"type":${text}`),
  jsonValue,
  jsonValue.map((value) => JSON.stringify(value)),
  mutatedFrame,
  mutatedFrame.map((frame) => JSON.stringify(frame)),
  mutatedFrame.map((frame) => new TextEncoder().encode(JSON.stringify(frame))),
  fc.uint8Array(),
);

/**
 * decodeFrames never throws out of the stream, and never emits a frame its
 * codec rejects. Returns how many inputs were generated.
 */
export function decodeNeverEmitsInvalid(numRuns: number): number {
  let generated = 0;
  fc.assert(
    fc.property(fc.array(hostileInput, { maxLength: 8 }), (inputs) => {
      generated += inputs.length;
      const decoded = collect(inputs, decodeFrames({ onDiagnostic: () => undefined }));
      for (const frame of decoded) {
        const codec: t.Decoder<unknown, ServerFrame> & { is: t.Is<ServerFrame> } =
          serverFrameCodecs[frame.type];
        if (!isRight(codec.decode(frame)) || !codec.is(frame)) return false;
        // Plain data: nothing can bend the prototype or hide behind it.
        if (Object.getPrototypeOf(frame) !== Object.prototype) return false;
        for (const key of ['__proto__', 'constructor', 'prototype']) {
          if (Object.prototype.hasOwnProperty.call(frame, key)) return false;
        }
        if ((frame as { parent_call_id?: unknown }).parent_call_id === 42) return false;
      }
      return decoded.length <= inputs.length;
    }),
    { numRuns },
  );
  return generated;
}

/**
 * A turn of random tool traffic with unique call ids: calls that complete
 * (interleaved), calls that never complete, completions that never started,
 * messages and errors, usually ended by response_complete.
 */
const turnFrames = fc.record({
  complete: fc.nat(4),
  startOnly: fc.nat(2),
  endOnly: fc.nat(2),
  messages: fc.nat(2),
  errors: fc.nat(1),
  ended: fc.boolean(),
  order: fc.array(fc.nat(), { maxLength: 40 }),
});

export function pairingAndTurnsHold(numRuns: number): void {
  fc.assert(
    fc.property(
      fc.array(turnFrames, { minLength: 1, maxLength: 6 }),
      fc.boolean(),
      (turns, lastCutOff) => {
        let next = 0;
        const stream: ServerFrame[] = [frames.sessionStarted()];
        const started = new Set<string>();
        const orphans = new Set<string>();
        let completions = 0;
        turns.forEach((turn, t) => {
          const body: ServerFrame[] = [frames.typing()];
          // A start always precedes its completion; the shuffle keeps that order per call.
          const pairs: ServerFrame[][] = [];
          for (let i = 0; i < turn.complete; i += 1) {
            const id = `c${(next += 1)}`;
            started.add(id);
            pairs.push([
              frames.toolCallStarted('tool', id),
              frames.toolCallCompleted('tool', id, 'ok'),
            ]);
          }
          for (let i = 0; i < turn.startOnly; i += 1) {
            const id = `c${(next += 1)}`;
            started.add(id);
            pairs.push([frames.toolCallStarted('tool', id)]);
          }
          for (let i = 0; i < turn.endOnly; i += 1) {
            const id = `c${(next += 1)}`;
            orphans.add(id);
            pairs.push([frames.toolCallCompleted('tool', id, 'late')]);
          }
          for (let i = 0; i < turn.messages; i += 1) pairs.push([frames.message(`m${i}`)]);
          for (let i = 0; i < turn.errors; i += 1) pairs.push([frames.error('e')]);
          let pick = 0;
          while (pairs.length > 0) {
            const index = (turn.order[pick++ % Math.max(turn.order.length, 1)] ?? 0) % pairs.length;
            const queue = pairs[index] as ServerFrame[];
            body.push(queue.shift() as ServerFrame);
            if (queue.length === 0) pairs.splice(index, 1);
          }
          const isLast = t === turns.length - 1;
          if (!(isLast && lastCutOff) && turn.ended) {
            body.push(frames.responseComplete());
            completions += 1;
          }
          stream.push(...body);
        });

        const calls: ToolCall[] = collect(stream, pairToolCalls());
        const byId = new Map<string, ToolCall[]>();
        for (const call of calls) byId.set(call.callId, [...(byId.get(call.callId) ?? []), call]);
        for (const id of started) {
          const out = byId.get(id);
          if (out?.length !== 1 || out[0]?.status === 'orphaned') return false;
        }
        for (const id of orphans) {
          const out = byId.get(id);
          if (out?.length !== 1 || out[0]?.status !== 'orphaned') return false;
        }
        if (calls.length !== started.size + orphans.size) return false;

        const turnsOut: Turn[] = collect(stream, toTurns());
        return turnsOut.filter((turn) => turn.complete).length === completions;
      },
    ),
    { numRuns },
  );
}

/**
 * Huge turns under small random limits, mixed with hostile inputs, through
 * decodeFrames, toTurns and pairToolCalls: nothing throws, no turn keeps
 * more than its limits allow, and every started call still comes out of
 * pairToolCalls exactly once (an early flush is a flush, not a loss).
 * Returns how many frames were fed.
 */
export function hugeTurnsStayBounded(numRuns: number): number {
  let fed = 0;
  fc.assert(
    fc.property(
      fc.record({
        maxFrames: fc.integer({ min: 1, max: 300 }),
        maxPendingToolCalls: fc.integer({ min: 1, max: 60 }),
        maxBytes: fc.integer({ min: 50, max: 50_000 }),
      }),
      fc.integer({ min: 0, max: 3000 }),
      fc.array(hostileInput, { maxLength: 6 }),
      fc.nat(),
      (limits, size, noise, seed) => {
        const raw: unknown[] = [JSON.stringify(frames.sessionStarted()), ...noise];
        const startedIds = new Set<string>();
        for (let i = 0; i < size; i += 1) {
          const roll = (seed + i * 7919) % 5;
          if (roll === 0) raw.push(JSON.stringify(frames.message('x'.repeat(i % 97))));
          else if (roll === 1 || roll === 2) {
            startedIds.add(`s${i}`);
            raw.push(JSON.stringify(frames.toolCallStarted('t', `s${i}`, { i })));
          } else if (roll === 3 && i > 0) {
            raw.push(JSON.stringify(frames.toolCallCompleted('t', `s${i - 1}`, 'ok')));
          } else raw.push(`{"type":"error","message":"e","__proto__":{"x":${i}}}`);
        }
        raw.push(JSON.stringify(frames.responseComplete()));
        fed += raw.length;
        const decoded = collect(raw, decodeFrames({ onDiagnostic: () => undefined }));
        const turns = collect(decoded, toTurns({ limits, onDiagnostic: () => undefined }));
        for (const turn of turns) {
          const kept = turn.messages.length + turn.errors.length + turn.toolCalls.length;
          if (kept > limits.maxFrames) return false;
        }
        const calls = collect(decoded, pairToolCalls({ limits }));
        // Noise may repeat an id of its own; the generated ids are unique.
        const startedOut = calls.filter(
          (call) => call.status !== 'orphaned' && startedIds.has(call.callId),
        );
        const ids = new Set(startedOut.map((call) => call.callId));
        return ids.size === startedOut.length && [...startedIds].every((id) => ids.has(id));
      },
    ),
    { numRuns },
  );
  return fed;
}
