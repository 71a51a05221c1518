import type { Diagnostic } from './Diagnostic.js';
import { jsonSize } from './jsonSize.js';
import { preview } from './preview.js';
import type { ErrorFrame, MessageFrame } from './serverFrames.js';
import type { ToolCall } from './ToolCall.js';
import { ToolCallPairer } from './ToolCallPairer.js';
import type { Turn } from './Turn.js';
import type { TurnFrame } from './turnFrames.js';
import { resolveTurnLimits, type TurnLimits } from './TurnLimits.js';

/**
 * Collects one agent turn's frames into a {@link Turn}: messages, errors and
 * tool calls paired by `call_id`. Pure and synchronous, so `toTurns()` and the
 * session's state machine assemble a turn by the same rules.
 *
 * The turn is bounded by {@link TurnLimits}: past a limit it stops growing
 * (frames are dropped, or the oldest pending tool call is flushed as
 * incomplete), `finish()` marks it `truncated`, and `add()` returns one
 * `turn-limit` diagnostic, the first time only.
 */
export class TurnAssembler {
  // Made on the first item, holding just it: an array grown by `push` from
  // empty reserves 17 slots, and thousands of concurrent turns keep theirs.
  #messages: MessageFrame[] | null = null;
  #errors: ErrorFrame[] | null = null;
  #toolCalls: ToolCall[] | null = null;
  readonly #pairer: ToolCallPairer;
  readonly #limits: TurnLimits;
  #frames = 0;
  #bytes = 0;
  #truncated = false;
  #duplicate = false;
  #completed = false;
  /** Set when the turn's message was resent after a drop, so the turn may hold parts of two answers. */
  spansReconnect = false;

  constructor(
    readonly index: number,
    limits?: Partial<TurnLimits>,
  ) {
    this.#limits = resolveTurnLimits(limits);
    this.#pairer = new ToolCallPairer(this.#limits.maxPendingToolCalls);
  }

  /** True once a `response_complete` has been added. */
  get completed(): boolean {
    return this.#completed;
  }

  /** True once a limit cut the turn. */
  get truncated(): boolean {
    return this.#truncated;
  }

  /**
   * Adds one frame of the turn. Returns a `turn-limit` diagnostic the first
   * time a limit cuts the turn, for the caller to report; otherwise nothing.
   */
  add(frame: TurnFrame): Diagnostic | undefined {
    switch (frame.type) {
      case 'response_complete':
        this.#duplicate = frame.duplicate;
        this.#completed = true;
        return undefined;
      case 'typing':
        return undefined;
    }
    const refused = this.#refuse(frame);
    if (refused !== undefined) return this.#cut(frame, refused);
    switch (frame.type) {
      case 'message':
        this.#messages = append(this.#messages, frame);
        return undefined;
      case 'error':
        this.#errors = append(this.#errors, frame);
        return undefined;
      case 'tool_call_started': {
        const pushedOut = this.#pairer.start(frame);
        if (pushedOut) this.#toolCalls = append(this.#toolCalls, pushedOut);
        if (this.#pairer.overflowed && !this.#truncated) {
          return this.#cut(frame, this.#pairer.overflowMessage);
        }
        return undefined;
      }
      case 'tool_call_completed':
        this.#toolCalls = append(this.#toolCalls, this.#pairer.complete(frame));
        return undefined;
    }
  }

  /**
   * The turn so far, for a UI that shows a turn while it arrives: copies of
   * what it holds, `complete: false`, and calls still pending left out (they
   * appear once resolved). The assembler goes on unchanged.
   */
  snapshot(): Turn {
    return this.#turn(
      this.#messages?.slice() ?? [],
      this.#toolCalls?.slice() ?? [],
      this.#errors?.slice() ?? [],
      false,
    );
  }

  /** The turn as it stands; calls still pending come out `incomplete`. */
  finish(): Turn {
    for (const call of this.#pairer.flush()) this.#toolCalls = append(this.#toolCalls, call);
    // Kept from here on, so a turn finished twice gives the same arrays.
    return this.#turn(
      (this.#messages ??= []),
      (this.#toolCalls ??= []),
      (this.#errors ??= []),
      true,
    );
  }

  #turn(
    messages: MessageFrame[],
    toolCalls: ToolCall[],
    errors: ErrorFrame[],
    finished: boolean,
  ): Turn {
    return {
      index: this.index,
      messages,
      text: textOf(messages),
      toolCalls,
      errors,
      duplicate: finished && this.#duplicate,
      complete: finished && this.#completed,
      spansReconnect: this.spansReconnect,
      truncated: this.#truncated,
    };
  }

  // Counts the frame against the limits; says why it may not be kept, if so.
  #refuse(frame: TurnFrame): string | undefined {
    const { maxFrames, maxBytes } = this.#limits;
    if (this.#frames >= maxFrames) return `more than maxFrames (${maxFrames}) frames`;
    const size = jsonSize(frame, maxBytes - this.#bytes);
    if (this.#bytes + size > maxBytes) return `more than maxBytes (${maxBytes}) of frames`;
    this.#frames += 1;
    this.#bytes += size;
    return undefined;
  }

  #cut(frame: TurnFrame, why: string): Diagnostic | undefined {
    if (this.#truncated) return undefined;
    this.#truncated = true;
    return {
      kind: 'turn-limit',
      message: `turn ${this.index} cut: ${why}; the turn is marked truncated`,
      frameType: frame.type,
      preview: preview(frame),
    };
  }
}

function append<T>(items: T[] | null, item: T): T[] {
  if (items === null) return [item];
  items.push(item);
  return items;
}

// The turn's text: its messages, a blank line apart. One message (the usual
// turn) is its own text, with no array to join.
function textOf(messages: readonly MessageFrame[]): string {
  if (messages.length === 1) return (messages[0] as MessageFrame).text;
  return messages.map((message) => message.text).join('\n\n');
}
