import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One step of a scripted answer: a frame, a frame's raw text, or a gate the test opens. */
export type Step = Record<string, unknown> | { readonly gate: string } | { readonly raw: string };

/**
 * A text-stream server whose answers are scripts, for what the reference
 * server will not do (frames held open on a gate, huge or deep values).
 * Each user message gets the next script; `open(name)` releases a gate.
 */
export class ScriptedServer {
  readonly received: string[] = [];
  readonly connections: WebSocket[] = [];
  private readonly gates = new Map<string, () => void>();
  private readonly opened = new Set<string>();
  private readonly counts: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
    scripts: Step[][],
  ) {
    let answered = 0;
    wss.on('connection', (socket) => {
      this.connections.push(socket);
      send(socket, { type: 'session_started', session_id: 'ss_1', conversation_id: 'conv_1' });
      socket.on('message', (data) => {
        const text = (JSON.parse(data.toString()) as { text?: string }).text ?? '';
        this.received.push(text);
        for (const waiter of this.counts.filter((w) => w.count <= this.received.length)) {
          this.counts.splice(this.counts.indexOf(waiter), 1);
          waiter.resolve();
        }
        void this.play(socket, scripts[answered++] ?? [{ type: 'response_complete' }]);
      });
    });
  }

  static async start(scripts: Step[][]): Promise<ScriptedServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    const { port } = wss.address() as AddressInfo;
    return new ScriptedServer(wss, `ws://127.0.0.1:${port}/agent/text-stream`, scripts);
  }

  /** Resolves once `count` user messages have arrived. */
  receivedCount(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.counts.push({ count, resolve }));
  }

  open(gate: string): void {
    this.opened.add(gate);
    this.gates.get(gate)?.();
  }

  close(): Promise<void> {
    for (const socket of this.connections) socket.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private async play(socket: WebSocket, steps: Step[]): Promise<void> {
    for (const step of steps) {
      if ('gate' in step && typeof step.gate === 'string') {
        const name = step.gate;
        if (!this.opened.has(name))
          await new Promise<void>((resolve) => this.gates.set(name, resolve));
      } else if ('raw' in step && typeof step.raw === 'string') socket.send(step.raw);
      else send(socket, step);
    }
  }
}

function send(socket: WebSocket, frame: unknown): void {
  socket.send(JSON.stringify(frame));
}

/**
 * Call at file (or describe) scope: a function that starts a scripted server
 * for the current test, closed after it whatever happens.
 */
export function scriptedServers(): (...scripts: Step[][]) => Promise<ScriptedServer> {
  const servers: ScriptedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (...scripts) => {
    const server = await ScriptedServer.start(scripts);
    servers.push(server);
    return server;
  };
}
