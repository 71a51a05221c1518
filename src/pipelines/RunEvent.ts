import type { ToolCallStatus } from '../protocol/ToolCall.js';
import type { TurnTiming } from '../protocol/TurnTiming.js';

/**
 * Why a conversation failed:
 *
 * | reason         | what happened                                                            | retryable |
 * | -------------- | ------------------------------------------------------------------------ | --------- |
 * | `closed`       | a terminal close code (`4401`, `4403`, ...): `code` says which            | no        |
 * | `connect`      | the agent was unreachable, or the reconnect budget was spent              | yes       |
 * | `turn-timeout` | a turn took longer than `turnTimeoutMs`                                  | yes       |
 * | `expectation`  | a turn missed its `expect`, a promised greeting never came, or a         | no        |
 * |                | greeting came to a `greets: false` script                                |           |
 * | `ended-early`  | the server sent `session_ended` before the script's last turn             | no        |
 * | `error`        | anything else (a lost conversation, a failing token provider, ...)       | see flag  |
 */
export type FailureReason =
  'closed' | 'connect' | 'turn-timeout' | 'expectation' | 'ended-early' | 'error';

/** Every {@link FailureReason}, in the order summaries list them. */
export const failureReasons: readonly FailureReason[] = [
  'closed',
  'connect',
  'turn-timeout',
  'expectation',
  'ended-early',
  'error',
];

/** What went wrong in a failed conversation: plain data, JSON as is. */
export interface ConversationFailure {
  readonly reason: FailureReason;
  /** Whether running the same script again may succeed (a job queue retries on it). */
  readonly retryable: boolean;
  /** One readable line (never a token). */
  readonly message: string;
  /** The script turn it failed at (`-1`: the greeting); absent when no turn was under way. */
  readonly turn?: number;
  /** The close code, for `closed` and `connect`, when a socket closed. */
  readonly code?: number;
  /** The unmet expectations, for `expectation`. */
  readonly unmet?: readonly string[];
  /** The `session_ended` reason, for `ended-early`. */
  readonly endReason?: string;
}

/** A tool call as a turn event shows it. */
export interface ToolCallSummary {
  readonly name: string;
  /** False for a failed call, and for one whose completion never came. */
  readonly succeeded: boolean;
  /**
   * Which of its frames arrived: `'incomplete'` for a call a drop or a cut
   * turn left without its completion (told apart from a failed call, which
   * is `'completed'` with `succeeded: false`), `'orphaned'` for a completion
   * whose start never came.
   */
  readonly status: ToolCallStatus;
}

/** One answered turn (or the greeting, `index: -1`). */
export interface TurnEvent {
  readonly type: 'turn';
  /** The script's id. */
  readonly id: string;
  /** The script turn it answers (0-based); `-1` for the greeting. */
  readonly index: number;
  /** What was sent; `null` for the greeting. */
  readonly sent: string | null;
  /** The agent's answer: its text (messages joined by a blank line). */
  readonly text: string;
  readonly toolCalls: readonly ToolCallSummary[];
  /** The `message` of each `error` frame in the turn. */
  readonly errors: readonly string[];
  /** False when the turn was cut off before `response_complete`. */
  readonly complete: boolean;
  /** Message written to `response_complete`, in ms; `null` for the greeting. */
  readonly latencyMs: number | null;
  /** The turn's timeline, on the session's scheduler clock (ms). */
  readonly timing: TurnTiming;
  /** Whether the turn met its expectations. */
  readonly ok: boolean;
  /** What it missed, when `ok` is false. */
  readonly unmet?: readonly string[];
}

/**
 * The result of one conversation: the last event for its id. Carries what a
 * {@link RunSummaryAccumulator} needs, so a summary can be rebuilt from these
 * events alone.
 */
export interface ConversationEvent {
  readonly type: 'conversation';
  readonly id: string;
  /** True when every turn was answered and met its expectations. */
  readonly ok: boolean;
  /** Turns answered (the greeting not counted). */
  readonly turns: number;
  /** Each answered turn's `latencyMs`, in order. */
  readonly latenciesMs: readonly number[];
  /** Reconnects the session went through. */
  readonly reconnects: number;
  /** The server's `conversation_id`, once a session started. */
  readonly conversationId?: string;
  /** When the conversation started and ended, on the scheduler clock (ms). */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Why it failed, when `ok` is false. */
  readonly error?: ConversationFailure;
}

/** Latency percentiles, ms; `null` fields when no turn was answered. */
export interface LatencySummary {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** The figures of a run (or of any set of conversation events). */
export interface RunSummary {
  /** Conversations finished. */
  readonly conversations: number;
  readonly ok: number;
  readonly failed: number;
  /** Failed conversations by reason; every reason present, 0 when none. */
  readonly failures: Readonly<Record<FailureReason, number>>;
  /** Turns answered, in all conversations. */
  readonly turns: number;
  readonly latencyMs: LatencySummary;
  /** Reconnects, in all conversations. */
  readonly reconnects: number;
  /** From the first conversation's start to the last one's end (ms); 0 when none. */
  readonly elapsedMs: number;
}

/** The last event of a run. */
export interface SummaryEvent extends RunSummary {
  readonly type: 'summary';
}

/** What `runConversations` emits: JSON-serialisable as is, one NDJSON line each. */
export type RunEvent = TurnEvent | ConversationEvent | SummaryEvent;
