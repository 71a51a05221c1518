import type { SessionEndReason } from '../protocol/serverFrames.js';
import type { RawFrame } from './RawFrame.js';
import type { AgentMemory } from './ScriptedAgent.js';

/** A turn the server owes: the answer to a user message, or the greeting. */
export interface PendingTurn {
  /** The user message it answers; `null` for the greeting. */
  readonly userText: string | null;
  /** That message's `client_message_id`, if it had one. */
  readonly clientMessageId: string | undefined;
  /** Every frame of the turn, in order (`response_complete` last for an agent's answer). */
  readonly frames: RawFrame[];
  /** How many of `frames` have been written to a socket. */
  delivered: number;
  /** End the session once the turn is delivered. */
  readonly endSession: SessionEndReason | undefined;
  /** The agent never finishes it (the `stall` fault): it stays open once its frames are out. */
  readonly endless: boolean;
  /** Index of the connection that writes it; a turn cut by a drop keeps its dead writer. */
  writer: number | undefined;
}

/** One conversation: the agent's memory and the turns it owes. */
export interface Conversation {
  readonly id: string;
  readonly memory: AgentMemory;
  /** The turn being written (or cut, or waiting for a greeting delay). */
  turn: PendingTurn | null;
  /** Turns for messages that arrived while `turn` was open, written in order after it. */
  readonly queue: PendingTurn[];
  /** Each `client_message_id` received, with the turn first made for it. */
  readonly byClientMessageId: Map<string, PendingTurn>;
  /** The turn of the last user message, for deduping a resend by its text. */
  lastMessage: PendingTurn | undefined;
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
      queue: [],
      byClientMessageId: new Map(),
      lastMessage: undefined,
      ended: false,
    };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  /** Forgets a conversation: a later resume of its id finds none. */
  delete(id: string): void {
    this.conversations.delete(id);
  }

  get size(): number {
    return this.conversations.size;
  }

  private nextId(): string {
    this.sequence += 1;
    return `conv_${this.sequence.toString(36).padStart(4, '0')}`;
  }
}

/** True while the turn is not over: frames still to write, or an agent that never finishes. */
export function isOpen(turn: PendingTurn | null | undefined): turn is PendingTurn {
  return turn != null && (turn.endless || !isWritten(turn));
}

/** True once every frame of the turn has been written. */
export function isWritten(turn: PendingTurn): boolean {
  return turn.delivered >= turn.frames.length;
}
