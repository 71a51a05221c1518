import type { MessageShape } from '../../protocol/userMessage.js';
import type { TurnAssembler } from '../../protocol/TurnAssembler.js';
import type { TurnLimits } from '../../protocol/TurnLimits.js';

/** The fixed rules a session runs by, from its options. */
export interface SessionRules {
  readonly messageShape: MessageShape;
  readonly maxQueuedMessages: number;
  /** Bounds on one turn, so a runaway turn cannot grow without limit. */
  readonly turnLimits: TurnLimits;
  /** How long a conversation that may greet is given to start its greeting; `false`: never wait. */
  readonly greetingTimeoutMs: number | false;
  /** How long a turn may take from its message (or its first frame) to `response_complete`; `false`: no limit. */
  readonly turnTimeoutMs: number | false;
}

/** A user message the session accepted. */
export interface OutgoingMessage {
  /** The session's own handle, to settle the right `send()`. */
  readonly id: number;
  readonly text: string;
  /** Sent with the message and reused on its resend, so the platform can suppress a repeat. */
  readonly clientMessageId: string;
  /** The conversation the message was written for; `undefined` for a new one not yet named. */
  readonly conversationId: string | undefined;
}

/** The message whose answer is awaited. */
export interface InFlight {
  readonly message: OutgoingMessage;
  /** The socket it was last written to (1 for the first). */
  readonly writtenOn: number;
  /** It was written again after a drop. */
  readonly resent: boolean;
  /** When it was first written (the `at` of the event that wrote it). */
  readonly sentAt: number;
  /** When it was last written again after a drop. */
  readonly resentAt: number | undefined;
  /** How many times it was written again: one per resume while its answer was awaited. */
  readonly reconnects: number;
}

/** The agent turn being received. */
export interface OpenTurn {
  readonly assembler: TurnAssembler;
  /** The message it answers; `undefined` for a greeting or an unsolicited turn. */
  readonly owner: number | undefined;
  /** The socket it arrived on; a drop suspends an owned turn until the resend is answered. */
  readonly socket: number;
}

/**
 * Where the connection is: no socket with a `session_started` yet (`waiting`),
 * one that has started (`ready`), or the session is over.
 */
export type SessionPhase = 'waiting' | 'ready' | 'over';

/** The whole session as data. The transition never mutates a state it was given. */
export interface SessionState {
  readonly rules: SessionRules;
  readonly phase: SessionPhase;
  /** Sockets opened so far. */
  readonly socket: number;
  /** The conversation messages go into: from `session_started`, or the one asked for. */
  readonly conversationId: string | undefined;
  /** The server confirmed `conversationId` with a `session_started` on some socket. */
  readonly confirmed: boolean;
  /** Messages are held back because the conversation may still open with a greeting. */
  readonly awaitingGreeting: boolean;
  readonly queue: readonly OutgoingMessage[];
  readonly inFlight: InFlight | undefined;
  readonly turn: OpenTurn | undefined;
  /** Index of the next turn. */
  readonly turnIndex: number;
  /** `stop()` was asked for: queued behind the messages before it, then written. */
  readonly stop: 'none' | 'queued' | 'written';
  readonly typing: boolean;
}

/** The state of a session that has not connected yet. */
export function initialState(rules: SessionRules, conversationId?: string): SessionState {
  return {
    rules,
    phase: 'waiting',
    socket: 0,
    conversationId,
    confirmed: false,
    awaitingGreeting: false,
    queue: [],
    inFlight: undefined,
    turn: undefined,
    turnIndex: 0,
    stop: 'none',
    typing: false,
  };
}
