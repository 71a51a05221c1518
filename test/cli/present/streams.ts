import { EMPTY } from 'rxjs';
import type { ConversationStreams } from '../../../src/cli/present/ConversationStreams';
import type { ToolCall } from '../../../src/protocol/ToolCall';

/** Conversation streams that emit nothing but what `given` sets. */
export function streams(given: Partial<ConversationStreams>): ConversationStreams {
  return {
    session$: EMPTY,
    sent$: EMPTY,
    messages$: EMPTY,
    turns$: EMPTY,
    toolCalls$: EMPTY,
    typing$: EMPTY,
    errors$: EMPTY,
    diagnostics$: EMPTY,
    state$: EMPTY,
    ended$: EMPTY,
    ...given,
  };
}

const started = {
  type: 'tool_call_started',
  tool_name: 'lookup',
  call_id: 'tc_1',
  input: { day: 'Tue' },
} as const;
const completed = {
  type: 'tool_call_completed',
  tool_name: 'lookup',
  call_id: 'tc_1',
  result: 'none',
  succeeded: false,
} as const;

/** A tool call of each status, with a parent where `parentCallId` is given. */
export const toolCalls = {
  completed: {
    callId: 'tc_1',
    toolName: 'lookup',
    status: 'completed',
    input: { day: 'Tue' },
    result: 'none',
    succeeded: false,
    started,
    completed,
  },
  orphaned: {
    callId: 'tc_2',
    toolName: 'lookup',
    parentCallId: 'tc_0',
    status: 'orphaned',
    input: null,
    result: '3 slots',
    succeeded: true,
    completed,
  },
  incomplete: {
    callId: 'tc_3',
    toolName: 'book',
    status: 'incomplete',
    input: { day: 'Tue' },
    result: null,
    succeeded: false,
    started,
  },
} satisfies Record<string, ToolCall>;
