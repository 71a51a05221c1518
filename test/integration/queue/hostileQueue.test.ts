import { lastValueFrom, toArray } from 'rxjs';
import {
  createConversationWorker,
  enqueueScripts,
  readResults,
  type ConversationQueue,
} from '../../../src/bullmq';
import type { ConversationEvent, RunEvent } from '../../../src/pipelines/RunEvent';
import { frames } from '../../../src/testing/frames';
import { events, startCli } from '../../cli/inProcess';
import { allJobs, QueueScope } from '../../support/queues';
import { rawServer } from '../../support/rawServer';
import { describeWithRedis, startRedis, type TestRedis } from '../../support/redisServer';

/**
 * An agent that starts each session and holds every answer until the test
 * calls `release()`; `heard(n)` resolves once n messages have arrived.
 */
async function heldAgent() {
  const held: (() => void)[] = [];
  let released = false;
  const waiters: { count: number; resolve: () => void }[] = [];
  let count = 0;
  const server = await rawServer(({ socket }) => {
    const send = (frame: object) => socket.send(JSON.stringify(frame));
    send(frames.sessionStarted());
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type?: string; text?: string };
      if (frame.type === 'stop') {
        send(frames.sessionEnded('stopped'));
        socket.close(1000);
        return;
      }
      const answer = () => {
        send(frames.message(`echo: ${frame.text ?? ''}`));
        send(frames.responseComplete());
      };
      if (released) answer();
      else held.push(answer);
      count += 1;
      for (const waiter of waiters.filter((w) => w.count <= count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  return {
    url: server.url,
    heard: (n: number) =>
      n <= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ count: n, resolve })),
    release: () => {
      released = true;
      for (const answer of held.splice(0)) answer();
    },
  };
}

describeWithRedis('the queue under an unusual user', () => {
  let redis: TestRedis;
  const scope = new QueueScope(() => redis);
  let queue: ConversationQueue;
  let queues = 0;

  beforeAll(async () => {
    redis = await startRedis();
  });
  beforeEach(() => {
    queues += 1;
    queue = scope.queue(`hostile-${queues}`);
  });
  afterEach(() => scope.close());
  afterAll(async () => {
    await redis?.dispose();
  });

  const scripts = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: `c${i}`, greets: false, turns: ['hello'] }));

  it('a worker told to stop mid-job finishes and stores the running conversations, and takes no new one', async () => {
    const agent = await heldAgent();
    await enqueueScripts(queue, scripts(5), { attempts: 1 });
    const worker = startCli([
      'worker',
      '--redis',
      redis.url,
      '--queue',
      queue.name,
      '--url',
      agent.url,
      '--concurrency',
      '3',
      '--greeting-timeout',
      '0',
    ]);
    await agent.heard(3);
    worker.interrupt();
    await worker.waitForStderr(/finishing the running conversations/);
    agent.release();
    const { code, stderr } = await worker.exited;
    expect(code).toBe(0);
    expect(stderr).toMatch(/worker stopped: 3 conversations run, 0 failed/);
    const jobs = await allJobs(queue);
    const states = await Promise.all(jobs.map((job) => job.getState()));
    expect([...states].sort()).toEqual([
      'completed',
      'completed',
      'completed',
      'waiting',
      'waiting',
    ]);
    for (const job of jobs.filter((_, i) => states[i] === 'completed'))
      expect(job.returnvalue).toMatchObject({ type: 'conversation', ok: true, turns: 1 });
  });

  it('results waits for jobs still waiting, then gives every one; --no-wait gives what is done', async () => {
    const agent = await heldAgent();
    agent.release();
    await enqueueScripts(queue, scripts(4), { attempts: 1 });
    // Nothing has run yet: --no-wait reads an empty queue of results.
    const early = startCli([
      'results',
      '--redis',
      redis.url,
      '--queue',
      queue.name,
      '--json',
      '--no-wait',
    ]);
    const { code: earlyCode, stdout: earlyOut, stderr: earlyErr } = await early.exited;
    expect(events(earlyOut)).toEqual([
      expect.objectContaining({ type: 'summary', conversations: 0 }),
    ]);
    // No result yet is no pass.
    expect(earlyCode).toBe(1);
    expect(earlyErr).toBe(
      `text-stream: no job of queue ${queue.name} has a result yet (4 not done)\n`,
    );
    // A waiting `results` ends only once a worker started later has run them all.
    const waiting = startCli(['results', '--redis', redis.url, '--queue', queue.name, '--json']);
    const worker = createConversationWorker(queue.name, {
      connection: scope.connection(),
      concurrency: 2,
      run: { url: agent.url, greetingTimeoutMs: false },
    });
    worker.on('error', () => undefined);
    scope.add(() => worker.close());
    const { code, stdout } = await waiting.exited;
    expect(code).toBe(0);
    const all = events(stdout) as unknown as RunEvent[];
    expect(
      all
        .filter((event): event is ConversationEvent => event.type === 'conversation')
        .map((event) => event.id)
        .sort(),
    ).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(all.at(-1)).toMatchObject({ type: 'summary', conversations: 4, ok: 4 });
    expect(await lastValueFrom(readResults(queue).pipe(toArray()))).toHaveLength(5);
  });
});
