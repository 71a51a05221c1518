import { PassThrough, Writable } from 'node:stream';
import type { CliIO } from '../../src/cli/CliIO';
import { main } from '../../src/cli/main';
import { CliOutput, type CliResult } from './CliOutput';
import { screen } from './screen';

export { events } from './CliOutput';

export interface InProcessOptions {
  /** The environment the command sees (not this process's): TEXT_STREAM_TOKEN, TERM. */
  readonly env?: NodeJS.ProcessEnv;
  /** stdin is a terminal: `chat` runs its prompt (readline in terminal mode). */
  readonly stdinTTY?: boolean;
  /** stdout is a terminal: with a TERM other than 'dumb', the prompt uses cursor control. */
  readonly stdoutTTY?: boolean;
  /** The terminal's width; 0 (unknown) by default, when lines never wrap. */
  readonly columns?: number;
}

/** A stdout that keeps what is written, and can fail as a pipe whose reader left does. */
class CapturedOutput extends Writable {
  isTTY?: boolean;
  columns = 0;

  constructor(private readonly onText: (text: string) => void) {
    super({ decodeStrings: false });
  }

  override _write(chunk: Buffer | string, _: BufferEncoding, done: () => void): void {
    this.onText(chunk.toString());
    done();
  }
}

/**
 * The `text-stream` command run in this process: `main` with its own
 * streams, so StrykerJS's mutants in src/cli run under these tests, and
 * coverage sees them. The exit code is what `main` resolves to; nothing
 * touches this process's stdout, exit code or signal handlers.
 */
export class InProcessCli extends CliOutput {
  readonly stdin = Object.assign(new PassThrough(), { isTTY: undefined as boolean | undefined });
  readonly exited: Promise<CliResult>;
  private readonly out = new CapturedOutput((text) => this.addStdout(text));
  private readonly interrupts = new Set<() => void>();

  constructor(args: readonly string[], options: InProcessOptions = {}) {
    super();
    this.stdin.isTTY = options.stdinTTY;
    this.out.isTTY = options.stdoutTTY;
    this.out.columns = options.columns ?? 0;
    const io: CliIO = {
      stdin: this.stdin,
      stdout: this.out,
      stderr: new CapturedOutput((text) => this.addStderr(text)),
      env: options.env ?? {},
      onInterrupt: (handler) => {
        this.interrupts.add(handler);
        return () => void this.interrupts.delete(handler);
      },
    };
    this.exited = main(args, io).then((code) => this.end(code));
  }

  /** Types (or pipes) `text` into stdin. */
  write(text: string): void {
    this.stdin.write(text);
  }

  /** Ends stdin (Ctrl-D on a pipe), after `text`. */
  endInput(text = ''): void {
    this.stdin.end(text);
  }

  /** What SIGINT or SIGTERM would do: runs the handlers the command registered. */
  interrupt(): void {
    for (const handler of [...this.interrupts]) handler();
  }

  /** The reader of stdout went away (`| head -1`): the next write fails, as with EPIPE. */
  closeOutput(): void {
    this.out.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
  }

  /** What a terminal shows: stdout through the VT100 model, with the terminal's `\n` -> `\r\n`. */
  rows(): string[] {
    return screen(this.stdout.replace(/\n/g, '\r\n'), this.out.columns || undefined);
  }
}

const running = new Set<InProcessCli>();
/** A command that outlived its test and its interrupt, if any: no later test can trust this process. */
let hung: string | undefined;

/** How long a command may take to end once its input has ended and it was interrupted. */
const END_AFTER_INTERRUPT_MS = 3000;

// A test that failed half way leaves its command running: end its input and
// interrupt it, so no socket, server or readline outlives the test. A command
// that ignores both fails here, and every later in-process test of the file
// fails at once (under StrykerJS, a mutant that keeps commands from ending
// then costs one test's time, not every test's timeout).
afterEach(async () => {
  const left = [...running];
  running.clear();
  for (const cli of left) {
    cli.endInput();
    cli.interrupt();
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), END_AFTER_INTERRUPT_MS);
  });
  const ended = await Promise.race([Promise.all(left.map((cli) => cli.exited)), deadline]);
  clearTimeout(timer);
  if (ended === 'hung') {
    hung = `a command did not end within ${END_AFTER_INTERRUPT_MS} ms of its input ending and an interrupt`;
    throw new Error(hung);
  }
});

/** Starts `text-stream ARGS` in this process; interrupted after the test if still running. */
export function startCli(args: readonly string[], options: InProcessOptions = {}): InProcessCli {
  if (hung !== undefined) throw new Error(`not started: earlier, ${hung}`);
  const cli = new InProcessCli(args, options);
  running.add(cli);
  void cli.exited.then(() => running.delete(cli));
  return cli;
}

/** Runs `text-stream ARGS` to completion with `input` on stdin. */
export function runCli(
  args: readonly string[],
  input = '',
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  const cli = startCli(args, { env });
  cli.endInput(input);
  return cli.exited;
}
