import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { ConversationJobData, ConversationQueue } from '../../src/bullmq';
import type { ConversationEvent } from '../../src/pipelines/RunEvent';
import type { TestRedis } from './redisServer';

/** Queues and Redis clients a test opened, closed after it. */
export class QueueScope {
  private readonly closers: (() => Promise<unknown>)[] = [];

  constructor(private readonly redis: () => TestRedis) {}

  /** A client as the CLI opens one: commands wait through an outage. */
  connection(): Redis {
    const client = new Redis(this.redis().url, { maxRetriesPerRequest: null });
    // Expected while a test restarts Redis; failures show up in the results.
    client.on('error', () => undefined);
    this.closers.push(async () => client.disconnect());
    return client;
  }

  queue(name: string): ConversationQueue {
    const queue: ConversationQueue = new Queue(name, { connection: this.connection() });
    queue.on('error', () => undefined);
    this.closers.unshift(() => queue.close());
    return queue;
  }

  /** Adds a teardown step (a worker's close), run before the connections close. */
  add(close: () => Promise<unknown>): void {
    this.closers.unshift(close);
  }

  async close(): Promise<void> {
    const closers = this.closers.splice(0);
    for (const close of closers) await close();
  }
}

/** Every job of the queue, whatever its state. */
export async function allJobs(
  queue: ConversationQueue,
): Promise<Job<ConversationJobData, ConversationEvent>[]> {
  return queue.getJobs(['wait', 'active', 'delayed', 'prioritized', 'completed', 'failed']);
}
