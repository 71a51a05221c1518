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

  it('enqueue says how many scripts were not added: ids repeated in the file or already queued', async () => {
    const file = join(dir, 'dups.ndjson');
    writeFileSync(
      file,
      ['a', 'b', 'a', 'c', 'b'].map((id, i) => `{"id":"${id}","turns":["line ${i}"]}`).join('\n'),
    );
    const args = ['enqueue', file, '--redis', redis.url, '--queue', 'dups'];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `text-stream: 5 scripts read from ${file}, 2 not added (an id already queued or earlier in the file: the first is kept); queue dups holds 3 conversations\n`,
    );
    // The first line of each id is the one kept.
    const jobs = await allJobs(scope.queue('dups'));
    expect(jobs.find((job) => job.id === 'a')?.data.script.turns).toEqual(['line 0']);
    const again = await runCli(args);
    expect(again.stdout).toMatch(/, 5 not added .*; queue dups holds 3 conversations\n$/);
  });
});
