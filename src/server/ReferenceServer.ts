import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { ConnectionRecord, ReceivedMessage } from './ConnectionRecord.js';
import { ConversationStore } from './ConversationStore.js';
import type { Fault } from './Fault.js';
import type { Peer, PeerHandlers, PeerRequest } from './Peer.js';
import { ScriptedAgent, type ScriptedAgentOptions } from './ScriptedAgent.js';
import { ServerConnection } from './ServerConnection.js';

/** Options of the {@link ReferenceServer} core. */
export interface ReferenceServerOptions {
  /** Require this token (subprotocol or `?token=`); missing → 4100, wrong → 4403. */
  readonly token?: string;
  /** How often to send `ping` (default 15 000); `false` for never. */
  readonly pingIntervalMs?: number | false;
  /** A pause between the frames of an answer (default 0), so a typing indicator shows. */
  readonly frameDelayMs?: number;
  /** Faults for the next connections, one each, in order. */
  readonly faults?: readonly Fault[];
  /** Decides a fault for each connection the queue has none for (e.g. seeded random faults in a soak). */
  readonly faultPlan?: (connectionIndex: number) => Fault | undefined;
  /** Add an unknown and a malformed frame before every answer. */
  readonly noise?: boolean;
  readonly agent?: ScriptedAgentOptions;
  /** Where the server's timers run. */
  readonly scheduler?: SchedulerLike;
}

/**
 * The reference server's core: conversations, the scripted agent, resume,
 * idempotent resend, pings, auth and fault injection. It speaks to
 * {@link Peer}s, so any socket library (or a test double) can carry it.
 */
export class ReferenceServer {
  readonly conversations = new ConversationStore();
  /** Every connection accepted so far, in order. */
  readonly connections: ConnectionRecord[] = [];
  readonly agent: ScriptedAgent;
  readonly token: string | undefined;
  readonly pingIntervalMs: number | false;
  readonly frameDelayMs: number;
  readonly noise: boolean;
  readonly scheduler: SchedulerLike;
  private readonly faults: Fault[];
  private readonly faultPlan: ((connectionIndex: number) => Fault | undefined) | undefined;
  private readonly live = new Set<ServerConnection>();
  private callSequence = 0;

  constructor(options: ReferenceServerOptions = {}) {
    const {
      token,
      pingIntervalMs = 15_000,
      frameDelayMs = 0,
      faults = [],
      noise = false,
      scheduler = asyncScheduler,
    } = options;
    if (pingIntervalMs !== false && !(pingIntervalMs > 0))
      throw new TypeError('pingIntervalMs must be positive or false');
    if (!(frameDelayMs >= 0)) throw new TypeError('frameDelayMs must not be negative');
    this.agent = new ScriptedAgent(options.agent);
    this.token = token;
    this.pingIntervalMs = pingIntervalMs;
    this.frameDelayMs = frameDelayMs;
    this.noise = noise;
    this.scheduler = scheduler;
    this.faults = [...faults];
    this.faultPlan = options.faultPlan;
  }

  /** Queues faults for the next connections, one each. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Takes a new connection; the adapter feeds its messages and close to the handlers returned. */
  accept(peer: Peer, request: PeerRequest): PeerHandlers {
    const index = this.connections.length;
    const fault = this.faults.length > 0 ? this.faults.shift() : this.faultPlan?.(index);
    const connection = new ServerConnection(this, peer, request, index, fault);
    this.connections.push(connection.record);
    this.live.add(connection);
    connection.start();
    return {
      onMessage: (data) => connection.receive(data),
      onClose: (code) => {
        connection.closed(code);
        this.live.delete(connection);
      },
    };
  }

  /** Every user message received, across connections, in order. */
  messages(conversationId?: string): ReceivedMessage[] {
    return this.connections
      .filter((record) => conversationId === undefined || record.conversationId === conversationId)
      .flatMap((record) => record.messages);
  }

  /** Closes every open connection with `code`, or cuts them (1006) without one. */
  dropAll(code?: number): void {
    for (const connection of this.live) connection.drop(code);
  }

  /** A fresh, deterministic tool call id. */
  nextCallId(): string {
    this.callSequence += 1;
    return `tc_${this.callSequence}`;
  }

  /** Stops every connection's timers. */
  dispose(): void {
    for (const connection of this.live) connection.dispose();
    this.live.clear();
  }
}
