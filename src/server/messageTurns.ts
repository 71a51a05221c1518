import { isOpen, isWritten, type Conversation, type PendingTurn } from './ConversationStore.js';
import type { Fault } from './Fault.js';
import {
  answerTurn,
  duplicateTurn,
  replayTurn,
  scriptedTurn,
  stalledTurn,
  type Asked,
} from './pendingTurns.js';
import { frameType } from './RawFrame.js';
import type { ServerContext } from './ServerContext.js';

// Which turn answers a user message: a new answer, or, for a resend, what
// the platform gives a message it has seen (a duplicate completion, the cut
// answer finished, or the whole answer again). The connection decides when
// the turn is written; this decides what it is.

/** A turn of the conversation is open on connection `writer`, so a message now is mid-turn. */
export function isBusy(conversation: Conversation, writer: number): boolean {
  const turn = conversation.turn;
  return isOpen(turn) && turn.writer === writer;
}

/** The turn first made for the message `asked` repeats, if it is a resend. */
export function originalOf(
  server: ServerContext,
  conversation: Conversation,
  asked: Asked & object,
): PendingTurn | undefined {
  if (asked.clientMessageId !== undefined)
    return conversation.byClientMessageId.get(asked.clientMessageId);
  const last = conversation.lastMessage;
  const byText =
    server.kindness.dedupeByText &&
    last !== undefined &&
    last.clientMessageId === undefined &&
    last.userText === asked.text &&
    isOpen(last);
  return byText ? last : undefined;
}

/** The answer to a message heard for the first time (or the fault's stand-in for it). */
export function newTurn(
  server: ServerContext,
  fault: Fault | undefined,
  conversation: Conversation,
  asked: Asked & object,
): PendingTurn {
  const turn =
    fault?.kind === 'answer'
      ? scriptedTurn(asked, fault.frames)
      : fault?.kind === 'stall'
        ? stalledTurn(asked)
        : answerTurn(asked, server.agent.reply(conversation.memory, asked.text), () =>
            server.nextCallId(),
          );
  if (asked.clientMessageId !== undefined)
    conversation.byClientMessageId.set(asked.clientMessageId, turn);
  conversation.lastMessage = turn;
  return turn;
}

/** What a resend on connection `writer` gets, given the turn first made for its message. */
export function repeatTurn(
  server: ServerContext,
  conversation: Conversation,
  original: PendingTurn,
  asked: Asked & object,
  writer: number,
): PendingTurn {
  const pendingHere =
    (conversation.turn === original && isBusy(conversation, writer)) ||
    conversation.queue.includes(original);
  if (isWritten(original) || pendingHere) return duplicateTurn(asked);
  // The answer was cut by a drop (or queued on the dead connection).
  if (server.kindness.finishCutTurns) {
    const last = original.frames.length - 1;
    const sawMessage = original.frames
      .slice(0, original.delivered)
      .some((frame) => frameType(frame) === 'message');
    if (frameType(original.frames[last] ?? '') === 'response_complete')
      original.frames[last] = { type: 'response_complete', duplicate: sawMessage };
    return original;
  }
  return server.cutAnswerResend === 'answer-again' ? replayTurn(original) : duplicateTurn(asked);
}
