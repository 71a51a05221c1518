import { EMPTY, merge, map, type Observable, type Subscription } from 'rxjs';
import { stringifyJson } from '../../recording/stringifyJson.js';
import { describeCause } from '../connection/describeCause.js';
import type { ConversationStreams } from './ConversationStreams.js';
import { toolCallJson, turnJson } from './jsonEvents.js';

/**
 * One JSON object per line and per event, for `jq` and stream processors.
 * Field names are stable and documented in docs/cli.md.
 */
export function presentJson(
  streams: ConversationStreams,
  write: (line: string) => void,
): Subscription {
  const events: Observable<object> = merge(
    streams.state$.pipe(map((state) => ({ event: 'state', state }))),
    streams.session$.pipe(
      map((frame) => ({
        event: 'session',
        sessionId: frame.session_id,
        conversationId: frame.conversation_id,
      })),
    ),
    streams.sent$.pipe(map((sent) => ({ event: 'sent', text: sent.text, resend: sent.resend }))),
    streams.toolCalls$.pipe(map((call) => ({ event: 'toolCall', ...toolCallJson(call) }))),
    streams.turns$.pipe(map((turn) => ({ event: 'turn', ...turnJson(turn) }))),
    streams.errors$.pipe(map((frame) => ({ event: 'error', message: frame.message }))),
    streams.diagnostics$.pipe(
      map((d) => ({
        event: 'diagnostic',
        kind: d.kind,
        message: d.message,
        ...(d.frameType ? { frameType: d.frameType } : {}),
      })),
    ),
    streams.ended$.pipe(map((frame) => ({ event: 'ended', reason: frame.reason }))),
    (streams.reconnects$ ?? EMPTY).pipe(
      map((notice) => ({
        event: 'reconnect',
        attempt: notice.attempt,
        maxAttempts: notice.maxAttempts,
        ...(notice.delayMs === undefined ? {} : { delayMs: notice.delayMs }),
        cause: describeCause(notice.cause),
      })),
    ),
  );
  return events.subscribe({
    // A tool's input may nest deeper than JSON.stringify can recurse.
    next: (event) => write(stringifyJson(event)),
    error: () => undefined,
  });
}
