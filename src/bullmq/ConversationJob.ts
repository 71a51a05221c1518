import type {
  ConversationScript,
  ScriptTurn,
  TurnExpectation,
} from '../pipelines/ConversationScript.js';

/** The name every conversation job carries in the queue. */
export const CONVERSATION_JOB = 'conversation';

/**
 * What a conversation job holds: the script, as JSON. A job's data travels
 * through Redis as JSON, so an expectation's RegExp is stored as its source
 * (the form a script file writes it in); the worker reads it back with
 * `parseScript`.
 */
export interface ConversationJobData {
  readonly script: ConversationScript;
}

/**
 * The job data for a script. A RegExp with flags has no JSON form a script
 * can read back, so it is refused with a `TypeError` here, before anything
 * is enqueued, rather than run differently on the worker.
 */
export function conversationJobData(script: ConversationScript): ConversationJobData {
  return { script: { ...script, turns: script.turns.map((turn) => jsonTurn(script.id, turn)) } };
}

function jsonTurn(id: string, turn: string | ScriptTurn): string | ScriptTurn {
  if (typeof turn === 'string' || turn.expect === undefined) return turn;
  const { text, textNot } = turn.expect;
  const expect: TurnExpectation = {
    ...turn.expect,
    ...(text === undefined ? {} : { text: patternSource(id, text) }),
    ...(textNot === undefined ? {} : { textNot: patternSource(id, textNot) }),
  };
  return { ...turn, expect };
}

function patternSource(id: string, pattern: string | RegExp): string {
  if (typeof pattern === 'string') return pattern;
  if (pattern.flags !== '')
    throw new TypeError(
      `script ${id}: the pattern ${String(pattern)} has flags, which a queued job cannot carry; write it without flags`,
    );
  return pattern.source;
}
