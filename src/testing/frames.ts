import type {
  ErrorFrame,
  MessageFrame,
  PingFrame,
  ResponseCompleteFrame,
  SessionEndedFrame,
  SessionEndReason,
  SessionStartedFrame,
  ToolCallCompletedFrame,
  ToolCallStartedFrame,
  ToolInput,
  TypingFrame,
} from '../protocol/serverFrames.js';

/**
 * Builders for decoded server frames, with the protocol's defaults filled in,
 * so tests read as the conversation they describe.
 *
 * ## Example
 * ```ts
 * import { frames } from 'rxjs-text-stream/testing';
 *
 * const values = { t: frames.typing(), m: frames.message('Hi!'), r: frames.responseComplete() };
 * ```
 */
export const frames = {
  /** `session_started` for a conversation. */
  sessionStarted: (conversationId = 'conv_1', sessionId = 'ss_1'): SessionStartedFrame => ({
    type: 'session_started',
    session_id: sessionId,
    conversation_id: conversationId,
  }),
  /** `session_ended` with a reason (default `completed`). */
  sessionEnded: (reason: SessionEndReason | (string & {}) = 'completed'): SessionEndedFrame => ({
    type: 'session_ended',
    reason,
  }),
  /** A recoverable `error` frame. */
  error: (message: string): ErrorFrame => ({ type: 'error', message }),
  /** A keepalive `ping`. */
  ping: (): PingFrame => ({ type: 'ping' }),
  /** `typing`. */
  typing: (): TypingFrame => ({ type: 'typing' }),
  /** `response_complete`, optionally a duplicate. */
  responseComplete: (duplicate = false): ResponseCompleteFrame => ({
    type: 'response_complete',
    duplicate,
  }),
  /** The agent's `message`. */
  message: (text: string): MessageFrame => ({ type: 'message', role: 'agent', text }),
  /** `tool_call_started`; `extra` adds platform fields such as `parent_call_id`. */
  toolCallStarted: (
    toolName: string,
    callId: string,
    input: ToolInput = null,
    extra: Readonly<Record<string, unknown>> = {},
  ): ToolCallStartedFrame => ({
    ...extra,
    type: 'tool_call_started',
    tool_name: toolName,
    call_id: callId,
    input,
  }),
  /** `tool_call_completed`, successful unless `succeeded` is false. */
  toolCallCompleted: (
    toolName: string,
    callId: string,
    result: string,
    succeeded = true,
  ): ToolCallCompletedFrame => ({
    type: 'tool_call_completed',
    tool_name: toolName,
    call_id: callId,
    result,
    succeeded,
  }),
};
