import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversationScript } from '../../../src/pipelines/ConversationScript';
import type { ConversationEvent, RunEvent, SummaryEvent } from '../../../src/pipelines/RunEvent';
import { startReferenceServer, type RunningReferenceServer } from '../../../src/server/ws';
import { runCli, startCli, type CliProcess } from '../../cli/runCli';
import { allJobs, QueueScope } from '../../support/queues';
import { describeWithRedis, startRedis, type TestRedis } from '../../support/redisServer';

const CONVERSATIONS = 300;

// Every tenth conversation expects a tool the agent never calls: the
// summaries then have failures by reason to agree on, not only passes.
const scripts: ConversationScript[] = Array.from({ length: CONVERSATIONS }, (_, i) => ({
  id: `conversation-${i}`,
  turns: [
    'Hi, I need to reschedule my appointment',
    {
      text: 'Next Tuesday',
      expect: { toolCalls: [i % 10 === 0 ? 'launch_rocket' : 'check_availability'] },
    },
    { text: '9 AM please', expect: { toolCalls: ['book_appointment'] } },
  ],
}));

/** The figures two runs of the same scripts must agree on (not their timing). */
const outcome = (summary: SummaryEvent) => ({
  conversations: summary.conversations,
  ok: summary.ok,
  failed: summary.failed,
  failures: summary.failures,
  turns: summary.turns,
});

describeWithRedis('300 conversations over 3 worker processes, one killed mid-run', () => {
  let redis: TestRedis;
  let agent: RunningReferenceServer;
  let dir: string;
  const scope = new QueueScope(() => redis);

  beforeAll(async () => {
    redis = await startRedis();
    // Frames spaced out, so the run lasts long enough to kill a worker in it.
    agent = await startReferenceServer({ pingIntervalMs: false, frameDelayMs: 15 });
    dir = mkdtempSync(join(tmpdir(), 'text-stream-queue-'));
  });
  afterAll(async () => {
    await scope.close();
    await agent?.close();
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every conversation exactly one result, and the summary a single-process run gives', async () => {
    const file = join(dir, 'scripts.ndjson');
    writeFileSync(file, scripts.map((script) => JSON.stringify(script)).join('\n') + '\n');
    const where = ['--redis', redis.url, '--queue', 'load'];

    const enqueued = await runCli(['enqueue', file, ...where]);
    expect(enqueued.stderr).toBe('');
    expect(enqueued.code).toBe(0);
    // The same file again adds nothing.
    expect((await runCli(['enqueue', file, ...where])).code).toBe(0);

    const workers: CliProcess[] = [0, 1, 2].map(() =>
      startCli([
        'worker',
        ...where,
        '--url',
        agent.url,
        '--concurrency',
        '8',
        // A dead worker's conversations go back to the queue within seconds.
        '--lock-duration',
        '2000',
        '--stalled-interval',
        '1000',
      ]),
    );
    await Promise.all(
      workers.map((worker) => worker.waitFor(/^text-stream: worker on queue load/m)),
    );

    const queue = scope.queue('load');
    // Mid-run: a fifth done, so the victim is holding conversations it started.
    for (
      let polls = 0;
      (await queue.getJobCountByTypes('completed')) < CONVERSATIONS / 5;
      polls++
    ) {
      if (polls > 600) throw new Error('the workers made no progress');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // The victim: a worker holding conversations right now (BullMQ stores
    // the worker's name, host/pid, on each job it takes).
    const holding = new Map<string, number>();
    for (const job of await queue.getJobs('active'))
      holding.set(job.processedBy ?? '', (holding.get(job.processedBy ?? '') ?? 0) + 1);
    const busiest = [...holding].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    const victim = workers.find((worker) => busiest.endsWith(`/${worker.child.pid}`));
    if (victim === undefined)
      throw new Error(`no worker holds a job: ${JSON.stringify([...holding])}`);
    const survivors = workers.filter((worker) => worker !== victim);
    victim.child.kill('SIGKILL');
    expect((await victim.exited).code).toBe(null);

    const results = await runCli(['results', ...where, '--json']);
    expect(results.stderr).toBe('');
    // Some conversation failed its expectation: exit 1, as `text-stream run` gives.
    expect(results.code).toBe(1);
    const events = results.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RunEvent);
    const conversations = events.filter(
      (event): event is ConversationEvent => event.type === 'conversation',
    );
    expect(conversations).toHaveLength(CONVERSATIONS);
    expect(new Set(conversations.map((event) => event.id))).toEqual(
      new Set(scripts.map((script) => script.id)),
    );

    const jobs = await allJobs(queue);
    expect(jobs.filter((job) => job.finishedOn !== undefined)).toHaveLength(CONVERSATIONS);
    expect(await queue.getJobCounts('completed', 'failed')).toEqual({
      completed: CONVERSATIONS,
      failed: 0,
    });
    // The killed worker's conversations were started again by another one.
    expect(jobs.filter((job) => job.attemptsStarted > 1).length).toBeGreaterThan(0);

    // The same file in one process, as `text-stream run` runs it.
    const single = await runCli(['run', file, '--url', agent.url, '--concurrency', '24', '--json']);
    expect(single.code).toBe(1);
    const singleSummary = JSON.parse(single.stdout.trim().split('\n').at(-1) ?? '') as SummaryEvent;
    const summary = events.at(-1) as SummaryEvent;
    expect(summary.type).toBe('summary');
    expect(outcome(summary)).toEqual(outcome(singleSummary));
    expect(outcome(summary)).toMatchObject({ ok: 270, failed: 30, turns: 870 });

    // SIGTERM: the survivors finish (nothing is left to run) and exit 0.
    for (const worker of survivors) worker.child.kill('SIGTERM');
    for (const worker of survivors) {
      const exit = await worker.exited;
      expect(exit.code).toBe(0);
      expect(exit.stderr).toMatch(/worker stopped: \d+ conversations run/);
    }
  }, 90_000);
});
