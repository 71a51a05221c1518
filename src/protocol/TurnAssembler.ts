import type { Diagnostic } from './Diagnostic.js';
import { jsonSize } from './jsonSize.js';
import { copyWithoutAllocationSite } from './copyWithoutAllocationSite.js';
import type { ErrorFrame, MessageFrame } from './serverFrames.js';
import type { ToolCall } from './ToolCall.js';
import { ToolCallPairer } from './ToolCallPairer.js';
import type { Turn } from './Turn.js';
import type { TurnTiming } from './TurnTiming.js';
import type { TurnFrame } from './turnFrames.js';
import { resolveTurnLimits, type TurnLimits } from './TurnLimits.js';
import { turnLimitDiagnostic } from './turnLimitDiagnostic.js';

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
  // Stamps from the `at` each frame comes with: the assembler reads no clock.
  #firstFrameAt: number | undefined;
  #typingAt: number | undefined;
  #firstMessageAt: number | undefined;
  #completedAt: number | undefined;
  /** When the message the turn answers was first written; set by the session (undefined: no message asked for it). */
  sentAt: number | undefined;
  /** When that message was last written again after a drop; set by the session. */
  resentAt: number | undefined;
  /**
   * Drops the turn went on past (each resume that resent its message), so the
   * turn may hold parts of two answers; set by the session.
   */
  reconnects = 0;

  constructor(
    readonly index: number,
    limits?: Partial<TurnLimits>,
  ) {
    this.#limits = resolveTurnLimits(limits);
    this.#pairer = new ToolCallPairer(this.#limits.maxPendingToolCalls);
  }

  /**
   * Adds one frame of the turn. Returns a `turn-limit` diagnostic the first
   * time a limit cuts the turn, for the caller to report; otherwise nothing.
   * `at` is when the frame arrived, on the caller's clock.
   */
  add(frame: TurnFrame, at: number): Diagnostic | undefined {
    this.#firstFrameAt ??= at;
    switch (frame.type) {
      case 'response_complete':
        this.#duplicate = frame.duplicate;
        this.#completed = true;
        this.#completedAt = at;
        return undefined;
      case 'typing':
        this.#typingAt ??= at;
        return undefined;
      case 'message':
        // When it arrived, whether or not a limit lets the turn keep it.
        this.#firstMessageAt ??= at;
        break;
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
        const pairer = this.#pairer;
        const pushedOut = pairer.start(frame);
        if (pushedOut) this.#toolCalls = append(this.#toolCalls, pushedOut);
        return pairer.overflow === undefined ? undefined : this.#cut(frame, pairer.overflow);
      }
      case 'tool_call_completed':
        this.#toolCalls = append(this.#toolCalls, this.#pairer.complete(frame));
        return undefined;
    }
  }

  /**
   * The turn so far, for a UI that shows a turn while it arrives: copies of
   * what it holds, `complete: false`, and calls still pending left out (they
   * appear once resolved). The assembler goes on unchanged. `completedAt`
   * is `at`, the moment of the snapshot (it has not ended yet).
   */
  snapshot(at: number): Turn {
    return this.#turn(
      this.#messages?.slice() ?? [],
      this.#toolCalls?.slice() ?? [],
      this.#errors?.slice() ?? [],
      false,
      at,
    );
  }

  /**
   * The turn as it stands; calls still pending come out `incomplete`. `at`
   * is when it ended: a turn cut off before its `response_complete` ends
   * then (the first `finish` fixes it).
   */
  finish(at: number): Turn {
    for (const call of this.#pairer.flush()) this.#toolCalls = append(this.#toolCalls, call);
    const completedAt = (this.#completedAt ??= at);
    // Kept from here on, so a turn finished twice gives the same arrays. An
    // empty one may come from a literal (append's comment): it points at
    // nothing, so even allocated old it keeps nothing young alive.
    return this.#turn(
      (this.#messages ??= []),
      (this.#toolCalls ??= []),
      (this.#errors ??= []),
      true,
      completedAt,
    );
  }

  #turn(
    messages: MessageFrame[],
    toolCalls: ToolCall[],
    errors: ErrorFrame[],
    finished: boolean,
    completedAt: number,
  ): Turn {
    const timing = copyWithoutAllocationSite<TurnTiming>({
      sentAt: this.sentAt,
      // A turn finished before any frame (an empty window) began as it ended.
      firstFrameAt: this.#firstFrameAt ?? completedAt,
      typingAt: this.#typingAt,
      firstMessageAt: this.#firstMessageAt,
      completedAt,
      resentAt: this.resentAt,
      reconnects: this.reconnects,
    });
    return copyWithoutAllocationSite<Turn>({
      index: this.index,
      messages,
      text: textOf(messages),
      toolCalls,
      errors,
      duplicate: finished && this.#duplicate,
      complete: finished && this.#completed,
      spansReconnect: this.reconnects > 0,
      truncated: this.#truncated,
      timing,
    });
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
    return turnLimitDiagnostic(
      frame,
      `turn ${this.index} cut: ${why}; the turn is marked truncated`,
    );
  }
}

// `Array.of`, not a literal: an app keeps a turn's arrays with the turn, and
// a literal's allocation site would be pretenured, keeping what the array
// holds young through every scavenge (copyWithoutAllocationSite.ts).
function append<T>(items: T[] | null, item: T): T[] {
  if (items === null) return Array.of(item);
  items.push(item);
  return items;
}

// The turn's text: its messages, a blank line apart. One message (the usual
// turn) is its own text, with no array to join.
function textOf(messages: readonly MessageFrame[]): string {
  if (messages.length === 1) return (messages[0] as MessageFrame).text;
  return messages.map((message) => message.text).join('\n\n');
}
