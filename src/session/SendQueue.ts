import type { Turn } from '../protocol/Turn.js';
import type { AwaitedAnswer } from './Answer.js';

/**
 * The session's side of its send queue: the messages sent, each with the
 * answer its caller awaits, in the order they were sent, and the ids they
 * get. Which of them is written, and when, is the state machine's business;
 * this only hands each answer its turn (or its error) when the machine says.
 */
export class SendQueue {
  readonly #newMessageId: () => string;
  // Allocated on first use: an idle session holds no answers. In the order
  // their messages were sent: the one settled is nearly always the first,
  // and an array, unlike a Map, allocates nothing per message.
  #answers: AwaitedAnswer<Turn>[] | null = null;
  #lastId = 0;

  constructor(newMessageId: () => string) {
    this.#newMessageId = newMessageId;
  }

  /** The id the next message sent gets. */
  get nextId(): number {
    return this.#lastId + 1;
  }

  /** Awaits `answer` for message `answer.id` (the next id); returns the message's `client_message_id`. */
  add(answer: AwaitedAnswer<Turn>): string {
    this.#lastId = answer.id;
    if (this.#answers === null) this.#answers = [answer];
    else this.#answers.push(answer);
    return this.#newMessageId();
  }

  /** The answer to message `id`, no longer awaited; `undefined` if it is not. */
  take(id: number): AwaitedAnswer<Turn> | undefined {
    const answers = this.#answers;
    if (answers === null) return undefined;
    for (let index = 0; index < answers.length; index += 1) {
      const answer = answers[index] as AwaitedAnswer<Turn>;
      if (answer.id !== id) continue;
      if (index === 0) answers.shift();
      else answers.splice(index, 1);
      return answer;
    }
    return undefined;
  }
}
