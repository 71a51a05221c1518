import type { Subscription } from 'rxjs';
import { ClientFrame } from '../protocol/clientFrames.js';
import { preview } from '../protocol/reportErrors.js';
import type { ServerFrame } from '../protocol/serverFrames.js';
import type { ConnectionRecord } from './ConnectionRecord.js';
import { isOpen, type Conversation, type PendingTurn } from './ConversationStore.js';
import type { Fault } from './Fault.js';
import type { Peer, PeerRequest } from './Peer.js';
import type { ReferenceServer } from './ReferenceServer.js';
import type { AgentReply } from './ScriptedAgent.js';

/** One client connection: auth, session start, turns, pings and its fault. */
export class ServerConnection {
  readonly record: ConnectionRecord;
  private readonly query: URLSearchParams;
  private readonly offeredToken: string | undefined;
  private readonly toolEvents: boolean;
  private conversation: Conversation | undefined;
  private alive = true;
  private silent = false;
  private delivering: Subscription | undefined;
  private pinging: Subscription | undefined;

  constructor(
    private readonly server: ReferenceServer,
    private readonly peer: Peer,
    request: PeerRequest,
    index: number,
    private readonly fault: Fault | undefined,
  ) {
    const url = new URL(request.url, 'ws://reference.invalid');
    this.query = url.searchParams;
    const subprotocolToken = request.protocols[0] === 'auth' ? request.protocols[1] : undefined;
    const queryToken = url.searchParams.get('token') ?? undefined;
    this.offeredToken = subprotocolToken ?? queryToken;
    this.toolEvents = url.searchParams.get('tool_events') === 'true';
    const query = Object.fromEntries(url.searchParams);
    if ('token' in query) query.token = '***';
    this.record = {
      index,
      path: url.pathname,
      query,
      auth:
        subprotocolToken !== undefined
          ? 'subprotocol'
          : queryToken !== undefined
            ? 'query'
            : 'none',
      fault,
      conversationId: undefined,
      resumed: false,
      received: [],
      messages: [],
      framesSent: 0,
      open: true,
      closeCode: undefined,
      closedBy: undefined,
    };
  }

  start(): void {
    const { server } = this;
    if (server.token !== undefined && this.offeredToken === undefined)
      return this.close(4100, 'not authenticated');
    if (server.token !== undefined && this.offeredToken !== server.token)
      return this.close(4403, 'forbidden');
    if (this.fault?.kind === 'reject') return this.close(this.fault.code, this.fault.reason ?? '');

    const requested = this.query.get('conversation_id') ?? undefined;
    const existing = requested === undefined ? undefined : server.conversations.get(requested);
    const conversation =
      existing ?? server.conversations.create(server.agent.newMemory(), requested);
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
    // A new conversation opens with a greeting; a resumed one only finishes
    // a greeting a drop cut off. A user turn waits for the client's resend.
    if (existing === undefined) conversation.turn = this.turnFor(null, server.agent.greet());
    if (isOpen(conversation.turn) && conversation.turn.userText === null) this.deliver();
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
    this.userMessage(frame.text);
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

  private userMessage(text: string): void {
    const conversation = this.conversation;
    if (conversation === undefined || conversation.ended) return;
    const pending = conversation.turn;
    if (isOpen(pending) && pending.userText === text) {
      this.record.messages.push({ text, midTurn: false, resend: true });
      // The client lost the end of this answer: finish it rather than answer
      // twice, and mark the completion a duplicate if the text was seen.
      const sawMessage = pending.frames
        .slice(0, pending.delivered)
        .some((frame) => frame.type === 'message');
      pending.frames[pending.frames.length - 1] = {
        type: 'response_complete',
        duplicate: sawMessage,
      };
      this.deliver();
      return;
    }
    this.record.messages.push({ text, midTurn: isOpen(pending), resend: false });
    conversation.turn = this.turnFor(text, this.server.agent.reply(conversation.memory, text));
    this.deliver();
  }

  private turnFor(userText: string | null, reply: AgentReply): PendingTurn {
    const frames: ServerFrame[] = [{ type: 'typing' }];
    for (const step of reply.steps) {
      if (step.kind === 'message') frames.push({ type: 'message', role: 'agent', text: step.text });
      else if (step.kind === 'error') frames.push({ type: 'error', message: step.message });
      else {
        const call_id = this.server.nextCallId();
        frames.push(
          { type: 'tool_call_started', tool_name: step.toolName, call_id, input: step.input },
          {
            type: 'tool_call_completed',
            tool_name: step.toolName,
            call_id,
            result: step.result,
            succeeded: step.succeeded,
          },
        );
      }
    }
    frames.push({ type: 'response_complete', duplicate: false });
    return { userText, frames, delivered: 0, endSession: reply.endSession };
  }

  /** Writes the rest of the pending answer, paced by `frameDelayMs`. */
  private deliver(): void {
    const turn = this.conversation?.turn ?? null;
    this.delivering?.unsubscribe();
    if (!isOpen(turn)) return;
    if (turn.delivered === 0 && this.server.noise) {
      this.writeRaw('{"type":"agent_thought","text":"(a frame type from the future)"}');
      this.writeRaw('{"type":"message","role":"agent"}');
    }
    const unfinished = (): boolean => turn.delivered < turn.frames.length;
    const step = (): void => {
      while (this.alive && unfinished()) {
        const frame = turn.frames[turn.delivered] as ServerFrame;
        const isToolFrame =
          frame.type === 'tool_call_started' || frame.type === 'tool_call_completed';
        if (!isToolFrame || this.toolEvents) {
          if (!this.write(frame)) return;
        }
        turn.delivered += 1;
        if (this.server.frameDelayMs > 0 && unfinished() && !isToolFrame) {
          this.delivering = this.server.scheduler.schedule(step, this.server.frameDelayMs);
          return;
        }
      }
      if (this.alive && !unfinished() && turn.endSession !== undefined)
        this.endSession(turn.endSession);
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
    if (this.conversation) this.conversation.ended = true;
    if (this.write({ type: 'session_ended', reason })) this.close(1000, reason);
  }

  /** Writes one frame; false when nothing was written (closed or silenced). */
  private write(frame: ServerFrame): boolean {
    return this.writeRaw(JSON.stringify(frame));
  }

  private writeRaw(data: string): boolean {
    if (!this.alive || this.silent) return false;
    this.record.framesSent += 1;
    const fault = this.fault;
    const last =
      fault !== undefined && fault.kind !== 'reject' && this.record.framesSent >= fault.afterFrames;
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
