import { Subscription, type Observable } from 'rxjs';
import type { ToolCall } from '../../protocol/ToolCall.js';
import { describeCause } from '../connection/describeCause.js';
import type { ReconnectNotice } from '../connection/reconnectNotices.js';
import type { ConversationStreams } from './ConversationStreams.js';
import { summarise } from './summarise.js';

export interface HumanOutput {
  /** A whole line for the reader. */
  line(text: string): void;
  /** A line about the program itself (connection, diagnostics). */
  note(text: string): void;
  /**
   * On a terminal: show or clear the typing indicator, and the line saying
   * why a message waits (cleared with `null`).
   */
  readonly terminal?: { typing(on: boolean): void; waiting(text: string | null): void };
}

/**
 * Readable lines, each as soon as its frame arrives: a tool call when its
 * completion comes, the agent's text when its `message` comes, errors, and
 * the connection's ups and downs.
 */
export function presentHuman(streams: ConversationStreams, out: HumanOutput): Subscription {
  const subscription = new Subscription();
  const on = <T>(stream$: Observable<T> | undefined, next: (value: T) => void) => {
    if (stream$) subscription.add(stream$.subscribe({ next, error: () => undefined }));
  };

  // A new session_started after the first is a resume.
  let started = false;
  on(streams.session$, (frame) => {
    out.note(`${started ? 'reconnected' : 'connected'}: conversation ${frame.conversation_id}`);
    started = true;
  });
  // A first message held back while a new conversation may still greet: on
  // a terminal, a line says why, until the greeting starts or the message
  // goes out (the typing indicator takes the same place).
  let waiting = false;
  const stopWaiting = () => {
    if (waiting) out.terminal?.waiting(null);
    waiting = false;
  };
  on(streams.notices$, (notice) => {
    if (notice.kind !== 'awaiting-greeting' || !out.terminal) return;
    waiting = true;
    out.terminal.waiting(
      `waiting up to ${notice.timeoutMs / 1000} s for the agent's greeting; --greeting-timeout 0 if it never greets`,
    );
  });
  on(streams.sent$, (sent) => {
    stopWaiting();
    if (!out.terminal && !sent.resend) out.line(`you: ${sent.text}`);
  });
  on(streams.typing$, (typing) => {
    if (typing) waiting = false;
    out.terminal?.typing(typing);
  });
  on(streams.toolCalls$, (call) => {
    stopWaiting();
    out.line(renderToolCall(call));
  });
  on(streams.errors$, (frame) => out.line(`  ! ${frame.message}`));
  on(streams.messages$, (frame) => {
    waiting = false;
    out.terminal?.typing(false);
    out.line(`agent: ${frame.text}`);
  });
  on(streams.turns$, (turn) => {
    out.terminal?.typing(false);
    if (!turn.complete) out.line('  (the turn was cut off)');
  });
  on(streams.reconnects$, (notice) => {
    stopWaiting();
    out.note(renderReconnect(notice));
  });
  on(streams.diagnostics$, (d) => out.note(`dropped a frame: ${d.message}`));
  on(streams.ended$, (frame) => out.line(`session ended: ${frame.reason}`));
  return subscription;
}

export function renderToolCall(call: ToolCall): string {
  const input = call.status === 'orphaned' ? '?' : summarise(call.input, 60);
  if (call.status === 'incomplete') return `  tool ${call.toolName} ${input} -> (no result)`;
  return `  tool ${call.toolName} ${input} -> ${summarise(call.result)} ${call.succeeded ? 'ok' : 'FAILED'}`;
}

function renderReconnect(notice: ReconnectNotice): string {
  const when = notice.delayMs === undefined ? '' : ` in ${(notice.delayMs / 1000).toFixed(1)} s`;
  return `connection lost (${describeCause(notice.cause)}); reconnecting${when}, attempt ${notice.attempt} of ${notice.maxAttempts}`;
}
