import * as t from 'io-ts';

// An optional id the client chooses for a user message and reuses on its
// resend, so the platform can suppress a repeated answer (`duplicate: true`).
const clientMessageId = { client_message_id: t.string };

const _TextFrame = /* @__PURE__ */ t.intersection(
  [/* @__PURE__ */ t.type({ text: t.string }), /* @__PURE__ */ t.partial(clientMessageId)],
  'TextFrame',
);
/** A user message as the protocol page shows it: `{"text": "..."}`. */
export interface TextFrame extends t.TypeOf<typeof _TextFrame> {}
/** The io-ts codec for {@link TextFrame}. */
export const TextFrame: t.Type<TextFrame, TextFrame> = _TextFrame;

const _TypedMessageFrame = /* @__PURE__ */ t.intersection(
  [
    /* @__PURE__ */ t.type({ type: /* @__PURE__ */ t.literal('message'), text: t.string }),
    /* @__PURE__ */ t.partial(clientMessageId),
  ],
  'TypedMessageFrame',
);
/** A user message in the vendor guide's shape: `{"type": "message", "text": "..."}`. */
export interface TypedMessageFrame extends t.TypeOf<typeof _TypedMessageFrame> {}
/** The io-ts codec for {@link TypedMessageFrame}. */
export const TypedMessageFrame: t.Type<TypedMessageFrame, TypedMessageFrame> = _TypedMessageFrame;

const _StopFrame = /* @__PURE__ */ t.type({ type: /* @__PURE__ */ t.literal('stop') }, 'StopFrame');
/** Asks the server to end the session; it answers `session_ended` / `stopped`. */
export interface StopFrame extends t.TypeOf<typeof _StopFrame> {}
/** The io-ts codec for {@link StopFrame}. */
export const StopFrame: t.Type<StopFrame, StopFrame> = _StopFrame;

/** Everything a client may send. The typed shapes come first so `type` decides. */
export type ClientFrame = TypedMessageFrame | StopFrame | TextFrame;
/** The io-ts codec for {@link ClientFrame}. */
export const ClientFrame: t.Type<ClientFrame, ClientFrame> = /* @__PURE__ */ t.union(
  [TypedMessageFrame, StopFrame, TextFrame],
  'ClientFrame',
);
