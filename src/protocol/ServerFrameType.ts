/**
 * The nine frame types the server sends, as their wire strings. Every frame is
 * a flat JSON object tagged by `type`; fields the codecs do not name survive
 * decoding untouched (`t.type` does not strip).
 */
export const ServerFrameType = {
  SessionStarted: 'session_started',
  SessionEnded: 'session_ended',
  Error: 'error',
  Ping: 'ping',
  Typing: 'typing',
  ResponseComplete: 'response_complete',
  Message: 'message',
  ToolCallStarted: 'tool_call_started',
  ToolCallCompleted: 'tool_call_completed',
} as const;
export type ServerFrameType = (typeof ServerFrameType)[keyof typeof ServerFrameType];
