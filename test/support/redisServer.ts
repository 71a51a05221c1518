import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Whether the queue tests can run here: `redis-server` on PATH. On CI (`CI`
 * set) they must: {@link redisOrSkip} then fails instead of skipping.
 */
export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * `describe` when redis-server is here; otherwise, off CI, `describe.skip`
 * with a line saying why, and on CI a suite that fails saying what is missing.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisServerAvailable()) return describe(name, body);
  if (process.env.CI) {
    return describe(name, () => {
      it('needs redis-server', () => {
        throw new Error(
          'redis-server is not on PATH: CI must run the queue tests (.ci/run installs it)',
        );
      });
    });
  }
  console.warn(
    `${name}: SKIPPED, redis-server is not on PATH (apt-get install redis-server to run the queue tests; CI never skips them)`,
  );
  describe.skip(name, body);
}

/** A redis-server of the test's own: loopback, a free port, its own directory. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM: with `appendonly`, the queue is on disk) and waits for its exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory (after {@link stop}). */
  start(): Promise<void>;
  /** Stops it if running and removes its directory. */
  dispose(): Promise<void>;
}

export interface TestRedisOptions {
  /** Keep the data across {@link TestRedis.stop} / {@link TestRedis.start} (appendonly, fsync always). */
  readonly persistent?: boolean;
}

/** Starts a redis-server on 127.0.0.1, retrying on a port taken between probe and bind. */
export async function startRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'text-stream-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const args = [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      ...(options.persistent
        ? ['--appendonly', 'yes', '--appendfsync', 'always']
        : ['--appendonly', 'no']),
    ];
    child = await spawnReady(args);
  };
  let lastError: unknown;
  for (let attempt = 0; attempt < 5 && child === undefined; attempt += 1) {
    port = await freePort();
    try {
      await launch();
    } catch (error) {
      lastError = error;
    }
  }
  if (child === undefined) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start: launch,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port free a moment ago: redis-server has no `--port 0`. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns redis-server and resolves once it accepts connections (it says so on stdout). */
function spawnReady(args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        // Keep draining, so a chatty server never blocks on a full pipe.
        child.stdout?.resume();
        child.off('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null): void =>
      reject(
        new Error(`redis-server exited with ${code} before it was ready:\n${output.slice(-500)}`),
      );
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', onExit);
    child.once('error', reject);
  });
}
