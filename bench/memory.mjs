// Heap after 10k and after 1M frames of one long session (run with --expose-gc).
// The socket is a FakeWebSocket fed in-process, so only the library's own
// state is measured: pairing and turn state must be released at every turn end.
import { makeFrames } from './frames.mjs';
import { fakeSession } from './sessions.mjs';

const cycle = makeFrames(240).slice(1, -1); // whole turns, repeated; call ids recur across turns
const { session, socket, counts } = fakeSession({ pingTimeoutMs: false });

let fed = 0;
const feed = (until) => {
  while (fed < until) {
    socket.receive(cycle[fed % cycle.length]);
    fed += 1;
  }
};
const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

feed(10_000);
const after10k = heap();
feed(1_000_000);
const after1M = heap();
session.close();
process.stdout.write(
  `${JSON.stringify({ frames: fed, turns: counts.turns, after10k, after1M, growthBytes: after1M - after10k })}\n`,
);
