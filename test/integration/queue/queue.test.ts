import { lastValueFrom, toArray } from 'rxjs';
import {
  createConversationWorker,
  enqueueScripts,
  jobIdFor,
  readResults,
  type ConversationQueue,
} from '../../../src/bullmq';
import type { ConversationScript } from '../../../src/pipelines/ConversationScript';
import type { ConversationEvent, RunEvent, SummaryEvent } from '../../../src/pipelines/RunEvent';
import { startReferenceServer, type RunningReferenceServer } from '../../../src/server/ws';
import { allJobs, QueueScope } from '../../support/queues';
import { describeWithRedis, startRedis, type TestRedis } from '../../support/redisServer';

const reschedule = (id: string): ConversationScript => ({
  id,
  turns: [
    'Hi, I need to reschedule my appointment',
    { text: 'Next Tuesday', expect: { toolCalls: ['check_availability'] } },
    { text: '9 AM please', expect: { toolCalls: ['book_appointment'], text: 'rescheduled' } },
  ],
});

const conversations = (events: RunEvent[]): ConversationEvent[] =>
  events.filter((event): event is ConversationEvent => event.type === 'conversation');

describeWithRedis('conversations on a BullMQ queue (one worker in this process)', () => {
  let redis: TestRedis;
  let agent: RunningReferenceServer;
  const scope = new QueueScope(() => redis);
  let queue: ConversationQueue;
  let queues = 0;

  beforeAll(async () => {
    redis = await startRedis();
    agent = await startReferenceServer({ pingIntervalMs: false });
  });
  beforeEach(() => {
    queues += 1;
    queue = scope.queue(`test-${queues}`);
  });
  afterEach(() => scope.close());
  afterAll(async () => {
    await agent?.close();
    await redis?.dispose();
  });

  const startWorker = (run = {}): void => {
    const worker = createConversationWorker(queue.name, {
      connection: scope.connection(),
      concurrency: 4,
      run: { url: agent.url, toolEvents: true, ...run },
    });
    worker.on('error', () => undefined);
    scope.add(() => worker.close());
  };

  it('adds one job per script id, nothing for a script enqueued again, ids BullMQ refuses included', async () => {
    const scripts = ['c1', 'c2', '12', '0', 'a:b', '50%'].map(reschedule);
    expect(await enqueueScripts(queue, scripts)).toBe(6);
    expect(await enqueueScripts(queue, scripts.slice(0, 3), { batchSize: 2 })).toBe(3);
    const jobs = await allJobs(queue);
    expect(jobs.map((job) => job.id).sort()).toEqual(scripts.map((s) => jobIdFor(s.id)).sort());
    expect(jobs.map((job) => job.data.script.id).sort()).toEqual([
      '0',
      '12',
      '50%',
      'a:b',
      'c1',
      'c2',
    ]);

    startWorker();
    const events = await lastValueFrom(readResults(queue, { pollMs: 50 }).pipe(toArray()));
    expect(
      conversations(events)
        .map((event) => [event.id, event.ok, event.turns])
        .sort(),
    ).toEqual(['0', '12', '50%', 'a:b', 'c1', 'c2'].map((id) => [id, true, 3]));
    expect(events.at(-1)).toMatchObject({ type: 'summary', conversations: 6, ok: 6, turns: 18 });
    // Each event is an NDJSON line as is.
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });

  it('does not retry a terminal failure: a 4403, an unmet expectation', async () => {
    agent.inject({ kind: 'reject', code: 4403 });
    await enqueueScripts(queue, [reschedule('forbidden')], { attempts: 3, backoffMs: 10 });
    startWorker({ reconnect: { maxAttempts: 1, initialDelayMs: 10 } });
    const [forbidden] = conversations(
      await lastValueFrom(readResults(queue, { pollMs: 50 }).pipe(toArray())),
    );
    expect(forbidden).toMatchObject({
      id: 'forbidden',
      ok: false,
      error: { reason: 'closed', code: 4403, retryable: false },
    });

    await enqueueScripts(
      queue,
      [{ id: 'unmet', turns: [{ text: 'Hi', expect: { toolCalls: ['launch_rocket'] } }] }],
      { attempts: 3, backoffMs: 10 },
    );
    const events = conversations(
      await lastValueFrom(readResults(queue, { pollMs: 50 }).pipe(toArray())),
    );
    expect(events.find((event) => event.id === 'unmet')).toMatchObject({
      ok: false,
      error: { reason: 'expectation', retryable: false },
    });
    const jobs = await allJobs(queue);
    expect(
      jobs.map((job) => [job.data.script.id, job.attemptsMade, job.attemptsStarted]).sort(),
    ).toEqual([
      ['forbidden', 1, 1],
      ['unmet', 1, 1],
    ]);
  });

  it('retries an unreachable agent with backoff, and keeps the last run as the result', async () => {
    // A port nothing listens on, until the agent starts there once 'never' has used up its runs.
    const late = await startReferenceServer({ pingIntervalMs: false });
    const port = late.port;
    await late.close();
    await enqueueScripts(queue, [reschedule('never')], { attempts: 2, backoffMs: 10 });
    await enqueueScripts(queue, [reschedule('late')], { attempts: 20, backoffMs: 100 });
    const worker = createConversationWorker(queue.name, {
      connection: scope.connection(),
      concurrency: 2,
      run: { url: `ws://127.0.0.1:${port}/agent/text-stream`, toolEvents: true, reconnect: false },
    });
    worker.on('error', () => undefined);
    scope.add(() => worker.close());
    await new Promise<void>((resolve) =>
      worker.on('completed', (job) => {
        if (job.data.script.id === 'never') resolve();
      }),
    );
    const started = await startReferenceServer({ pingIntervalMs: false, port });
    scope.add(() => started.close());

    const events = await lastValueFrom(readResults(queue, { pollMs: 50 }).pipe(toArray()));
    expect(
      conversations(events)
        .map((event) => event.id)
        .sort(),
    ).toEqual(['late', 'never']);
    const byId = new Map(conversations(events).map((event) => [event.id, event]));
    expect(byId.get('never')).toMatchObject({
      ok: false,
      error: { reason: 'connect', retryable: true },
    });
    expect(byId.get('late')).toMatchObject({ ok: true, turns: 3 });
    const jobs = new Map((await allJobs(queue)).map((job) => [job.data.script.id, job]));
    // 'never': its two runs, the last one's event its result. 'late': failed
    // runs until the agent came, then the passing one.
    expect(jobs.get('never')?.attemptsMade).toBe(2);
    expect(jobs.get('late')?.attemptsMade).toBeGreaterThanOrEqual(2);
    expect(jobs.get('late')?.opts.backoff).toEqual({ type: 'exponential', delay: 100 });
    expect(await queue.getJobCounts('completed', 'failed')).toEqual({ completed: 2, failed: 0 });
    const summary = events.at(-1) as SummaryEvent;
    expect(summary).toMatchObject({ conversations: 2, ok: 1, failed: 1 });
    expect(summary.failures.connect).toBe(1);
  });

  it('reports a job that failed without a result as a failed conversation, so none is missing', async () => {
    // Not a script (no turns): the worker fails it at once, with no retry.
    await queue.add(
      'conversation',
      { script: { id: 'broken' } as never },
      { jobId: 'broken', attempts: 3 },
    );
    await enqueueScripts(queue, [reschedule('fine')]);
    startWorker();
    const events = await lastValueFrom(readResults(queue, { pollMs: 50 }).pipe(toArray()));
    expect(conversations(events)).toEqual([
      expect.objectContaining({ id: 'fine', ok: true }),
      expect.objectContaining({
        id: 'broken',
        ok: false,
        turns: 0,
        error: {
          reason: 'error',
          retryable: false,
          message: expect.stringMatching(/^job failed: job broken: turns/),
        },
      }),
    ]);
    expect(events.at(-1)).toMatchObject({ conversations: 2, ok: 1, failed: 1 });
    expect((await queue.getJob('broken'))?.attemptsMade).toBe(1);
  });
});
