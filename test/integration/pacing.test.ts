import { lastValueFrom, timeout, toArray } from 'rxjs';
import { textStream, type ServerFrame } from '../../src/index';
import { frames } from '../../src/testing/frames';
import { FRAMES_PER_TURN } from '../../src/transport/FramePacer';
import { rawServer } from '../support/rawServer';
import { session } from '../support/sessions';

// A burst of twenty turns' budget of frames is handed on over twenty turns
// of the loop or more; the close that follows it must still come after it.
const BURST = 20 * FRAMES_PER_TURN + 7;

const burstThenEnd = (socket: { send(data: string): void; close(code: number): void }) => {
  socket.send(JSON.stringify(frames.sessionStarted('conv_burst')));
  for (let i = 0; i < BURST; i += 1) socket.send(JSON.stringify(frames.typing()));
  socket.send(JSON.stringify(frames.sessionEnded('completed')));
  socket.close(1000);
};

describe('paced frames over a real socket', () => {
  it('reach textStream() in order, all of them before the close that follows', async () => {
    const server = await rawServer(({ socket }) => burstThenEnd(socket));
    const received: ServerFrame[] = await lastValueFrom(
      textStream({ url: server.url, reconnect: false }).pipe(toArray(), timeout({ first: 10_000 })),
    );
    expect({
      first: received[0]?.type,
      typing: received.filter((frame) => frame.type === 'typing').length,
      last: received.at(-1)?.type,
      connections: server.connections.length,
    }).toEqual({ first: 'session_started', typing: BURST, last: 'session_ended', connections: 1 });
  });

  it('reach a session before its close: it ends with session_ended, not a reconnect', async () => {
    const server = await rawServer(({ socket }) => burstThenEnd(socket));
    const chat = session({ url: server.url, greetingTimeoutMs: false });
    const ended = await lastValueFrom(chat.ended$.pipe(timeout({ first: 10_000 })));
    expect({ ended, connections: server.connections.length }).toEqual({
      ended: { type: 'session_ended', reason: 'completed' },
      connections: 1,
    });
  });
});
