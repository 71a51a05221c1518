import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The built bin; TEXT_STREAM_CLI_BIN points the suite at another build (an older one, say). */
export const BIN = process.env.TEXT_STREAM_CLI_BIN ?? join(__dirname, '../../dist/cjs/cli/bin.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running CLI process whose output can be awaited line by line. */
export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;
  private readonly waiters: {
    test: (stdout: string) => RegExpMatchArray | null;
    resolve: (match: RegExpMatchArray) => void;
  }[] = [];

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString();
      this.check();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => {
      child.on('close', (code) => {
        resolve({ code, stdout: this.stdout, stderr: this.stderr });
        for (const waiter of this.waiters.splice(0)) waiter.resolve(['<exited>']);
      });
    });
  }

  /**
   * Resolves when stdout matches `pattern` (or the process exits); rejects,
   * showing the output so far, if nothing matches within `deadlineMs`.
   */
  waitFor(pattern: RegExp, deadlineMs = 10_000): Promise<RegExpMatchArray> {
    return this.waitUntil((stdout) => stdout.match(pattern), String(pattern), deadlineMs);
  }

  /** Resolves once `check(stdout)` holds; rejects after `deadlineMs` with what it saw. */
  async until(
    check: (stdout: string) => boolean,
    what: string,
    deadlineMs = 10_000,
  ): Promise<void> {
    await this.waitUntil((stdout) => (check(stdout) ? [stdout] : null), what, deadlineMs);
  }

  private waitUntil(
    test: (stdout: string) => RegExpMatchArray | null,
    what: string,
    deadlineMs: number,
  ): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `no ${what} within ${deadlineMs} ms; stdout: ${JSON.stringify(this.stdout)} stderr: ${JSON.stringify(this.stderr)}`,
          ),
        );
      }, deadlineMs);
      const waiter = {
        test,
        resolve: (match: RegExpMatchArray) => {
          clearTimeout(timer);
          resolve(match);
        },
      };
      this.waiters.push(waiter);
      this.check();
    });
  }

  write(text: string): void {
    this.child.stdin?.write(text);
  }

  private check(): void {
    for (const waiter of [...this.waiters]) {
      const match = waiter.test(this.stdout);
      if (match) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  }
}

const running = new Set<CliProcess>();

afterEach(async () => {
  for (const cli of running) cli.child.kill('SIGKILL');
  await Promise.all([...running].map((cli) => cli.exited));
  running.clear();
});

/** Starts the built `text-stream` bin; killed after the test if still running. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const cli = new CliProcess(
    spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' }),
  );
  running.add(cli);
  return cli;
}

/** Starts `command` under a pseudo-terminal (util-linux `script`). */
export function startInTerminal(command: string, env: NodeJS.ProcessEnv = {}): CliProcess {
  const cli = new CliProcess(
    spawn('script', ['-qfec', command, '/dev/null'], {
      stdio: 'pipe',
      env: { ...process.env, TERM: 'dumb', ...env },
    }),
  );
  running.add(cli);
  return cli;
}

/** Runs the bin to completion with `input` on stdin. */
export async function runCli(
  args: readonly string[],
  input = '',
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  const cli = startCli(args, env);
  cli.child.stdin?.end(input);
  return cli.exited;
}

/** The NDJSON objects on stdout. */
export function events(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
