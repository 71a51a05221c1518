import { hostname } from 'node:os';
import { startReferenceServer, type RunningReferenceServer } from '../../server/ws.js';
import type { CliIO } from '../CliIO.js';
import { loadQueue, redisAddress } from './loadQueue.js';
import type { WorkerFlags } from './queueFlags.js';

/**
 * `text-stream worker`: runs the queue's conversations until interrupted.
 * The first SIGTERM or Ctrl-C stops taking jobs and finishes the running
 * ones; a second one exits at once, leaving them to BullMQ's stalled check,
 * which hands them to another worker once their lock expires.
 */
export async function worker(flags: WorkerFlags, io: CliIO): Promise<number> {
  const { entry, connect } = await loadQueue();
  const connection = await connect(flags.redis);
  // Without --url, each worker talks to its own embedded reference server.
  const embedded: RunningReferenceServer | undefined =
    flags.url === undefined
      ? await startReferenceServer({ pingIntervalMs: false, history: false })
      : undefined;
  const url = flags.url ?? (embedded as RunningReferenceServer).url;
  const worker = entry.createConversationWorker(flags.queue, {
    // Stored on each job it takes (`processedBy`): which process ran what.
    name: `${hostname()}/${process.pid}`,
    connection,
    concurrency: flags.concurrency,
    lockDuration: flags.lockDurationMs,
    stalledInterval: flags.stalledIntervalMs,
    run: {
      url,
      params: flags.params,
      auth: flags.auth,
      ...(flags.token === undefined ? {} : { token: flags.token }),
      ...(flags.greetingTimeoutMs === undefined
        ? {}
        : { greetingTimeoutMs: flags.greetingTimeoutMs }),
      ...(flags.turnTimeoutMs === undefined ? {} : { turnTimeoutMs: flags.turnTimeoutMs }),
    },
  });
  let ran = 0;
  let failed = 0;
  worker.on('completed', (_job, event) => {
    ran += 1;
    if (!event.ok) failed += 1;
  });
  // An outage repeats its error on every reconnect attempt: say it once,
  // and say when it is over.
  let trouble: string | undefined;
  worker.on('error', (error) => {
    if (error.message === trouble) return;
    trouble = error.message;
    io.stderr.write(`text-stream: worker: ${error.message}\n`);
  });
  connection.on('ready', () => {
    if (trouble === undefined) return;
    trouble = undefined;
    io.stderr.write(`text-stream: worker: connected to Redis again\n`);
  });
  const stopped = new Promise<number>((resolve) => {
    let signals = 0;
    const remove = io.onInterrupt(() => {
      signals += 1;
      if (signals === 1) {
        io.stderr.write(
          'text-stream: worker: finishing the running conversations (interrupt again to hand them back)\n',
        );
        void worker.close().then(() => resolve(0));
      } else {
        remove();
        resolve(130);
      }
    });
  });
  await worker.waitUntilReady();
  io.stdout.write(
    `text-stream: worker on queue ${flags.queue} at ${redisAddress(flags.redis)}, ${flags.concurrency} at once, agent ${url}\n`,
  );
  const code = await stopped;
  io.stderr.write(`text-stream: worker stopped: ${ran} conversations run, ${failed} failed\n`);
  // Handing back: exit with the jobs still active, as a crash would.
  if (code !== 0) return code;
  connection.disconnect();
  await embedded?.close();
  return code;
}
