import type { SchedulerLike } from 'rxjs';
import { FakeWebSocket } from '../../src/testing/FakeWebSocket';
import { frames } from '../../src/testing/frames';
import type { WebSocketConstructor } from '../../src/transport/WebSocketLike';

/** How the fake agent treats new connections. */
export interface FakeAgentOptions {
  /** Greet each new conversation (typing, message, response_complete) after this many ms; off when unset. */
  readonly greetAfterMs?: number;
  /** How long a socket takes to open and send `session_started` (default 1). */
  readonly openAfterMs?: number;
  /** Refuse every connection with this close code before `session_started`. */
  readonly reject?: number;
}

/**
 * A scripted agent behind fake sockets, in virtual time: each user message
 * says how it is to be answered, so a test's scripts are its server's
 * script too. Words in the message:
 *
 * - `wait:N`: answer after N ms (default 10), typing at once
 * - `tool:NAME`: the answer calls tool NAME
 * - `error`: the answer carries an `error` frame
 * - `close:CODE`: close the socket with CODE instead of answering
 * - `end`: send `session_ended` (completed) right after the answer
 * - `silent`: never answer
 *
 * The answer's text is `echo: <message>`. A `stop` is answered with
 * `session_ended` (stopped).
 */
export function fakeAgent(scheduler: SchedulerLike, options: FakeAgentOptions = {}) {
  const { greetAfterMs, openAfterMs = 1, reject } = options;
  const sockets: AgentSocket[] = [];
  let open = 0;
  let maxOpen = 0;
  let conversations = 0;

  class AgentSocket extends FakeWebSocket {
    #counted = false;

    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
      scheduler.schedule(() => this.#accept(), openAfterMs);
    }

    #accept(): void {
      if (this.readyState !== 0) return;
      this.open();
      this.#counted = true;
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      if (reject !== undefined) return this.#serverClose(reject);
      const resumed = this.param('conversation_id');
      this.receive(frames.sessionStarted(resumed ?? `conv_${(conversations += 1)}`));
      if (greetAfterMs !== undefined && resumed === null)
        this.#later(greetAfterMs, () => this.#answer('Hello! How can I help?', []));
    }

    override send(data: string): void {
      super.send(data);
      const frame = JSON.parse(data) as { type?: string; text?: string };
      if (frame.type === 'stop') {
        this.#later(1, () => {
          this.receive(frames.sessionEnded('stopped'));
          this.#serverClose(1000);
        });
        return;
      }
      const text = frame.text ?? '';
      const words = text.split(/\s+/);
      const word = (prefix: string) =>
        words.find((w) => w.startsWith(prefix))?.slice(prefix.length);
      if (words.includes('silent')) return;
      const closeWith = word('close:');
      const wait = Number(word('wait:') ?? 10);
      this.receive(frames.typing());
      this.#later(wait, () => {
        if (closeWith !== undefined) return this.#serverClose(Number(closeWith));
        const steps: object[] = [];
        const tool = word('tool:');
        if (tool !== undefined)
          steps.push(
            frames.toolCallStarted(tool, 'call_1', {}),
            frames.toolCallCompleted(tool, 'call_1', 'ok'),
          );
        if (words.includes('error')) steps.push(frames.error('something failed'));
        this.#answer(`echo: ${text}`, steps);
        if (words.includes('end')) {
          this.receive(frames.sessionEnded('completed'));
          this.#serverClose(1000);
        }
      });
    }

    override close(code?: number): void {
      const wasOpen = this.readyState === 1;
      super.close(code);
      if (wasOpen) this.#closed();
    }

    #answer(text: string, steps: object[]): void {
      if (this.readyState !== 1) return;
      for (const step of steps) this.receive(step);
      this.receive(frames.message(text));
      this.receive(frames.responseComplete());
    }

    #serverClose(code: number): void {
      if (this.readyState !== 1) return;
      this.#closed();
      this.serverClose(code);
    }

    #closed(): void {
      if (!this.#counted) return;
      this.#counted = false;
      open -= 1;
    }

    #later(ms: number, work: () => void): void {
      scheduler.schedule(() => {
        if (this.readyState === 1) work();
      }, ms);
    }
  }

  return {
    WebSocketCtor: AgentSocket as WebSocketConstructor,
    sockets: sockets as readonly FakeWebSocket[],
    /** Sockets open now. */
    get open(): number {
      return open;
    },
    /** The most sockets open at once so far. */
    get maxOpen(): number {
      return maxOpen;
    },
  };
}
