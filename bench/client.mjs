// One benchmark client, in its own process: node bench/client.mjs KIND URL FRAMES
// Prints {kind, frames, cpuUs, wallMs, turns, calls} as JSON.
import { of, share } from 'rxjs';
import { webSocket } from 'rxjs/webSocket';
import WebSocket from 'ws';
import { connect, pairToolCalls, textStream, toTurns } from 'rxjs-text-stream';
import { expectedCounts, handPairing, mainThreadCpuUs, makeFrames } from './frames.mjs';
import { subscribeAll } from './sessions.mjs';

const [kind, url, countArg] = process.argv.slice(2);
const expected = expectedCounts(makeFrames(Number(countArg)));
const frameCount = Number(countArg);

let cpu;
let mainCpu;
let wall;
const start = () => {
  cpu = process.cpuUsage();
  mainCpu = mainThreadCpuUs();
  wall = performance.now();
};
const finish = (turns, calls) => {
  const used = process.cpuUsage(cpu);
  const mainEnd = mainThreadCpuUs();
  const result = {
    kind,
    frames: frameCount,
    cpuUs: used.user + used.system,
    mainCpuUs: mainCpu === null ? null : mainEnd - mainCpu,
    wallMs: performance.now() - wall,
    turns,
    calls,
  };
  if (turns !== expected.turns || calls !== expected.calls) {
    console.error(
      `${kind}: counted ${turns} turns / ${calls} calls, expected ${expected.turns} / ${expected.calls}`,
    );
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
};

const clients = {
  raw() {
    const { onFrame } = handPairing(({ turns, calls }) => finish(turns, calls));
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.on('open', () => socket.send('go'));
    socket.on('message', (data) => onFrame(JSON.parse(data)));
  },
  'rxjs-websocket'() {
    const { onFrame } = handPairing(({ turns, calls }) => finish(turns, calls));
    const subject = webSocket({
      url,
      WebSocketCtor: WebSocket,
      openObserver: { next: () => subject.next('go') },
    });
    subject.subscribe(onFrame);
  },
  pipeline() {
    let turns = 0;
    let calls = 0;
    const frames$ = textStream({ url, toolEvents: true, input$: of({ text: 'go' }) }).pipe(share());
    frames$.pipe(pairToolCalls()).subscribe(() => (calls += 1));
    frames$
      .pipe(toTurns())
      .subscribe({ next: () => (turns += 1), complete: () => finish(turns, calls) });
  },
  session() {
    const session = connect({ url, toolEvents: true, conversationId: 'conv_bench' });
    const counts = subscribeAll(session);
    session.send('go').subscribe({ error: () => undefined });
    session.ended$.subscribe({ complete: () => finish(counts.turns, counts.calls) });
  },
};

// Every client is timed from just before it connects to session_ended.
start();
clients[kind]();
