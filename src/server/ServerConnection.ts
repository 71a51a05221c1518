import type { Subscription } from 'rxjs';
import { ClientFrame } from '../protocol/clientFrames.js';
import { preview } from '../protocol/preview.js';
import type { ServerFrame } from '../protocol/serverFrames.js';
import type { ConnectionRecord } from './ConnectionRecord.js';
import { isOpen, isWritten, type Conversation } from './ConversationStore.js';
import type { Fault } from './Fault.js';
import type { Peer, PeerRequest } from './Peer.js';
import { isBusy, newTurn, originalOf, repeatTurn } from './messageTurns.js';
import { answerTurn } from './pendingTurns.js';
import { frameType, wireText, type RawFrame } from './RawFrame.js';
import { readRequest } from './readRequest.js';
import type { ServerContext } from './ServerContext.js';

/** One client connection: auth, session start, turns, pings and its fault. */
export class ServerConnection {
  readonly record: ConnectionRecord;
  private readonly offeredToken: string | undefined;
  private readonly toolEvents: boolean;
  private conversation: Conversation | undefined;
  private alive = true;
  private silent = false;
  private delivering: Subscription | undefined;
  private pinging: Subscription | undefined;
  /** Frames written but pings, which a drop or silence fault counts. */
  private framesTowardFault = 0;

  constructor(
    private readonly server: ServerContext,
    private readonly peer: Peer,
    request: PeerRequest,
    index: number,
    private readonly fault: Fault | undefined,
  ) {
    const read = readRequest(request, index, fault);
    this.record = read.record;
    this.offeredToken = read.offeredToken;
    this.toolEvents = read.toolEvents;
  }

  start(): void {
    const { server } = this;
    if (server.token !== undefined && this.offeredToken === undefined)
      return this.close(4100, 'not authenticated');
    if (server.token !== undefined && this.offeredToken !== server.token)
      return this.close(4403, 'forbidden');
    if (this.fault?.kind === 'reject') return this.close(this.fault.code, this.fault.reason ?? '');

    const requested = this.record.requestedConversationId;
    const switched = this.fault?.kind === 'switch-conversation';
    const existing =
      requested === undefined || switched ? undefined : server.conversations.get(requested);
    const keepId = requested !== undefined && !switched && server.unknownConversation === 'same-id';
    const conversation =
      existing ??
      server.conversations.create(server.agent.newMemory(), keepId ? requested : undefined);
    this.conversation = conversation;
    this.record.conversationId = conversation.id;
    this.record.resumed = existing !== undefined;

    if (
      !this.write({
        type: 'session_started',
        session_id: `ss_${this.record.index + 1}`,
        conversation_id: conversation.id,
      })
    )
      return;
    if (conversation.ended) return this.endSession('completed');
    this.startPings();
    if (existing === undefined) return this.startGreeting(conversation);
    this.resume(conversation);
  }

