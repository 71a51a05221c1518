import { isToolInput } from './isToolInput.js';
import type { ServerFrameType } from './ServerFrameType.js';

/**
 * How the decoder checks one field of a frame. Each rule mirrors the field's
 * io-ts codec in `serverFrames.ts`, which stays the specification: a property
 * test holds the two to the same verdicts, values and messages.
 */
export interface FieldRule {
  /** The expected type as the io-ts codec names it in errors, e.g. `boolean = false`. */
  readonly expected: string;
  /** Whether the field may hold `value`; `undefined` passes only for a field that may be missing (`t.partial`). */
  readonly accepts: (value: unknown) => boolean;
  /** The protocol's default (`withDefault`), which a missing field reads as. No default is `undefined`. */
  readonly fallback?: unknown;
}

const isString = (value: unknown): boolean => typeof value === 'string';
const isBoolean = (value: unknown): boolean => typeof value === 'boolean';

const required = (expected: string, accepts = isString): FieldRule => ({ expected, accepts });

const optional = ({ expected, accepts }: FieldRule): FieldRule => ({
  expected,
  accepts: (value) => value === undefined || accepts(value),
});

const withDefault = ({ expected, accepts }: FieldRule, fallback: unknown): FieldRule => ({
  expected: `${expected} = ${JSON.stringify(fallback)}`,
  accepts,
  fallback,
});

const string = required('string');
const boolean = required('boolean', isBoolean);

/**
 * The fields each frame type must (or may) carry besides `type`, in the
 * order its codec checks them. Fields not listed pass through untouched.
 */
export const frameFields: {
  readonly [K in ServerFrameType]: Readonly<Record<string, FieldRule>>;
} = {
  session_started: { session_id: string, conversation_id: string },
  session_ended: { reason: withDefault(required('SessionEndReason'), 'other') },
  error: { message: string },
  ping: {},
  typing: {},
  response_complete: { duplicate: withDefault(boolean, false) },
  message: { role: required('MessageRole'), text: string },
  tool_call_started: {
    tool_name: string,
    call_id: string,
    input: withDefault(required('ToolInput', isToolInput), null),
    parent_call_id: optional(string),
  },
  tool_call_completed: {
    tool_name: string,
    call_id: string,
    result: string,
    succeeded: withDefault(boolean, true),
  },
};

/** True when `type` names one of the nine known frames. */
export function isServerFrameType(type: unknown): type is ServerFrameType {
  return typeof type === 'string' && Object.hasOwn(frameFields, type);
}
