import { clip } from '../protocol/clip.js';
import { CloseError } from '../protocol/CloseError.js';
import { ConnectTimeoutError } from '../transport/ConnectTimeoutError.js';
import { HandshakeTimeoutError } from '../transport/HandshakeTimeoutError.js';
import { ConversationChangedError, TurnTimeoutError } from '../session/errors.js';
import type { ConversationFailure } from './RunEvent.js';

/**
 * The {@link ConversationFailure} for an error that ended a conversation (a
 * `send()` failure, or the session's terminal error), at script turn `turn`.
 * Its message is {@link clip}ped (a token provider's error, a close reason
 * can be any length).
 */
export function failureOf(error: unknown, turn: number | undefined): ConversationFailure {
  const at = turn === undefined ? {} : { turn };
  const message = clip(error instanceof Error ? error.message : String(error));
  if (error instanceof TurnTimeoutError)
    return { reason: 'turn-timeout', retryable: true, message, ...at };
  if (error instanceof CloseError) {
    // A retryable code that still ended the session means the reconnect
    // budget was spent: the agent could not be reached (again).
    return error.retryable
      ? { reason: 'connect', retryable: true, message, code: error.code, ...at }
      : { reason: 'closed', retryable: false, message, code: error.code, ...at };
  }
  if (error instanceof ConnectTimeoutError || error instanceof HandshakeTimeoutError)
    return { reason: 'connect', retryable: true, message, ...at };
  // The server lost the conversation: a fresh run of the script may well pass.
  if (error instanceof ConversationChangedError)
    return { reason: 'error', retryable: true, message, ...at };
  return { reason: 'error', retryable: false, message, ...at };
}
