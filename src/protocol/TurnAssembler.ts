import type { ErrorFrame, MessageFrame } from './serverFrames.js';
import type { ToolCall } from './ToolCall.js';
import { ToolCallPairer } from './ToolCallPairer.js';
import type { Turn } from './Turn.js';
import type { TurnFrame } from './turnFrames.js';

/**
 * Collects one agent turn's frames into a {@link Turn}: messages, errors and
 * tool calls paired by `call_id`. Pure and synchronous, so `toTurns()` and the
 * session's state machine assemble a turn by the same rules.
 */
export class TurnAssembler {
  readonly #messages: MessageFrame[] = [];
  readonly #errors: ErrorFrame[] = [];
  readonly #toolCalls: ToolCall[] = [];
  readonly #pairer = new ToolCallPairer();
  #duplicate = false;
  #completed = false;
  /** Set when the turn's message was resent after a drop, so the turn may hold parts of two answers. */
  spansReconnect = false;

  constructor(readonly index: number) {}

  /** True once a `response_complete` has been added. */
  get completed(): boolean {
    return this.#completed;
  }

  /** True once the turn holds anything an agent said or did (not just `typing`). */
  get hasContent(): boolean {
    return this.#messages.length > 0 || this.#errors.length > 0 || this.#toolCalls.length > 0;
  }

  /** Adds one frame of the turn. */
  add(frame: TurnFrame): void {
    switch (frame.type) {
      case 'message':
        this.#messages.push(frame);
        break;
      case 'error':
        this.#errors.push(frame);
        break;
      case 'tool_call_started': {
        const replaced = this.#pairer.start(frame);
        if (replaced) this.#toolCalls.push(replaced);
        break;
      }
      case 'tool_call_completed':
        this.#toolCalls.push(this.#pairer.complete(frame));
        break;
      case 'response_complete':
        this.#duplicate = frame.duplicate;
        this.#completed = true;
        break;
      case 'typing':
        break;
    }
  }

  /** The turn as it stands; calls still pending come out `incomplete`. */
  finish(): Turn {
    for (const call of this.#pairer.flush()) this.#toolCalls.push(call);
    return {
      index: this.index,
      messages: this.#messages,
      text: this.#messages.map((message) => message.text).join('\n\n'),
      toolCalls: this.#toolCalls,
      errors: this.#errors,
      duplicate: this.#duplicate,
      complete: this.#completed,
      spansReconnect: this.spansReconnect,
    };
  }
}
