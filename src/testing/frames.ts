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
  sessionStarted: (conversationId = 'conv_1', sessionId = 'ss_1'): SessionStartedFrame => ({
    type: 'session_started',
    session_id: sessionId,
    conversation_id: conversationId,
  }),
  sessionEnded: (reason: SessionEndReason | (string & {}) = 'completed'): SessionEndedFrame => ({
    type: 'session_ended',
    reason,
  }),
  error: (message: string): ErrorFrame => ({ type: 'error', message }),
  ping: (): PingFrame => ({ type: 'ping' }),
  typing: (): TypingFrame => ({ type: 'typing' }),
  responseComplete: (duplicate = false): ResponseCompleteFrame => ({
    type: 'response_complete',
    duplicate,
  }),
  message: (text: string): MessageFrame => ({ type: 'message', role: 'agent', text }),
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
