import type { ServerFrame } from '../protocol/serverFrames.js';
import type { PendingTurn } from './ConversationStore.js';
import type { RawFrame } from './RawFrame.js';
import type { AgentReply } from './ScriptedAgent.js';

/** The user message a turn answers; `null` for the greeting. */
export type Asked = { readonly text: string; readonly clientMessageId: string | undefined } | null;

/** The agent's `reply` as frames: `typing`, its steps, `response_complete`. */
export function answerTurn(asked: Asked, reply: AgentReply, nextCallId: () => string): PendingTurn {
  const frames: ServerFrame[] = [{ type: 'typing' }];
  for (const step of reply.steps) {
    if (step.kind === 'message') frames.push({ type: 'message', role: 'agent', text: step.text });
    else if (step.kind === 'error') frames.push({ type: 'error', message: step.message });
    else {
      const call_id = nextCallId();
      frames.push(
        { type: 'tool_call_started', tool_name: step.toolName, call_id, input: step.input },
        {
          type: 'tool_call_completed',
          tool_name: step.toolName,
          call_id,
          result: step.result,
          succeeded: step.succeeded,
        },
      );
    }
  }
  frames.push({ type: 'response_complete', duplicate: false });
  return turn(asked, frames, { endSession: reply.endSession });
}

/** A suppressed repeat: `response_complete` with `duplicate: true` and nothing else. */
export function duplicateTurn(asked: Asked): PendingTurn {
  return turn(asked, [{ type: 'response_complete', duplicate: true }]);
}

/** A whole answer again, as first made (same text, same tool call ids). */
export function replayTurn(original: PendingTurn): PendingTurn {
  return turn(
    { text: original.userText ?? '', clientMessageId: original.clientMessageId },
    [...original.frames],
    { endSession: original.endSession, endless: original.endless },
  );
}

/** Exactly `frames`, as a test scripted them. */
export function scriptedTurn(asked: Asked, frames: readonly RawFrame[]): PendingTurn {
  return turn(asked, [...frames]);
}

/** `typing`, and then the agent never finishes. */
export function stalledTurn(asked: Asked): PendingTurn {
  return turn(asked, [{ type: 'typing' }], { endless: true });
}

function turn(
  asked: Asked,
  frames: RawFrame[],
  { endSession, endless = false }: Partial<Pick<PendingTurn, 'endSession' | 'endless'>> = {},
): PendingTurn {
  return {
    userText: asked?.text ?? null,
    clientMessageId: asked?.clientMessageId,
    frames,
    delivered: 0,
    endSession,
    endless,
    writer: undefined,
  };
}
