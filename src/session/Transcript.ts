import type { Turn } from '../protocol/Turn.js';
import type { SessionNotice } from './machine/SessionNotice.js';

/** Where a user message is: waiting for the gate, written, answered, or failed. */
export type UserMessageStatus = 'queued' | 'sent' | 'answered' | 'failed';

/** A message the user sent, as it stands. */
export interface UserEntry {
  readonly kind: 'user';
  /** The session's handle for the message; agent entries that answer it carry the same. */
  readonly id: number;
  readonly text: string;
  readonly clientMessageId: string;
  readonly status: UserMessageStatus;
  /** It was written again after a drop. */
  readonly resent: boolean;
  /** Why it failed, for `failed`. */
  readonly error?: Error;
}

/** An agent turn: live while its frames arrive, then final. */
export interface AgentEntry {
  readonly kind: 'agent';
  /** The turn so far (while `live`), then the turn as it ended. */
  readonly turn: Turn;
  /** Still receiving frames. */
  readonly live: boolean;
  /** The user message it answers; absent for a greeting or an unsolicited turn. */
  readonly answers?: number;
}

/** Something the session did or saw: a reconnect, a resume, a timeout... */
export interface NoticeEntry {
  readonly kind: 'notice';
  readonly notice: SessionNotice;
}

/** One line of a conversation, as a chat UI renders it. */
export type TranscriptEntry = UserEntry | AgentEntry | NoticeEntry;

/** The whole conversation so far, oldest first; a new array on every change. */
export type Transcript = readonly TranscriptEntry[];
