import * as t from 'io-ts';
import { preview } from '../protocol/preview.js';
import { ScriptError } from './ScriptError.js';

/**
 * What a test author expects of one agent turn. Every check that is set must
 * hold; a turn that misses one fails its conversation with reason
 * `'expectation'`, and the conversation's later turns are not sent.
 */
export interface TurnExpectation {
  /** Tool names that must each be called in the turn (others may be called too). */
  readonly toolCalls?: readonly string[];
  /** True: the turn must call no tool at all. */
  readonly noToolCalls?: boolean;
  /** The turn's text must match: a RegExp, or a string taken as a RegExp source (as NDJSON writes it). */
  readonly text?: string | RegExp;
  /** The turn's text must not match (same forms as `text`). */
  readonly textNot?: string | RegExp;
  /** No `error` frame in the turn. Default true: set false for a turn expected to carry one. */
  readonly noErrors?: boolean;
}

/** One user message of a script, with what its answer must show. */
export interface ScriptTurn {
  readonly text: string;
  readonly expect?: TurnExpectation;
}

/**
 * One conversation to run: the messages to send, one after another, each
 * once the previous turn completed.
 *
 * In NDJSON: `{"id":"c1","turns":["Hi",{"text":"next Tuesday","expect":{"toolCalls":["check_availability"]}}]}`.
 */
export interface ConversationScript {
  /** Names the conversation in every event (a number in NDJSON is read as its decimal string). */
  readonly id: string;
  /** The user messages, in order: a string, or a {@link ScriptTurn} with expectations. */
  readonly turns: readonly (string | ScriptTurn)[];
  /**
   * `true`: the agent greets; the runner waits for the greeting (within
   * `greetingTimeoutMs` of `session_started`, 5000 when that is 0 or
   * `false`; failing with `'expectation'` when none comes), reports it as
   * turn `-1`, then sends. `false`: the agent never
   * greets; messages go out at once (`greetingTimeoutMs: 0`). Unset: the
   * session's own rule (it waits up to `greetingTimeoutMs` for a possible
   * greeting, which is not reported).
   */
  readonly greets?: boolean;
}

// A string pattern must compile; a RegExp (from code, not NDJSON) is taken as is.
const Pattern = /* @__PURE__ */ new t.Type<string | RegExp, string | RegExp, unknown>(
  'RegExp source',
  (input): input is string | RegExp => typeof input === 'string' || input instanceof RegExp,
  (input, context) => {
    if (input instanceof RegExp) return t.success(input);
    if (typeof input !== 'string') return t.failure(input, context);
    try {
      new RegExp(input);
      return t.success(input);
    } catch {
      return t.failure(input, context, 'not a valid regular expression');
    }
  },
  t.identity,
);

const _TurnExpectation = /* @__PURE__ */ t.partial(
  {
    toolCalls: /* @__PURE__ */ t.readonlyArray(t.string),
    noToolCalls: t.boolean,
    text: Pattern,
    textNot: Pattern,
    noErrors: t.boolean,
  },
  'TurnExpectation',
);

const _ScriptTurn = /* @__PURE__ */ t.intersection(
  [
    /* @__PURE__ */ t.type({ text: t.string }),
    /* @__PURE__ */ t.partial({ expect: _TurnExpectation }),
  ],
  'ScriptTurn',
);

// NDJSON ids may be numbers; events always carry the id as a string.
const ScriptId = /* @__PURE__ */ new t.Type<string, string, unknown>(
  'string | number',
  (input): input is string => typeof input === 'string',
  (input, context) =>
    typeof input === 'string' && input !== ''
      ? t.success(input)
      : typeof input === 'number' && Number.isFinite(input)
        ? t.success(String(input))
        : t.failure(input, context),
  t.identity,
);

/** The io-ts codec of a {@link ConversationScript} (what {@link parseScript} checks). */
export const ConversationScript: t.Type<ConversationScript, ConversationScript, unknown> =
  /* @__PURE__ */ t.intersection(
    [
      /* @__PURE__ */ t.type({
        id: ScriptId,
        turns: /* @__PURE__ */ t.readonlyArray(/* @__PURE__ */ t.union([t.string, _ScriptTurn])),
      }),
      /* @__PURE__ */ t.partial({ greets: t.boolean }),
    ],
    'ConversationScript',
  );

/**
 * Checks that `value` is a {@link ConversationScript} (a parsed NDJSON line,
 * or an object built in code) and returns it with its id as a string.
 * Throws a {@link ScriptError} naming the first bad field.
 *
 * ```ts
 * import { parseScript } from 'rxjs-text-stream';
 *
 * const script = parseScript(JSON.parse('{"id":1,"turns":["Hi"]}')); // { id: '1', turns: ['Hi'] }
 * ```
 */
export function parseScript(value: unknown): ConversationScript {
  // A hand-written check first: the runner parses every script it reads, and
  // io-ts costs more than a whole turn's bookkeeping. A property test holds
  // it to the codec's verdicts; the codec still explains what is wrong.
  if (isPlainScript(value)) return value;
  const result = ConversationScript.decode(value);
  if (result._tag === 'Right') return result.right;
  // The deepest error says most: for `{"text": 3}` in `turns`, the union's
  // string member fails at `turns.0` and its object member at `turns.0.text`.
  const described = result.left.map(describe);
  const [deepest] = described.sort((a, b) => b.depth - a.depth);
  throw deepest === undefined
    ? new ScriptError('', 'not a conversation script')
    : new ScriptError(deepest.path, deepest.problem);
}

/**
 * True when `value` is a script the codec would accept and return unchanged
 * (its id already a string); anything else is left to the codec.
 */
export function isPlainScript(value: unknown): value is ConversationScript {
  if (typeof value !== 'object' || value === null) return false;
  const { id, turns, greets } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || !Array.isArray(turns)) return false;
  if (greets !== undefined && typeof greets !== 'boolean') return false;
  for (const turn of turns) {
    if (typeof turn === 'string') continue;
    if (typeof turn !== 'object' || turn === null) return false;
    const { text, expect } = turn as Record<string, unknown>;
    if (typeof text !== 'string') return false;
    if (expect !== undefined && !isPlainExpectation(expect)) return false;
  }
  return true;
}

function isPlainExpectation(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { toolCalls, noToolCalls, text, textNot, noErrors } = value as Record<string, unknown>;
  if (toolCalls !== undefined) {
    if (!Array.isArray(toolCalls)) return false;
    for (const name of toolCalls) if (typeof name !== 'string') return false;
  }
  if (noToolCalls !== undefined && typeof noToolCalls !== 'boolean') return false;
  if (noErrors !== undefined && typeof noErrors !== 'boolean') return false;
  return isPattern(text) && isPattern(textNot);
}

function isPattern(value: unknown): boolean {
  if (value === undefined || value instanceof RegExp) return true;
  if (typeof value !== 'string') return false;
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

function describe(error: t.ValidationError): { path: string; depth: number; problem: string } {
  const keys: string[] = [];
  const { context } = error;
  // The field's own codec names what was expected (not a union member's).
  let field = context[0];
  for (let i = 1; i < context.length; i += 1) {
    const parent = context[i - 1]?.type;
    // A union's or an intersection's member index is no field of the JSON.
    if (parent instanceof t.UnionType || parent instanceof t.IntersectionType) continue;
    field = context[i];
    keys.push(field?.key ?? '');
  }
  const expected = field?.type.name ?? 'ConversationScript';
  return {
    path: keys.join('.'),
    depth: keys.length,
    problem: error.message ?? `expected ${expected}, got ${preview(error.value)}`,
  };
}
