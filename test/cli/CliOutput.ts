/** How a CLI run ended: its exit code and everything it wrote. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Waiter {
  readonly stream: 'stdout' | 'stderr';
  readonly test: (stdout: string) => RegExpMatchArray | null;
  readonly resolve: (match: RegExpMatchArray) => void;
  readonly reject: (error: Error) => void;
  readonly what: string;
}

/**
 * The output of a CLI run, in a child process or in this one, whose stdout
 * can be awaited: a wait holds until stdout matches, and fails (showing the
 * output so far) when the run ends or the deadline passes first.
 */
export class CliOutput {
  stdout = '';
  stderr = '';
  protected ended = false;
  private readonly waiters: Waiter[] = [];

  addStdout(text: string): void {
    this.stdout += text;
    this.check('stdout');
  }

  addStderr(text: string): void {
    this.stderr += text;
    this.check('stderr');
  }

  private check(stream: 'stdout' | 'stderr'): void {
    for (const waiter of this.waiters.filter((waiter) => waiter.stream === stream)) {
      const match = waiter.test(this[stream]);
      if (match) this.settle(waiter, () => waiter.resolve(match));
    }
  }

  /** The run is over: what was still awaited will never come. */
  end(code: number | null): CliResult {
    this.ended = true;
    for (const waiter of [...this.waiters])
      this.settle(waiter, () =>
        waiter.reject(this.failure(`exited (${code}) with no ${waiter.what}`)),
      );
    return { code, stdout: this.stdout, stderr: this.stderr };
  }

  /** Resolves when stdout matches `pattern`; rejects if the run ends or `deadlineMs` passes first. */
  waitFor(pattern: RegExp, deadlineMs = 10_000): Promise<RegExpMatchArray> {
    return this.waitUntil((stdout) => stdout.match(pattern), String(pattern), deadlineMs);
  }

  /** As {@link waitFor}, for stderr. */
  waitForStderr(pattern: RegExp, deadlineMs = 10_000): Promise<RegExpMatchArray> {
    const what = `${String(pattern)} on stderr`;
    return this.waitUntil((stderr) => stderr.match(pattern), what, deadlineMs, 'stderr');
  }

  /** Resolves once `check(stdout)` holds; rejects, saying `what` it waited for, as `waitFor` does. */
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
    stream: 'stdout' | 'stderr' = 'stdout',
  ): Promise<RegExpMatchArray> {
    const match = test(this[stream]);
    if (match) return Promise.resolve(match);
    if (this.ended) return Promise.reject(this.failure(`exited with no ${what}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(waiter, () => reject(this.failure(`no ${what} within ${deadlineMs} ms`))),
        deadlineMs,
      );
      const waiter: Waiter = {
        stream,
        test,
        what,
        resolve: (found) => {
          clearTimeout(timer);
          resolve(found);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private settle(waiter: Waiter, action: () => void): void {
    const index = this.waiters.indexOf(waiter);
    if (index === -1) return;
    this.waiters.splice(index, 1);
    action();
  }

  private failure(why: string): Error {
    return new Error(
      `${why}; stdout: ${JSON.stringify(this.stdout)} stderr: ${JSON.stringify(this.stderr)}`,
    );
  }
}

/** The NDJSON objects on stdout. */
export function events(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
