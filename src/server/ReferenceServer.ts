import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { ConnectionRecord, ReceivedMessage } from './ConnectionRecord.js';
import { ConversationStore } from './ConversationStore.js';
import type { Fault } from './Fault.js';
import type { Kindness } from './Kindness.js';
import type { RawFrame } from './RawFrame.js';
import type { Peer, PeerHandlers, PeerRequest } from './Peer.js';
import { ScriptedAgent, type ScriptedAgentOptions } from './ScriptedAgent.js';
import { ServerConnection } from './ServerConnection.js';
import type { ServerContext } from './ServerContext.js';

/** Options of the {@link ReferenceServer} core. */
export interface ReferenceServerOptions {
  /** Require this token (subprotocol or `?token=`); missing → 4100, wrong → 4403. */
  readonly token?: string;
  /** How often to send `ping` (default 15 000); `false` for never. */
  readonly pingIntervalMs?: number | false;
  /**
   * A pause between the frames of a turn (default 0), so a typing indicator
   * shows and a client frame can arrive while an answer is being written.
   */
  readonly frameDelayMs?: number;
  /**
   * Whether a new conversation opens with a greeting turn. Default true: the
   * vendor's guide shows new conversations greeting. A resumed conversation
   * never greets, whatever this says.
   */
  readonly greet?: boolean;
  /**
   * How long after `session_started` a new conversation's greeting starts
   * (default 0). The greeting counts as open from `session_started`: a
   * message arriving in between is recorded `midTurn` and waits behind it.
   */
  readonly greetingDelayMs?: number;
  /**
   * What a `conversation_id` the server does not know gets: a new
   * conversation, greeted as new, under a fresh id (`'new-id'`, the default:
   * assumed of the platform, which assigns its own ids) or under the id asked
   * for (`'same-id'`).
   */
  readonly unknownConversation?: 'new-id' | 'same-id';
  /**
   * What a user message arriving while a turn is open gets: queued and
   * answered in order once the open turn is over (`'queue'`, the default:
   * the platform does not drop a message it accepted), or an `error` frame
   * and no answer (`'reject'`); either way it is recorded `midTurn: true`.
   */
  readonly midTurnMessage?: 'queue' | 'reject';
  /**
   * What a resend (a `client_message_id` seen before) gets when the answer
   * to the original was never fully written because a drop cut it: the
   * whole answer again, `typing` to `response_complete` with
   * `duplicate: false` (`'answer-again'`, the default: the platform notes
   * say a cut turn is not finished on resume unless the client resends, and
   * the platform does not track what reached the client), or only a
   * `response_complete` with `duplicate: true` (`'duplicate'`). A resend
   * whose original answer was fully written (or is still being written)
   * always gets only the `duplicate: true` completion.
   * `kindness.finishCutTurns` takes precedence for an answer a drop cut.
   */
  readonly cutAnswerResend?: 'duplicate' | 'answer-again';
  /** Ways to be kinder than the live platform; all off by default. See {@link Kindness}. */
  readonly kindness?: Kindness;
  /** Faults for the next connections, one each, in order. */
  readonly faults?: readonly Fault[];
  /** Decides a fault for each connection the queue has none for (e.g. seeded random faults in a soak). */
  readonly faultPlan?: (connectionIndex: number) => Fault | undefined;
  /** Add an unknown and a malformed frame before every answer. */
  readonly noise?: boolean;
  readonly agent?: ScriptedAgentOptions;
  /** Where the server's timers run. */
  readonly scheduler?: SchedulerLike;
  /**
   * Keep what the server saw (default `true`): every connection's record in
   * `connections` (and `messages()`), and every conversation, ended ones
   * included, so a test can inspect them. `false` for a long-running server
   * (the CLI's `serve`, and the one `run` and `worker` embed): a closed
   * connection's record and an ended conversation are forgotten, so memory
   * stays flat over any number of conversations. `connections` then stays
   * empty, and a resume of an ended conversation starts a new one.
   */
  readonly history?: boolean;
}

/**
 * The reference server's core: conversations, the scripted agent, resume,
 * idempotent resend, pings, auth and fault injection. It speaks to
 * {@link Peer}s, so any socket library (or a test double) can carry it.
 *
 * By default it behaves as the live platform is known to (see the platform
 * notes): a resume never greets and finishes no cut turn, a resend is
 * recognised by `client_message_id` only, an unknown `conversation_id` starts
 * a new conversation under a new id. Anything kinder is an explicit option.
 */
