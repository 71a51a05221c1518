import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import type { SessionNotice, ToolCall } from 'rxjs-text-stream';
import { injectTextStream } from 'rxjs-text-stream/angular';
import { AGENT_URL } from './app.config';

/**
 * A chat on `injectTextStream`: the transcript, typing indicator and
 * connection state are signals; the session closes with the component.
 */
@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './chat.component.html',
  styleUrl: './chat.component.css',
})
export class ChatComponent {
  readonly chat = injectTextStream({
    url: inject(AGENT_URL),
    toolEvents: true,
    reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
  });

  send(input: HTMLInputElement): void {
    const text = input.value.trim();
    input.value = '';
    if (text)
      this.chat.send(text).subscribe({ error: (error: Error) => console.warn(error.message) });
  }

  describe(call: ToolCall): string {
    const outcome = call.status === 'completed' ? (call.succeeded ? '✓' : '✗') : call.status;
    return `${call.toolName}(${JSON.stringify(call.input)}) → ${call.result ?? 'no result'} ${outcome}`;
  }

  explain(notice: SessionNotice): string {
    switch (notice.kind) {
      case 'reconnecting':
        return `connection lost; reconnecting (attempt ${notice.attempt} of ${notice.maxAttempts})…`;
      case 'resumed':
        return 'reconnected; the conversation goes on';
      case 'conversation-changed':
        return 'the server started a new conversation';
      case 'turn-timeout':
        return `no answer within ${notice.timeoutMs / 1000} s; reconnecting`;
      case 'stray-frame':
        return `ignored a stray ${notice.frameType} frame`;
      case 'awaiting-greeting':
        return `waiting up to ${notice.timeoutMs / 1000} s for the agent's greeting`;
    }
  }
}
