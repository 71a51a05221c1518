// The benchmark server, in its own process: on each connection it blasts the
// frame mix (mode "blast") or only starts a session and stays quiet ("idle").
// Prints its URL on stdout; runs until killed.
import { WebSocketServer } from 'ws';
import { makeFrames } from './frames.mjs';

const [mode = 'blast', countArg = '500000'] = process.argv.slice(2);
const frames = mode === 'blast' ? makeFrames(Number(countArg)) : [];
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });

wss.on('connection', (socket) => {
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
  const pump = () => {
    const end = Math.min(next + 2000, frames.length);
    for (; next < end - 1; next += 1) socket.send(frames[next]);
    if (next < frames.length) {
      socket.send(frames[next], () => setImmediate(pump));
      next += 1;
    }
  };
  socket.once('message', pump); // the client says "go" once it is listening
});

wss.on('listening', () => {
  process.stdout.write(`ws://127.0.0.1:${wss.address().port}/agent/text-stream\n`);
});
