import type { ToolCall } from '../../protocol/ToolCall.js';
import type { Turn } from '../../protocol/Turn.js';

/** A tool call as it appears in NDJSON: the pairing, without the raw frames. */
export function toolCallJson(call: ToolCall) {
  const { callId, toolName, status, input, result, succeeded } = call;
  return {
    callId,
    toolName,
    status,
    input,
    result,
    succeeded,
    ...(call.parentCallId ? { parentCallId: call.parentCallId } : {}),
  };
}

/** A turn as it appears in NDJSON. */
export function turnJson(turn: Turn) {
  return {
    index: turn.index,
    text: turn.text,
    messages: turn.messages.map((message) => message.text),
    toolCalls: turn.toolCalls.map(toolCallJson),
    errors: turn.errors.map((error) => error.message),
    duplicate: turn.duplicate,
    complete: turn.complete,
  };
}
