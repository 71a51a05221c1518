import * as t from 'io-ts';
import { openString } from './openString.js';
import type { ServerFrameType } from './ServerFrameType.js';
import { ToolInput } from './toolInput.js';
import { withDefault } from './withDefault.js';

export { ServerFrameType } from './ServerFrameType.js';

/** The `session_ended` reasons the protocol page lists; others decode too. */
export type SessionEndReason = 'stopped' | 'completed' | 'escalated' | 'disconnected' | 'other';

// The codecs are built at module load; the PURE marks let bundlers drop the
// ones an application never uses. Every call in a codec's definition needs
// one (an unmarked inner call keeps the whole codec, and io-ts with it), and
// the tags are written out rather than read from `ServerFrameType`, as a
// bundler counts reading a property as a possible side effect.
const _SessionStartedFrame = /* @__PURE__ */ t.type(
  {
    type: /* @__PURE__ */ t.literal('session_started'),
    session_id: t.string,
    conversation_id: t.string,
  },
  'SessionStartedFrame',
);
/** First frame after the handshake: the session and the conversation it belongs to. */
export interface SessionStartedFrame extends t.TypeOf<typeof _SessionStartedFrame> {}
/** The io-ts codec for {@link SessionStartedFrame}. */
export const SessionStartedFrame: t.Type<SessionStartedFrame, SessionStartedFrame> =
  _SessionStartedFrame;

const _SessionEndedFrame = /* @__PURE__ */ t.type(
  {
    type: /* @__PURE__ */ t.literal('session_ended'),
    // A server that ends the session must be heard even when it names no
    // reason: a missing one reads as 'other' rather than dropping the frame.
    reason: /* @__PURE__ */ withDefault(
      /* @__PURE__ */ openString<SessionEndReason>('SessionEndReason'),
      'other',
    ),
  },
  'SessionEndedFrame',
);
/** Graceful end of the conversation; nothing follows it. */
export interface SessionEndedFrame extends t.TypeOf<typeof _SessionEndedFrame> {}
/** The io-ts codec for {@link SessionEndedFrame}. */
export const SessionEndedFrame: t.Type<SessionEndedFrame, SessionEndedFrame> = _SessionEndedFrame;

const _ErrorFrame = /* @__PURE__ */ t.type(
  { type: /* @__PURE__ */ t.literal('error'), message: t.string },
  'ErrorFrame',
);
/** A recoverable error: the session goes on. */
export interface ErrorFrame extends t.TypeOf<typeof _ErrorFrame> {}
/** The io-ts codec for {@link ErrorFrame}. */
export const ErrorFrame: t.Type<ErrorFrame, ErrorFrame> = _ErrorFrame;

const _PingFrame = /* @__PURE__ */ t.type({ type: /* @__PURE__ */ t.literal('ping') }, 'PingFrame');
/** Keepalive: resets the watchdog and carries nothing else. */
export interface PingFrame extends t.TypeOf<typeof _PingFrame> {}
/** The io-ts codec for {@link PingFrame}. */
export const PingFrame: t.Type<PingFrame, PingFrame> = _PingFrame;

const _TypingFrame = /* @__PURE__ */ t.type(
  { type: /* @__PURE__ */ t.literal('typing') },
  'TypingFrame',
);
/** The agent is preparing a response (a UX hint). */
export interface TypingFrame extends t.TypeOf<typeof _TypingFrame> {}
/** The io-ts codec for {@link TypingFrame}. */
export const TypingFrame: t.Type<TypingFrame, TypingFrame> = _TypingFrame;

const _ResponseCompleteFrame = /* @__PURE__ */ t.type(
  {
    type: /* @__PURE__ */ t.literal('response_complete'),
    duplicate: /* @__PURE__ */ withDefault(t.boolean, false),
  },
  'ResponseCompleteFrame',
);
/** End of an agent turn; `duplicate` is true when the server suppressed a repeated answer. */
export interface ResponseCompleteFrame extends t.TypeOf<typeof _ResponseCompleteFrame> {}
/** The io-ts codec for {@link ResponseCompleteFrame}. */
export const ResponseCompleteFrame: t.Type<ResponseCompleteFrame, ResponseCompleteFrame> =
  _ResponseCompleteFrame;

