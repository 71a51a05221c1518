import type { ServerFrame, SessionEndReason } from '../protocol/serverFrames.js';
import type { AgentMemory } from './ScriptedAgent.js';

/** The answer the server owes for the last user message (or the greeting). */
export interface PendingTurn {
  /** The user message it answers; `null` for the greeting. */
  readonly userText: string | null;
  /** Every frame of the answer, `response_complete` last. */
  readonly frames: ServerFrame[];
  /** How many of `frames` have been written to a socket. */
  delivered: number;
  /** End the session once the answer is delivered. */
  readonly endSession: SessionEndReason | undefined;
}

/** One conversation: the agent's memory and the answer it owes. */
export interface Conversation {
  readonly id: string;
  readonly memory: AgentMemory;
  turn: PendingTurn | null;
  ended: boolean;
}

/** Conversations by id, so a reconnect with `conversation_id` resumes one. */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private sequence = 0;

  /** The conversation with `id`, if there is one. */
  get(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  /** A new conversation, with `id` or a fresh one. */
  create(memory: AgentMemory, id?: string): Conversation {
    const conversation: Conversation = {
      id: id ?? this.nextId(),
      memory,
      turn: null,
      ended: false,
    };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  get size(): number {
    return this.conversations.size;
  }

  private nextId(): string {
    this.sequence += 1;
    return `conv_${this.sequence.toString(36).padStart(4, '0')}`;
  }
}

/** True while the turn's `response_complete` has not been written yet. */
export function isOpen(turn: PendingTurn | null): turn is PendingTurn {
  return turn !== null && turn.delivered < turn.frames.length;
}
