import type { ConnectOptions } from '../session/ConnectOptions.js';

/**
 * Options of {@link runConversation}: those of `connect` (each conversation
 * opens its own session with them), less `conversationId`, plus how a
 * finished conversation is ended.
 */
export interface RunOptions extends Omit<ConnectOptions, 'conversationId'> {
  /**
   * How a conversation whose turns are all answered is ended: `'stop'` (the
   * default) asks the server to end it and waits for its `session_ended`, so
   * the server can forget it; `'close'` drops the socket at once (the server
   * may keep the conversation for a resume).
   */
  readonly end?: 'stop' | 'close';
  /** How long `'stop'` waits for `session_ended` before dropping the socket anyway (default 5000). */
  readonly stopTimeoutMs?: number;
}

/** Options of {@link runConversations}: {@link RunOptions} plus how many conversations run at once. */
export interface RunConversationsOptions extends RunOptions {
  /** Conversations running at once, each on its own socket (default 10; a positive whole number). */
  readonly concurrency?: number;
}
