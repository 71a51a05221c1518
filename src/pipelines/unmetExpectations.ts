import { clip } from '../protocol/clip.js';
import type { Turn } from '../protocol/Turn.js';
import type { TurnExpectation } from './ConversationScript.js';

/**
 * What `turn` misses of `expect`, one readable line each (`[]` when it meets
 * them all). With no expectation, a turn still must carry no `error` frame
 * and must have completed. Each line is {@link clip}ped: an agent's text or
 * error frame can be any length.
 */
export function unmetExpectations(
  turn: Turn,
  expect: TurnExpectation | undefined,
): readonly string[] {
  // Most turns of a load test: nothing expected, nothing wrong, nothing allocated.
  if (expect === undefined && turn.complete && turn.errors.length === 0) return met;
  const unmet: string[] = [];
  if (!turn.complete) unmet.push('the turn was cut off before response_complete');
  if (expect?.noErrors !== false && turn.errors.length > 0)
    unmet.push(clip(`error frame: ${turn.errors.map((error) => error.message).join('; ')}`));
  if (expect === undefined) return unmet;
  const called = turn.toolCalls.map((call) => call.toolName);
  for (const name of expect.toolCalls ?? []) {
    if (!called.includes(name))
      unmet.push(
        clip(`expected a call to ${name}, got ${called.length ? called.join(', ') : 'none'}`),
      );
  }
  if (expect.noToolCalls === true && called.length > 0)
    unmet.push(clip(`expected no tool calls, got ${called.join(', ')}`));
  if (expect.text !== undefined && !patternOf(expect.text).test(turn.text))
    unmet.push(clip(`text does not match ${String(patternOf(expect.text))}: ${quote(turn.text)}`));
  if (expect.textNot !== undefined && patternOf(expect.textNot).test(turn.text))
    unmet.push(clip(`text matches ${String(patternOf(expect.textNot))}: ${quote(turn.text)}`));
  return unmet;
}

const met: readonly string[] = [];

// A RegExp with the g or y flag keeps `lastIndex` between tests: use a fresh copy.
function patternOf(pattern: string | RegExp): RegExp {
  return typeof pattern === 'string'
    ? new RegExp(pattern)
    : new RegExp(pattern.source, pattern.flags);
}

// The turn's text as a JSON string, cut first so a long answer is not escaped whole.
function quote(text: string): string {
  return JSON.stringify(clip(text));
}