  receive(data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.write({ type: 'error', message: `could not parse client frame: ${preview(data)}` });
      return;
    }
    this.record.received.push(parsed);
    const decoded = ClientFrame.decode(parsed);
    if (decoded._tag === 'Left') {
      this.write({ type: 'error', message: `unsupported client frame: ${preview(parsed)}` });
      return;
    }
    const frame = decoded.right;
    if ('type' in frame && frame.type === 'stop') return this.endSession('stopped');
    this.userMessage({ text: frame.text, clientMessageId: frame.client_message_id });
  }

  /** Writes `frames` now, outside any turn; false when the connection is gone. */
  push(frames: readonly RawFrame[]): boolean {
    for (const frame of frames) if (!this.writeRaw(wireText(frame))) return false;
    return true;
  }

  closed(code: number): void {
    if (this.record.open) {
      this.record.open = false;
      this.record.closeCode = code;
      this.record.closedBy = 'client';
    }
    this.dispose();
  }

  drop(code?: number): void {
    if (!this.alive) return;
    if (code === undefined) {
      this.markClosed(1006);
      this.peer.terminate();
    } else {
      this.close(code, 'dropped');
    }
  }

  dispose(): void {
    this.alive = false;
    this.delivering?.unsubscribe();
    this.pinging?.unsubscribe();
  }

  /** A new conversation's greeting, `greetingDelayMs` from now; it counts as open already. */
  private startGreeting(conversation: Conversation): void {
    const { server } = this;
    if (!server.greet) return;
    const greeting = answerTurn(null, server.agent.greet(), () => server.nextCallId());
    greeting.writer = this.record.index;
    conversation.turn = greeting;
    if (server.greetingDelayMs === 0) return this.deliver();
    this.delivering = server.scheduler.schedule(() => this.deliver(), server.greetingDelayMs);
  }

  /**
   * A resumed conversation never greets, and what a drop cut stays cut: the
   * platform finishes a cut answer only through its resend, a cut greeting
   * never. Messages queued on the dead connection go unanswered too.
   */
  private resume(conversation: Conversation): void {
    const cut = conversation.turn;
    conversation.queue.length = 0;
    if (!this.server.kindness.finishCutTurns) {
      conversation.turn = null;
      return;
    }
    if (isOpen(cut) && cut.userText === null) this.deliver();
  }

  private userMessage(asked: { text: string; clientMessageId: string | undefined }): void {
    const conversation = this.conversation;
    if (conversation === undefined || conversation.ended) return;
    const busy = isBusy(conversation, this.record.index);
    const original = originalOf(this.server, conversation, asked);
    this.record.messages.push({ ...asked, midTurn: busy, resend: original !== undefined });
    if (busy && this.server.midTurnMessage === 'reject') {
      this.write({
        type: 'error',
        message: 'a message arrived while the agent was answering; it was not processed',
      });
      return;
    }
    const turn =
      original === undefined
        ? newTurn(this.server, this.fault, conversation, asked)
        : repeatTurn(this.server, conversation, original, asked, this.record.index);
    if (busy) {
      conversation.queue.push(turn);
      return;
    }
    conversation.turn = turn;
    this.deliver();
  }

  /**
   * Writes the conversation's open turn to its end, paced by `frameDelayMs`,
   * then each queued turn in order. Client frames are read between paced
   * frames, so a message can honestly arrive mid-turn.
   */
  private deliver(): void {
    this.delivering?.unsubscribe();
    this.delivering = undefined;
    const conversation = this.conversation;
    if (conversation === undefined) return;
    const { server } = this;
    const step = (): void => {
      while (this.alive) {
        const turn = conversation.turn;
        if (turn === null) return;
        turn.writer = this.record.index;
        if (isWritten(turn)) {
          if (turn.endless) return;
          if (turn.endSession !== undefined) return this.endSession(turn.endSession);
          conversation.turn = conversation.queue.shift() ?? null;
          continue;
        }
        if (turn.delivered === 0 && server.noise) {
          this.writeRaw('{"type":"agent_thought","text":"(a frame type from the future)"}');
          this.writeRaw('{"type":"message","role":"agent"}');
        }
        const frame = turn.frames[turn.delivered] as RawFrame;
        const type = frameType(frame);
        const isToolFrame = type === 'tool_call_started' || type === 'tool_call_completed';
        if (!isToolFrame || this.toolEvents) {
          if (!this.writeRaw(wireText(frame))) return;
        }
        turn.delivered += 1;
        if (server.frameDelayMs > 0 && !isWritten(turn) && !isToolFrame) {
          this.delivering = server.scheduler.schedule(step, server.frameDelayMs);
          return;
        }
      }
    };
    step();
  }

  private startPings(): void {
    const { pingIntervalMs, scheduler } = this.server;
    if (pingIntervalMs === false) return;
    const ping = (): boolean => this.write({ type: 'ping' });
    this.pinging = scheduler.schedule(function () {
      if (ping()) this.schedule(undefined, pingIntervalMs);
    }, pingIntervalMs);
  }

  private endSession(reason: string): void {
    const { conversation } = this;
    if (conversation) {
      conversation.ended = true;
      // A server without history keeps nothing of a conversation that is over.
      if (!this.server.history) this.server.conversations.delete(conversation.id);
    }
    if (this.write({ type: 'session_ended', reason })) this.close(1000, reason);
  }

  /** Writes one frame; false when nothing was written (closed or silenced). */
  private write(frame: ServerFrame): boolean {
    return this.writeRaw(JSON.stringify(frame), frame.type !== 'ping');
  }

  /**
   * `counts`: whether the frame counts toward a fault's `afterFrames`. Pings
   * do not: they come on their own clock, so counting them would move a
   * drop to another point of the turn whenever the machine is slow.
   */
  private writeRaw(data: string, counts = true): boolean {
    if (!this.alive || this.silent) return false;
    this.record.framesSent += 1;
    if (counts) this.framesTowardFault += 1;
    const fault = this.fault;
    const last =
      counts &&
      (fault?.kind === 'drop' || fault?.kind === 'silence') &&
      this.framesTowardFault >= fault.afterFrames;
    if (last && fault.kind === 'drop' && fault.code === undefined) {
      // Cut the connection only once this frame has left, so the count of
      // delivered frames is exact.
      this.markClosed(1006);
      this.peer.send(data, () => this.peer.terminate());
      return true;
    }
    this.peer.send(data);
    if (last && fault.kind === 'drop') this.close(fault.code ?? 1006, 'injected drop');
    if (last && fault.kind === 'silence') this.silent = true;
    return true;
  }

  private close(code: number, reason: string): void {
    if (!this.alive) return;
    this.markClosed(code);
    this.peer.close(code, reason);
  }

  private markClosed(code: number): void {
    this.record.open = false;
    this.record.closeCode = code;
    this.record.closedBy = 'server';
    this.dispose();
  }
}
