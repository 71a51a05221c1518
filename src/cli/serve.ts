import { startReferenceServer } from '../server/ws.js';
import type { CliIO } from './CliIO.js';
import type { ServeFlags } from './flags.js';
import { ListenError } from './ListenError.js';

/** `text-stream serve`: the reference server until interrupted. */
export async function serve(flags: ServeFlags, io: CliIO): Promise<number> {
  const server = await startReferenceServer({
    host: flags.host,
    port: flags.port,
    pingIntervalMs: flags.pingIntervalMs,
    frameDelayMs: flags.frameDelayMs,
    faults: flags.faults,
    noise: flags.noise,
    // It runs until stopped, for any number of conversations: nothing is kept of one that ended.
    history: false,
    ...(flags.token === undefined ? {} : { token: flags.token }),
  }).catch((error: unknown) => {
    throw new ListenError(flags.host, flags.port, error);
  });
  // Listening for the interrupt before saying so: whoever reads the line may
  // send SIGTERM at once (a test, a supervisor), and must not meet the default
  // handler (exit 143).
  const interrupted = new Promise<void>((resolve) => {
    const remove = io.onInterrupt(() => {
      remove();
      resolve();
    });
  });
  io.stdout.write(`text-stream: reference server listening on ${server.url}\n`);
  await interrupted;
  await server.close();
  return 0;
}