export class ReferenceServer implements ServerContext {
  readonly conversations = new ConversationStore();
  /** Every connection accepted so far, in order. */
  readonly connections: ConnectionRecord[] = [];
  readonly agent: ScriptedAgent;
  readonly token: string | undefined;
  readonly pingIntervalMs: number | false;
  readonly frameDelayMs: number;
  readonly greet: boolean;
  readonly greetingDelayMs: number;
  readonly unknownConversation: 'new-id' | 'same-id';
  readonly midTurnMessage: 'queue' | 'reject';
  readonly cutAnswerResend: 'duplicate' | 'answer-again';
  readonly kindness: Required<Kindness>;
  readonly noise: boolean;
  readonly scheduler: SchedulerLike;
  readonly history: boolean;
  private readonly faults: Fault[];
  private readonly faultPlan: ((connectionIndex: number) => Fault | undefined) | undefined;
  private readonly live = new Map<number, ServerConnection>();
  private callSequence = 0;
  #accepted = 0;

  constructor(options: ReferenceServerOptions = {}) {
    const {
      token,
      pingIntervalMs = 15_000,
      frameDelayMs = 0,
      greet = true,
      greetingDelayMs = 0,
      unknownConversation = 'new-id',
      midTurnMessage = 'queue',
      cutAnswerResend = 'answer-again',
      kindness = {},
      faults = [],
      noise = false,
      scheduler = asyncScheduler,
      history = true,
    } = options;
    if (pingIntervalMs !== false && !(pingIntervalMs > 0))
      throw new TypeError('pingIntervalMs must be positive or false');
    if (!(frameDelayMs >= 0)) throw new TypeError('frameDelayMs must not be negative');
    if (!(greetingDelayMs >= 0)) throw new TypeError('greetingDelayMs must not be negative');
    this.agent = new ScriptedAgent(options.agent);
    this.token = token;
    this.pingIntervalMs = pingIntervalMs;
    this.frameDelayMs = frameDelayMs;
    this.greet = greet;
    this.greetingDelayMs = greetingDelayMs;
    this.unknownConversation = unknownConversation;
    this.midTurnMessage = midTurnMessage;
    this.cutAnswerResend = cutAnswerResend;
    this.kindness = {
      finishCutTurns: kindness.finishCutTurns ?? false,
      dedupeByText: kindness.dedupeByText ?? false,
    };
    this.noise = noise;
    this.scheduler = scheduler;
    this.history = history;
    this.faults = [...faults];
    this.faultPlan = options.faultPlan;
  }

  /** Queues faults for the next connections, one each. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Takes a new connection; the adapter feeds its messages and close to the handlers returned. */
  accept(peer: Peer, request: PeerRequest): PeerHandlers {
    const index = this.#accepted;
    this.#accepted += 1;
    const fault = this.faults.length > 0 ? this.faults.shift() : this.faultPlan?.(index);
    const connection = new ServerConnection(this, peer, request, index, fault);
    if (this.history) this.connections.push(connection.record);
    this.live.set(index, connection);
    connection.start();
    return {
      onMessage: (data) => connection.receive(data),
      onClose: (code) => {
        connection.closed(code);
        this.live.delete(index);
      },
    };
  }

  /** How many connections were accepted so far (the next one's index). */
  get accepted(): number {
    return this.#accepted;
  }

  /** Every user message received, across connections, in order. */
  messages(conversationId?: string): ReceivedMessage[] {
    return this.connections
      .filter((record) => conversationId === undefined || record.conversationId === conversationId)
      .flatMap((record) => record.messages);
  }

  /** Closes every open connection with `code`, or cuts them (1006) without one. */
  dropAll(code?: number): void {
    for (const connection of this.live.values()) connection.drop(code);
  }

  /**
   * Writes `frames` to connection `connectionIndex` now, as they are, outside
   * any turn (a lone `error`, a stray `typing` or `response_complete`...).
   * They count towards the connection's fault like any frame. False when
   * that connection is not open.
   */
  push(connectionIndex: number, ...frames: RawFrame[]): boolean {
    const connection = this.live.get(connectionIndex);
    return connection !== undefined && connection.push(frames);
  }

  /** A fresh, deterministic tool call id. */
  nextCallId(): string {
    this.callSequence += 1;
    return `tc_${this.callSequence}`;
  }

  /** Stops every connection's timers. */
  dispose(): void {
    for (const connection of this.live.values()) connection.dispose();
    this.live.clear();
  }
}
