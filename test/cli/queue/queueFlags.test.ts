import { parseCommand } from '../../../src/cli/flags';
import { UsageError } from '../../../src/cli/usage';

const where = ['--redis', 'redis://127.0.0.1:6379', '--queue', 'runs'];
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCommand(argv, env);
const refusal = (argv: string[]) => {
  try {
    parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(argv)} was accepted`);
};

describe('the queue commands', () => {
  it('read enqueue FILE, with 3 runs and a 1 s backoff by default', () => {
    expect(parse(['enqueue', 'scripts.ndjson', ...where])).toEqual({
      name: 'enqueue',
      flags: {
        redis: 'redis://127.0.0.1:6379',
        queue: 'runs',
        file: 'scripts.ndjson',
        attempts: 3,
        backoffMs: 1000,
      },
    });
    expect(
      parse(['enqueue', 'x.ndjson', ...where, '--attempts', '1', '--backoff', '250']),
    ).toMatchObject({ flags: { attempts: 1, backoffMs: 250 } });
  });

  it('read worker flags, the token from TEXT_STREAM_TOKEN, 30 s locks by default', () => {
    expect(parse(['worker', ...where], { TEXT_STREAM_TOKEN: 'secret' })).toEqual({
      name: 'worker',
      flags: {
        redis: 'redis://127.0.0.1:6379',
        queue: 'runs',
        url: undefined,
        concurrency: 10,
        token: 'secret',
        auth: 'subprotocol',
        params: {},
        greetingTimeoutMs: undefined,
        turnTimeoutMs: undefined,
        lockDurationMs: 30_000,
        stalledIntervalMs: 30_000,
      },
    });
    expect(
      parse([
        'worker',
        ...where,
        '--url',
        'ws://agent.test/ws',
        '--concurrency',
        '50',
        '--param',
        'workspace_id=w1',
        '--auth',
        'query',
        '--turn-timeout',
        '9000',
        '--lock-duration',
        '2000',
        '--stalled-interval',
        '1000',
      ]),
    ).toMatchObject({
      flags: {
        url: 'ws://agent.test/ws',
        concurrency: 50,
        params: { workspace_id: 'w1' },
        auth: 'query',
        turnTimeoutMs: 9000,
        lockDurationMs: 2000,
        stalledIntervalMs: 1000,
      },
    });
  });

  it('read results, waiting by default', () => {
    expect(parse(['results', ...where])).toEqual({
      name: 'results',
      flags: { redis: 'redis://127.0.0.1:6379', queue: 'runs', json: false, wait: true },
    });
    expect(parse(['results', ...where, '--json', '--no-wait'])).toMatchObject({
      flags: { json: true, wait: false },
    });
  });

  it('refuse a missing or bad --redis or --queue, a FILE count other than one, and zero counts', () => {
    expect(refusal(['results', '--queue', 'runs'])).toBe(
      '--redis URL is required (redis://HOST:PORT)',
    );
    expect(refusal(['worker', '--redis', 'redis://h:1'])).toBe('--queue NAME is required');
    expect(refusal(['results', '--redis', 'http://h:1', '--queue', 'q'])).toBe(
      '--redis wants a redis:// or rediss:// URL',
    );
    expect(refusal(['results', '--redis', 'redis://h:1', '--queue', 'a:b'])).toBe(
      "--queue wants a name without ':', got a:b",
    );
    expect(refusal(['enqueue', ...where])).toBe('enqueue wants exactly one script FILE');
    expect(refusal(['enqueue', 'a', 'b', ...where])).toBe('enqueue wants exactly one script FILE');
    expect(refusal(['enqueue', 'a', ...where, '--attempts', '0'])).toBe(
      '--attempts wants 1 or more, got 0',
    );
    expect(refusal(['worker', ...where, '--concurrency', '0'])).toBe(
      '--concurrency wants 1 or more, got 0',
    );
    expect(refusal(['worker', ...where, '--lock-duration', 'soon'])).toBe(
      '--lock-duration wants a whole number, got soon',
    );
  });

  it('have help of their own', () => {
    for (const name of ['enqueue', 'worker', 'results'])
      expect(parse([name, '--help'])).toEqual({ name: 'help', topic: name });
  });
});
