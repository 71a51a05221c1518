import { Subscription, type Observable } from 'rxjs';
import type { ToolCall } from '../../protocol/ToolCall.js';
import type { Turn } from '../../protocol/Turn.js';
import type { ConversationStreams } from './ConversationStreams.js';

export interface HumanOutput {
  /** A whole line for the reader. */
  line(text: string): void;
  /** A line about the program itself (diagnostics), kept off stdout. */
  note(text: string): void;
  /** On a terminal: show or clear the typing indicator, and re-show the prompt. */
  readonly terminal?: { typing(on: boolean): void; prompt(): void };
}

/** Readable lines: the agent's text, one line per tool call, errors and reconnects. */
export function presentHuman(streams: ConversationStreams, out: HumanOutput): Subscription {
  const subscription = new Subscription();
  const ignoreErrors = { error: () => undefined };
  const on = <T>(stream$: Observable<T>, next: (value: T) => void) =>
    subscription.add(stream$.subscribe({ next, ...ignoreErrors }));

  on(streams.session$, (frame) => out.note(`connected: conversation ${frame.conversation_id}`));
  on(streams.sent$, (sent) => {
    if (!out.terminal && !sent.resend) out.line(`you: ${sent.text}`);
  });
  on(streams.typing$, (typing) => out.terminal?.typing(typing));
  on(streams.turns$, (turn) => {
    out.terminal?.typing(false);
    for (const text of renderTurn(turn)) out.line(text);
    out.terminal?.prompt();
  });
  // The first 'open' is the connection itself; later ones are reconnections.
  let opened = false;
  on(streams.state$, (state) => {
    if (state === 'reconnecting' && opened) out.note('connection lost; reconnecting...');
    else if (state === 'open' && opened) out.note('reconnected');
    if (state === 'open') opened = true;
  });
  on(streams.diagnostics$, (d) => out.note(`dropped a frame: ${d.message}`));
  on(streams.ended$, (frame) => out.line(`session ended: ${frame.reason}`));
  return subscription;
}

export function renderTurn(turn: Turn): string[] {
  const lines = turn.toolCalls.map(renderToolCall);
  for (const error of turn.errors) lines.push(`  ! ${error.message}`);
  if (turn.text) lines.push(`agent: ${turn.text}`);
  if (!turn.complete) lines.push('  (the turn was cut off)');
  return lines;
}

function renderToolCall(call: ToolCall): string {
  const input = call.status === 'orphaned' ? '?' : short(call.input);
  if (call.status === 'incomplete') return `  tool ${call.toolName} ${input} -> (no result)`;
  return `  tool ${call.toolName} ${input} -> ${short(call.result)} ${call.succeeded ? 'ok' : 'FAILED'}`;
}

function short(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
