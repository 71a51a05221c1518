import type { SchedulerLike } from 'rxjs';
import type { ConversationStore } from './ConversationStore.js';
import type { Kindness } from './Kindness.js';
import type { ScriptedAgent } from './ScriptedAgent.js';

/**
 * What one connection reads of the server that accepted it: its settings, its
 * agent, its conversation store and its call ids. `ReferenceServer` implements
 * it; `ServerConnection` sees only this, so the two files do not import each
 * other.
 */
export interface ServerContext {
  readonly conversations: ConversationStore;
  readonly agent: ScriptedAgent;
  readonly token: string | undefined;
  readonly pingIntervalMs: number | false;
  readonly frameDelayMs: number;
  readonly greet: boolean;
  readonly greetingDelayMs: number;
  readonly unknownConversation: 'new-id' | 'same-id';
  readonly midTurnMessage: 'queue' | 'reject';
  readonly cutAnswerResend: 'duplicate' | 'answer-again';
  readonly kindness: Required<Kindness>;
  readonly noise: boolean;
  readonly scheduler: SchedulerLike;
  /** False: an ended conversation is forgotten (see `ReferenceServerOptions.history`). */
  readonly history: boolean;
  /** A fresh, deterministic tool call id. */
  nextCallId(): string;
}
