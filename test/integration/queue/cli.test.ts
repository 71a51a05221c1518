import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/runCli';
import { allJobs, QueueScope } from '../../support/queues';
import { describeWithRedis, startRedis, type TestRedis } from '../../support/redisServer';

describeWithRedis('text-stream enqueue and results, failing clearly', () => {
  let redis: TestRedis;
  let dir: string;
  const scope = new QueueScope(() => redis);

  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'text-stream-queue-'));
  });
  afterAll(async () => {
    await scope.close();
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enqueue stops at a bad line with exit 2, naming it; the scripts before it are queued', async () => {
    const file = join(dir, 'bad.ndjson');
    writeFileSync(
      file,
      '{"id":"a","turns":["Hi"]}\n\n{"id":"b","turns":"Hi"}\n{"id":"c","turns":["Hi"]}\n',
    );
    const { code, stderr } = await runCli([
      'enqueue',
      file,
      '--redis',
      redis.url,
      '--queue',
      'bad',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^text-stream: ${file}: line 3: turns`));
    expect((await allJobs(scope.queue('bad'))).map((job) => job.id)).toEqual(['a']);
  });

  it('says in one line when Redis cannot be reached', async () => {
    const { code, stdout, stderr } = await runCli([
      'results',
      '--redis',
      'redis://:hunter2@127.0.0.1:1',
      '--queue',
      'q',
    ]);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe(
      'text-stream: cannot reach Redis at 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1\n',
    );
  });

  it('results of a queue with no jobs (a misspelled name) prints the empty summary and exits 1', async () => {
    const { code, stdout, stderr } = await runCli([
      'results',
      '--redis',
      redis.url,
      '--queue',
      'nightyl',
      '--json',
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ type: 'summary', conversations: 0 });
    expect(stderr).toBe('text-stream: queue nightyl has no jobs\n');
  });
});
