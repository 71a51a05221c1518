import { connectable, EMPTY, filter, type Observable, type Subscription } from 'rxjs';
import type { Diagnostic } from '../../protocol/Diagnostic.js';
import type {
  ErrorFrame,
  MessageFrame,
  ServerFrame,
  SessionEndedFrame,
  SessionStartedFrame,
} from '../../protocol/serverFrames.js';
import { pairToolCalls } from '../../operators/pairToolCalls.js';
import type { ToolCall } from '../../protocol/ToolCall.js';
import { toTurns } from '../../operators/toTurns.js';
import type { Turn } from '../../protocol/Turn.js';
import { typingIndicator } from '../../operators/typingIndicator.js';
import type { SessionNotice } from '../../session/machine/SessionNotice.js';
import type { SentMessage } from '../../session/TextStreamSession.js';
import type { ConnectionState } from '../../transport/ConnectionState.js';
import type { ReconnectNotice } from '../connection/reconnectNotices.js';

/** What a presenter shows: a live session, or a replayed recording. */
export interface ConversationStreams {
  readonly session$: Observable<SessionStartedFrame>;
  readonly sent$: Observable<SentMessage>;
  /** The agent's messages as they arrive, before their turn completes. */
  readonly messages$: Observable<MessageFrame>;
  readonly turns$: Observable<Turn>;
  readonly toolCalls$: Observable<ToolCall>;
  readonly typing$: Observable<boolean>;
  readonly errors$: Observable<ErrorFrame>;
  readonly diagnostics$: Observable<Diagnostic>;
  readonly state$: Observable<ConnectionState>;
  readonly ended$: Observable<SessionEndedFrame>;
  /** Reconnects about to happen (a live session only). */
  readonly reconnects$?: Observable<ReconnectNotice>;
  /** The session's notices (a live session only): a message waiting for a greeting. */
  readonly notices$?: Observable<SessionNotice>;
}

/**
 * The same streams a session offers, derived from a plain frame stream (a
 * replay). Nothing flows until `connect()`, so every presenter is listening.
 */
export function streamsFromFrames(
  frames$: Observable<ServerFrame>,
): ConversationStreams & { connect(): Subscription } {
  const shared = connectable(frames$);
  return {
    session$: shared.pipe(
      filter((frame): frame is SessionStartedFrame => frame.type === 'session_started'),
    ),
    sent$: EMPTY,
    messages$: shared.pipe(filter((frame): frame is MessageFrame => frame.type === 'message')),
    turns$: shared.pipe(toTurns()),
    toolCalls$: shared.pipe(pairToolCalls()),
    typing$: shared.pipe(typingIndicator()),
    errors$: shared.pipe(filter((frame): frame is ErrorFrame => frame.type === 'error')),
    diagnostics$: EMPTY,
    state$: EMPTY,
    ended$: shared.pipe(
      filter((frame): frame is SessionEndedFrame => frame.type === 'session_ended'),
    ),
    connect: () => shared.connect(),
  };
}
