import type { Interface } from 'node:readline';
import { clearScreenDown, cursorTo, moveCursor } from 'node:readline';

/**
 * A prompt at the bottom of a terminal with output printed above it. The
 * user's unfinished input (readline's `line` and cursor) is never touched:
 * to print, the prompt and the status line are erased, the text written,
 * and both drawn again below it, so typing during output neither glues to
 * it nor disappears.
 *
 * ```
 * agent: earlier output
 * agent is typing...      <- status, erased when it ends
 * you> half-typed text_   <- readline's line, redrawn as it was
 * ```
 *
 * On a terminal without cursor control (TERM=dumb) lines are simply written
 * after the prompt and the prompt with the input so far is written again.
 */
export class PromptScreen {
  #status: string | null = null;
  #promptShown = false;

  constructor(
    private readonly readline: Interface,
    private readonly output: NodeJS.WritableStream,
    private readonly ansi: boolean,
  ) {}

  /** Shows the prompt (with any input typed so far), and the status above it. */
  prompt(): void {
    if (!this.#promptShown && this.ansi && this.#status !== null)
      this.output.write(`${this.#status}\n`);
    this.#promptShown = true;
    this.readline.prompt(true);
  }

  /**
   * The user pressed Enter on `line`: readline has ended it, and no prompt
   * shows until `prompt()`. A status line above it would now sit above the
   * transcript, so it is taken out and drawn again with the next prompt.
   */
  entered(line: string): void {
    if (this.#promptShown && this.ansi && this.#status !== null) {
      // As readline counts: a terminal of unknown width (0) never wraps.
      const columns = (this.output as { columns?: number }).columns || Infinity;
      const entered = `${this.readline.getPrompt()}${line}`;
      const rows = Math.max(1, Math.ceil(entered.length / columns));
      moveCursor(this.output, 0, -(rows + 1));
      cursorTo(this.output, 0);
      clearScreenDown(this.output);
      this.output.write(`${entered}\n`);
    }
    this.#promptShown = false;
  }

  /** Writes `lines` above the prompt. */
  print(...lines: string[]): void {
    this.#redraw(() => this.output.write(lines.map((line) => `${line}\n`).join('')));
  }

  /** Sets (or, with null, removes) the status line just above the prompt. */
  status(text: string | null): void {
    if (text === this.#status) return;
    if (!this.ansi) {
      // Nothing can be erased on a dumb terminal: show it once, as a line.
      this.#status = null;
      if (text !== null) this.print(text);
      this.#status = text;
      return;
    }
    this.#redraw(() => (this.#status = text));
  }

  /** Ends the prompt line, so the shell's prompt starts on a line of its own. */
  newline(): void {
    if (this.#promptShown && this.ansi) {
      // Drop the status line but keep what was typed, as a shell does.
      this.#erase();
      this.output.write(`${this.readline.getPrompt()}${this.readline.line}\n`);
    } else if (this.#promptShown) this.output.write('\n');
    this.#promptShown = false;
    this.#status = null;
  }

  /** Removes the prompt and status (the session is over; nothing more can be typed). */
  dismiss(): void {
    if (this.#promptShown && this.ansi) this.#erase();
    else if (this.#promptShown) this.output.write('\n');
    this.#promptShown = false;
    this.#status = null;
  }

  /** Clears from the start of the status (or prompt) down; returns the input's rows. */
  #erase(): number {
    const { rows } = this.readline.getCursorPos();
    moveCursor(this.output, 0, -(rows + (this.#status === null ? 0 : 1)));
    cursorTo(this.output, 0);
    clearScreenDown(this.output);
    return rows;
  }

  #redraw(write: () => void): void {
    // Without a prompt (before it, or once leaving) there is no place for a status line.
    if (!this.#promptShown) return write();
    if (!this.ansi) {
      this.output.write('\n');
      write();
      this.output.write(`${this.readline.getPrompt()}${this.readline.line}`);
      return;
    }
    const rows = this.#erase();
    write();
    if (this.#status !== null) this.output.write(`${this.#status}\n`);
    // readline redraws its line from `rows` lines above the cursor (its
    // record of where the line began), so stand that far below the new start.
    this.output.write('\n'.repeat(rows));
    this.readline.prompt(true);
  }
}
