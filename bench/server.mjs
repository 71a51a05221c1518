// The benchmark server, in its own process: on each connection it blasts the
// frame mix (mode "blast", or "blast-full" in large writes: see pump below), only starts a session and stays quiet ("idle"),
// or converses ("converse": it answers every message with typing, one tool
// call pair, a message and response_complete, and pings each connection
// every PING_MS, 0 for never). It never greets.
// node bench/server.mjs blast|blast-full FRAMES | idle | converse PING_MS
// Prints its URL on stdout; runs until killed.
import { WebSocketServer } from 'ws';
import { converseAnswer, makeFrames } from './frames.mjs';

const [mode = 'blast', countArg = '500000'] = process.argv.slice(2);
const frames = mode.startsWith('blast') ? makeFrames(Number(countArg)) : [];
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });

let calls = 0;
wss.on('connection', (socket) => {
  if (mode === 'converse') {
    socket.send(
      JSON.stringify({
        type: 'session_started',
        session_id: 'ss_scale',
        conversation_id: `conv_${(calls += 1)}`,
      }),
    );
    let turn = 0;
    socket.on('message', () => {
      turn += 1;
      const callId = `tc_${(calls += 1)}`;
      for (const frame of converseAnswer(callId, turn)) socket.send(frame);
    });
    const pingMs = Number(countArg);
    if (pingMs > 0) {
      const pinger = setInterval(() => socket.send('{"type":"ping"}'), pingMs);
      socket.on('close', () => clearInterval(pinger));
    }
    return;
  }
  if (mode === 'idle') {
    socket.send(
      JSON.stringify({
        type: 'session_started',
        session_id: 'ss_idle',
        conversation_id: 'conv_idle',
      }),
    );
    return;
  }
  // session_started first, then the rest once the client says "go".
  socket.send(frames[0]);
  let next = 1;
  // Send in batches and wait for each to drain, so the server never buffers the whole run.
  // "blast" writes each frame as it is sent, a syscall per frame: the
  // server is then about as slow as a fast client, and a slower client
  // reads larger chunks and pays less per frame (its ratio to bare ws
  // flatters it, and moves with the machine's load). "blast-full" corks each
  // batch into a few large writes, so the server stays well ahead and every
  // client reads full chunks: each client's own cost per frame.
  const tcp = mode === 'blast-full' ? socket._socket : null;
  const pump = () => {
    const end = Math.min(next + 2000, frames.length);
    tcp?.cork();
    for (; next < end - 1; next += 1) socket.send(frames[next]);
    if (next < frames.length) {
      socket.send(frames[next], () => setImmediate(pump));
      next += 1;
    }
    tcp?.uncork();
  };
  socket.once('message', pump); // the client says "go" once it is listening
});

wss.on('listening', () => {
  process.stdout.write(`ws://127.0.0.1:${wss.address().port}/agent/text-stream\n`);
});
