import type { Turn } from '../protocol/Turn.js';
import type { SessionNotice } from './machine/SessionNotice.js';
import type { Transcript, TranscriptEntry, UserEntry } from './Transcript.js';

/** One change to a conversation's transcript. */
export type TranscriptChange =
  /** `send()` accepted a message; it waits for the gate. */
  | {
      readonly type: 'queued';
      readonly id: number;
      readonly text: string;
      readonly clientMessageId: string;
    }
  /** The message went out (again, for a resend). */
  | { readonly type: 'written'; readonly id: number; readonly resend: boolean }
  | { readonly type: 'answered'; readonly id: number }
  | { readonly type: 'failed'; readonly id: number; readonly error: Error }
  /** A turn grew (`live`) or ended. */
  | {
      readonly type: 'turn';
      readonly turn: Turn;
      readonly live: boolean;
      readonly answers: number | undefined;
    }
  | { readonly type: 'notice'; readonly notice: SessionNotice };

/**
 * The transcript after `change`: a new array, the entries that did not change
 * shared with the old one. Pure, so it is tested without a session.
 */
export function updateTranscript(transcript: Transcript, change: TranscriptChange): Transcript {
  switch (change.type) {
    case 'queued':
      return [
        ...transcript,
        {
          kind: 'user',
          id: change.id,
          text: change.text,
          clientMessageId: change.clientMessageId,
          status: 'queued',
          resent: false,
        },
      ];
    case 'written':
      // Once resent, always marked so: a later plain write does not unmark it.
      return updateUser(
        transcript,
        change.id,
        change.resend ? { status: 'sent', resent: true } : { status: 'sent' },
      );
    case 'answered':
      return updateUser(transcript, change.id, { status: 'answered' });
    case 'failed':
      return updateUser(transcript, change.id, { status: 'failed', error: change.error });
    case 'turn': {
      const entry: TranscriptEntry = {
        kind: 'agent',
        turn: change.turn,
        live: change.live,
        ...(change.answers === undefined ? {} : { answers: change.answers }),
      };
      const at = findLast(
        transcript,
        (candidate) => candidate.kind === 'agent' && candidate.turn.index === change.turn.index,
      );
      return at < 0 ? [...transcript, entry] : replaceAt(transcript, at, entry);
    }
    case 'notice':
      return [...transcript, { kind: 'notice', notice: change.notice }];
  }
}

/** The transcript with user message `id`'s entry changed by `patch`; the same one if it has none. */
function updateUser(transcript: Transcript, id: number, patch: Partial<UserEntry>): Transcript {
  const at = findLast(transcript, (entry) => entry.kind === 'user' && entry.id === id);
  const entry = transcript[at];
  return entry?.kind === 'user' ? replaceAt(transcript, at, { ...entry, ...patch }) : transcript;
}

// Changes concern recent entries: searching from the end keeps an update
// cheap however long the conversation.
function findLast(transcript: Transcript, match: (entry: TranscriptEntry) => boolean): number {
  for (let at = transcript.length - 1; at >= 0; at -= 1) {
    const entry = transcript[at];
    if (entry !== undefined && match(entry)) return at;
  }
  return -1;
}

function replaceAt(transcript: Transcript, at: number, entry: TranscriptEntry): Transcript {
  const next = transcript.slice();
  next[at] = entry;
  return next;
}
