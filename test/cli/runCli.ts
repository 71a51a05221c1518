import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CliOutput, type CliResult } from './CliOutput';

export { events } from './CliOutput';

/** The built bin; TEXT_STREAM_CLI_BIN points the suite at another build (an older one, say). */
export const BIN = process.env.TEXT_STREAM_CLI_BIN ?? join(__dirname, '../../dist/cjs/cli/bin.js');

/**
 * A running CLI process whose output can be awaited line by line. For what
 * only a process shows (the bin's exit codes, signals, a closed pipe, a
 * pseudo-terminal); test/cli/inProcess.ts runs the CLI's `main` in this
 * process for everything else.
 */
export class CliProcess extends CliOutput {
  readonly exited: Promise<CliResult>;

  constructor(readonly child: ChildProcess) {
    super();
    child.stdout?.on('data', (chunk: Buffer) => this.addStdout(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.addStderr(chunk.toString()));
    this.exited = new Promise((resolve) => {
      child.on('close', (code) => resolve(this.end(code)));
    });
  }

  write(text: string): void {
    this.child.stdin?.write(text);
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
