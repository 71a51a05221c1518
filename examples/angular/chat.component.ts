import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { TextStreamService } from './text-stream.service';

/**
 * A chat: the transcript through the async pipe, the typing indicator and
 * the connection state as signals.
 */
@Component({
  selector: 'app-chat',
  standalone: true,
  imports: [AsyncPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="state">{{ state() }}</p>
    @for (turn of transcript$ | async; track turn.index) {
      @for (call of turn.toolCalls; track call.callId) {
        <p class="tool">{{ call.toolName }}: {{ call.status }}</p>
      }
      <p class="agent">{{ turn.text }}</p>
    }
    @if (typing()) {
      <p class="typing">The agent is typing…</p>
    }
    <form (submit)="send(message); $event.preventDefault()">
      <input #message placeholder="Say something" />
      <button type="submit">Send</button>
    </form>
  `,
})
export class ChatComponent {
  private readonly chat = inject(TextStreamService);

  readonly transcript$ = this.chat.transcript$;
  readonly typing = toSignal(this.chat.typing$, { initialValue: false });
  readonly state = toSignal(this.chat.state$, { initialValue: 'connecting' as const });

  send(input: HTMLInputElement): void {
    const text = input.value.trim();
    input.value = '';
    if (text)
      this.chat.send(text).subscribe({ error: (error: Error) => console.warn(error.message) });
  }
}
