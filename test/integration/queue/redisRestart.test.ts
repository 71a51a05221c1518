import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversationEvent, RunEvent, SummaryEvent } from '../../../src/pipelines/RunEvent';
import { startReferenceServer, type RunningReferenceServer } from '../../../src/server/ws';
import { runCli, startCli, type CliProcess } from '../../cli/runCli';
import { QueueScope } from '../../support/queues';
import { describeWithRedis, startRedis, type TestRedis } from '../../support/redisServer';

const CONVERSATIONS = 60;

describeWithRedis('Redis restarting mid-run', () => {
  let redis: TestRedis;
  let agent: RunningReferenceServer;
  let dir: string;
  const scope = new QueueScope(() => redis);

  beforeAll(async () => {
    // On disk (appendonly, fsync always), as a production Redis is: the queue survives the restart.
    redis = await startRedis({ persistent: true });
    agent = await startReferenceServer({ pingIntervalMs: false, frameDelayMs: 15 });
    dir = mkdtempSync(join(tmpdir(), 'text-stream-queue-'));
  });
  afterAll(async () => {
    await scope.close();
    await agent?.close();
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the workers reconnect and the run completes, one result per conversation', async () => {
    const file = join(dir, 'scripts.ndjson');
    const ids = Array.from({ length: CONVERSATIONS }, (_, i) => `restart-${i}`);
    writeFileSync(
      file,
      ids
        .map((id) =>
          JSON.stringify({
            id,
            turns: ['Hi, I need to reschedule my appointment', 'Next Tuesday'],
          }),
        )
        .join('\n') + '\n',
    );
    const where = ['--redis', redis.url, '--queue', 'restart'];
    expect((await runCli(['enqueue', file, ...where])).code).toBe(0);
    const workers: CliProcess[] = [0, 1].map(() =>
      startCli([
        'worker',
        ...where,
        '--url',
        agent.url,
        '--concurrency',
        '4',
        // A job Redis handed out just as it went down (the reply lost with
        // the connection) stays active until its lock expires: make that soon.
        '--lock-duration',
        '2000',
        '--stalled-interval',
        '1000',
      ]),
    );
    await Promise.all(workers.map((worker) => worker.waitFor(/^text-stream: worker on queue/m)));

    const queue = scope.queue('restart');
    for (
      let polls = 0;
      (await queue.getJobCountByTypes('completed')) < CONVERSATIONS / 4;
      polls++
    ) {
      if (polls > 600) throw new Error('the workers made no progress');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await redis.stop();
    // Each worker notices the outage and says so, once, before Redis is back.
    await Promise.all(
      workers.map((worker) => worker.waitForStderr(/^text-stream: worker: .*ECONNREFUSED/m)),
    );
    await redis.start();
    await Promise.all(
      workers.map((worker) =>
        worker.waitForStderr(/^text-stream: worker: connected to Redis again/m),
      ),
    );

    const results = await runCli(['results', ...where, '--json']);
    expect(results.stderr).toBe('');
    expect(results.code).toBe(0);
    const events = results.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RunEvent);
    const conversations = events.filter(
      (event): event is ConversationEvent => event.type === 'conversation',
    );
    expect(conversations.map((event) => event.id).sort()).toEqual([...ids].sort());
    expect(events.at(-1)).toMatchObject({
      type: 'summary',
      conversations: CONVERSATIONS,
      ok: CONVERSATIONS,
      turns: 2 * CONVERSATIONS,
    } satisfies Partial<SummaryEvent>);

    for (const worker of workers) worker.child.kill('SIGTERM');
    for (const worker of workers) expect((await worker.exited).code).toBe(0);
  }, 60_000);
});
