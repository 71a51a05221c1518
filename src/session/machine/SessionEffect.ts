import type { ClientFrame } from '../../protocol/clientFrames.js';
import type { Diagnostic } from '../../protocol/Diagnostic.js';
import type {
  ServerFrame,
  SessionEndedFrame,
  SessionStartedFrame,
} from '../../protocol/serverFrames.js';
import type { Turn } from '../../protocol/Turn.js';
import type { SessionNotice } from './SessionNotice.js';
import type { ReconnectAttempt, SessionTimer } from './SessionEvent.js';
import type { OutgoingMessage } from './SessionState.js';

/** How a session ended. */
export type SessionOutcome =
  /** The server sent `session_ended`. */
  | { readonly kind: 'ended'; readonly frame: SessionEndedFrame }
  /** `close()` was called. */
  | { readonly kind: 'closed' }
  /** A terminal close code, a spent retry budget, or another error the transport could not get past. */
  | { readonly kind: 'failed'; readonly error: unknown };

/** What the session's I/O layer must do, in order. */
export type SessionEffect =
  /** Write a frame; `message` is set for a user message (reported on `sent$` once it really goes out). */
  | {
      readonly type: 'write';
      readonly frame: ClientFrame;
      readonly message?: { readonly message: OutgoingMessage; readonly resend: boolean };
    }
  /** The `send()` of message `id` emits `turn` and completes. */
  | { readonly type: 'answer'; readonly id: number; readonly turn: Turn }
  /** The `send()` of message `id` errors. */
  | { readonly type: 'fail'; readonly id: number; readonly error: Error }
  /** Pass a frame on to `frames$`. */
  | { readonly type: 'frame'; readonly frame: ServerFrame }
  | { readonly type: 'session'; readonly frame: SessionStartedFrame }
  /** A turn ended (or was cut); `owner` is the message it answered, if any. */
  | { readonly type: 'turn'; readonly turn: Turn; readonly owner: number | undefined }
  | { readonly type: 'typing'; readonly typing: boolean }
  | { readonly type: 'notice'; readonly notice: SessionNotice }
  /** A turn passed a limit and stopped growing. */
  | { readonly type: 'diagnostic'; readonly diagnostic: Diagnostic }
  | { readonly type: 'reconnecting'; readonly reconnect: ReconnectAttempt }
  /** Start (or restart) a timer. */
  | { readonly type: 'arm'; readonly timer: SessionTimer; readonly delayMs: number }
  | { readonly type: 'disarm'; readonly timer: SessionTimer }
  /** Drop the socket as dead and let the transport resume. */
  | { readonly type: 'abort'; readonly reason: string }
  /** The session is over: close the transport and end every stream. */
  | { readonly type: 'finish'; readonly outcome: SessionOutcome };
