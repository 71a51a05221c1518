// The public API. Every export is named here so the surface is reviewable in one place.

// Protocol: frames, codecs, decoding, close codes, errors.
export {
  ServerFrameType,
  ServerFrame,
  SessionStartedFrame,
  SessionEndedFrame,
  ErrorFrame,
  PingFrame,
  TypingFrame,
  ResponseCompleteFrame,
  MessageFrame,
  ToolInput,
  ToolCallStartedFrame,
  ToolCallCompletedFrame,
  serverFrameCodecs,
  isServerFrameType,
} from './protocol/serverFrames.js';
export type { FrameOf, SessionEndReason } from './protocol/serverFrames.js';
export { ClientFrame, TextFrame, TypedMessageFrame, StopFrame } from './protocol/clientFrames.js';
export { userMessage } from './protocol/userMessage.js';
export type { MessageShape } from './protocol/userMessage.js';
export { decodeFrame } from './protocol/decodeFrame.js';
export type { DecodeResult, RawFrame } from './protocol/decodeFrame.js';
export type { Diagnostic, DiagnosticKind } from './protocol/Diagnostic.js';
export { reportErrors } from './protocol/reportErrors.js';
export {
  CloseCode,
  closeCodeTable,
  closeDisposition,
  closeMeaning,
  isRetryableClose,
} from './protocol/closeCodes.js';
export type { CloseContext, CloseDisposition, CloseRule } from './protocol/closeCodes.js';
export { DecodeError } from './protocol/DecodeError.js';
export { CloseError } from './protocol/CloseError.js';

// Operators: one pipeable function each.
export { decodeFrames } from './operators/decodeFrames.js';
export type { DecodeFramesOptions } from './operators/decodeFrames.js';
export { pingTimeout, PingTimeoutError } from './operators/pingTimeout.js';
export { pairToolCalls } from './operators/pairToolCalls.js';
export type {
  ToolCall,
  ToolCallStatus,
  CompletedToolCall,
  OrphanedToolCall,
  IncompleteToolCall,
} from './protocol/ToolCall.js';
export { turnWindows } from './operators/turnWindows.js';
export { isTurnFrame } from './protocol/turnFrames.js';
export type { TurnFrame } from './protocol/turnFrames.js';
export { toTurns } from './operators/toTurns.js';
export type { ToTurnsOptions } from './operators/toTurns.js';
export { typingIndicator } from './operators/typingIndicator.js';
export type { Turn } from './protocol/Turn.js';
export type { TurnTiming } from './protocol/TurnTiming.js';
export { defaultTurnLimits } from './protocol/TurnLimits.js';
export type { TurnLimits } from './protocol/TurnLimits.js';
export type { TurnLimitOptions } from './operators/TurnLimitOptions.js';

// Transport: the cold socket.
export { textStream } from './transport/textStream.js';
export type { TextStreamOptions } from './transport/TextStreamOptions.js';
export type { ReconnectPolicy } from './transport/ReconnectPolicy.js';
export { defaultReconnectPolicy, backoffDelay } from './transport/ReconnectPolicy.js';
export type { AuthMode } from './transport/authToken.js';
export type { QueryParams } from './transport/buildUrl.js';
export type { ConnectionState, ReconnectDetail } from './transport/ConnectionState.js';
export { ConnectTimeoutError } from './transport/ConnectTimeoutError.js';
export { HandshakeTimeoutError } from './transport/HandshakeTimeoutError.js';
export { CredentialsError } from './transport/CredentialsError.js';
export type { CredentialsSource } from './transport/CredentialsError.js';
export type { ParamsProvider, TokenProvider } from './transport/credentials.js';
export type { WebSocketConstructor, WebSocketLike } from './transport/WebSocketLike.js';

// Session: one shared connection and its typed streams.
export { connect } from './session/connect.js';
export { TextStreamSession } from './session/TextStreamSession.js';
export type { SentMessage } from './session/TextStreamSession.js';
export type { ConnectOptions } from './session/ConnectOptions.js';
export {
  ConversationChangedError,
  SendQueueFullError,
  SessionClosedError,
  TurnTimeoutError,
} from './session/errors.js';
export type { SessionNotice } from './session/machine/SessionNotice.js';
export type {
  AgentEntry,
  NoticeEntry,
  Transcript,
  TranscriptEntry,
  UserEntry,
  UserMessageStatus,
} from './session/Transcript.js';
export type { ReconnectAttempt } from './session/machine/SessionEvent.js';

// Pipelines: many scripted conversations as one stream of events.
export { runConversations } from './pipelines/runConversations.js';
export type { RunInput } from './pipelines/runConversations.js';
export { runConversation } from './pipelines/runConversation.js';
export { ConversationScript, parseScript } from './pipelines/ConversationScript.js';
export type { ScriptTurn, TurnExpectation } from './pipelines/ConversationScript.js';
export { ScriptError } from './pipelines/ScriptError.js';
export { readScripts } from './pipelines/readScripts.js';
export { mergePulled } from './pipelines/mergePulled.js';
export type { PulledInput } from './pipelines/mergePulled.js';
export { RunSummaryAccumulator } from './pipelines/RunSummaryAccumulator.js';
export { failureReasons } from './pipelines/RunEvent.js';
export type {
  ConversationEvent,
  ConversationFailure,
  FailureReason,
  LatencySummary,
  RunEvent,
  RunSummary,
  SummaryEvent,
  ToolCallSummary,
  TurnEvent,
} from './pipelines/RunEvent.js';
export type { RunConversationsOptions, RunOptions } from './pipelines/RunOptions.js';

// Recordings: NDJSON of received frames with their arrival offsets.
export {
  parseRecording,
  recordLine,
  replayRecording,
  RecordingError,
} from './recording/recording.js';
export type { RecordedFrame } from './recording/recording.js';
