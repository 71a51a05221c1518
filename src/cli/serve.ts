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
    ...(flags.token === undefined ? {} : { token: flags.token }),
  }).catch((error: unknown) => {
    throw new ListenError(flags.host, flags.port, error);
  });
  io.stdout.write(`text-stream: reference server listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const remove = io.onInterrupt(() => {
      remove();
      resolve();
    });
  });
  await server.close();
  return 0;
}