const _MessageFrame = /* @__PURE__ */ t.type(
  {
    type: /* @__PURE__ */ t.literal('message'),
    role: /* @__PURE__ */ openString<'agent'>('MessageRole'),
    text: t.string,
  },
  'MessageFrame',
);
/** The agent's consolidated message for a turn. */
export interface MessageFrame extends t.TypeOf<typeof _MessageFrame> {}
/** The io-ts codec for {@link MessageFrame}. */
export const MessageFrame: t.Type<MessageFrame, MessageFrame> = _MessageFrame;

export { ToolInput };

const _ToolCallStartedFrame = /* @__PURE__ */ t.intersection(
  [
    /* @__PURE__ */ t.type({
      type: /* @__PURE__ */ t.literal('tool_call_started'),
      tool_name: t.string,
      call_id: t.string,
      input: /* @__PURE__ */ withDefault(ToolInput, null),
    }),
    // The live platform adds `parent_call_id` for nested calls.
    /* @__PURE__ */ t.partial({ parent_call_id: t.string }),
  ],
  'ToolCallStartedFrame',
);
/** A tool call's post-hoc summary: its name, id and input. */
export interface ToolCallStartedFrame extends t.TypeOf<typeof _ToolCallStartedFrame> {}
/** The io-ts codec for {@link ToolCallStartedFrame}. */
export const ToolCallStartedFrame: t.Type<ToolCallStartedFrame, ToolCallStartedFrame> =
  _ToolCallStartedFrame;

const _ToolCallCompletedFrame = /* @__PURE__ */ t.type(
  {
    type: /* @__PURE__ */ t.literal('tool_call_completed'),
    tool_name: t.string,
    call_id: t.string,
    result: t.string,
    succeeded: /* @__PURE__ */ withDefault(t.boolean, true),
  },
  'ToolCallCompletedFrame',
);
/** A tool call's result, matched to its start by `call_id`. */
export interface ToolCallCompletedFrame extends t.TypeOf<typeof _ToolCallCompletedFrame> {}
/** The io-ts codec for {@link ToolCallCompletedFrame}. */
export const ToolCallCompletedFrame: t.Type<ToolCallCompletedFrame, ToolCallCompletedFrame> =
  _ToolCallCompletedFrame;

/** Every frame the server sends, tagged by `type`. */
export type ServerFrame =
  | SessionStartedFrame
  | SessionEndedFrame
  | ErrorFrame
  | PingFrame
  | TypingFrame
  | ResponseCompleteFrame
  | MessageFrame
  | ToolCallStartedFrame
  | ToolCallCompletedFrame;

/** The codec for each frame type, by its `type` tag. */
export const serverFrameCodecs: {
  readonly [K in ServerFrameType]: t.Type<Extract<ServerFrame, { type: K }>, unknown>;
} = {
  session_started: SessionStartedFrame,
  session_ended: SessionEndedFrame,
  error: ErrorFrame,
  ping: PingFrame,
  typing: TypingFrame,
  response_complete: ResponseCompleteFrame,
  message: MessageFrame,
  tool_call_started: ToolCallStartedFrame,
  tool_call_completed: ToolCallCompletedFrame,
};

/** The union codec over all nine frames. */
/** The io-ts codec for {@link ServerFrame}. */
export const ServerFrame: t.Type<ServerFrame, unknown> = /* @__PURE__ */ t.union(
  [
    SessionStartedFrame,
    SessionEndedFrame,
    ErrorFrame,
    PingFrame,
    TypingFrame,
    ResponseCompleteFrame,
    MessageFrame,
    ToolCallStartedFrame,
    ToolCallCompletedFrame,
  ],
  'ServerFrame',
);

export { isServerFrameType } from './frameFields.js';

/** A frame of one type, narrowed by its tag: `FrameOf<'message'>` is `MessageFrame`. */
export type FrameOf<K extends ServerFrameType> = Extract<ServerFrame, { type: K }>;
