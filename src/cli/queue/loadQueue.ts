import type { Redis } from 'ioredis';

/** What the queue commands load on demand: bullmq, ioredis and the library's queue entry. */
export interface QueueModules {
  readonly bullmq: typeof import('bullmq');
  readonly entry: typeof import('../../bullmq/index.js');
  /** A connected Redis client (commands wait through an outage, reconnecting). */
  connect(url: string): Promise<Redis>;
}

/**
 * Loads bullmq and ioredis only when a queue command runs: they are optional
 * peers, and `chat`, `serve` and `run` work without them.
 */
export async function loadQueue(): Promise<QueueModules> {
  let bullmq: typeof import('bullmq');
  let ioredis: typeof import('ioredis');
  try {
    [bullmq, ioredis] = await Promise.all([import('bullmq'), import('ioredis')]);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND')
      throw new Error(
        'the queue commands need bullmq and ioredis beside rxjs-text-stream: npm install bullmq ioredis',
      );
    throw error;
  }
  const entry = await import('../../bullmq/index.js');
  const IORedis = ioredis.Redis;
  return {
    bullmq,
    entry,
    connect: async (url) => {
      // A worker outlives a Redis restart: commands wait for the reconnect
      // (BullMQ requires this of a worker's connection). Only the first
      // connection must succeed, so a wrong URL fails at once.
      const client = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: null });
      let failure: Error | undefined;
      // Errors while reconnecting later are the command's to report (a
      // worker says so once); without a listener they would be thrown.
      client.on('error', (error: Error) => (failure ??= error));
      try {
        await client.connect();
      } catch (error) {
        client.disconnect();
        const reason = (failure ?? (error as Error)).message;
        throw new Error(`cannot reach Redis at ${redisAddress(url)}: ${reason}`);
      }
      return client;
    },
  };
}

/** Host and port of a Redis URL, never its password. */
export function redisAddress(url: string): string {
  try {
    const { hostname, port } = new URL(url);
    return `${hostname}:${port || '6379'}`;
  } catch {
    return 'the given --redis URL';
  }
}
