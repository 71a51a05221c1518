import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { firstValueFrom, lastValueFrom, Subscription } from 'rxjs';
import { recordLine } from '../recording/recording.js';
import { startReferenceServer, type RunningReferenceServer } from '../server/ws.js';
import { connect } from '../session/connect.js';
import { SessionClosedError } from '../session/errors.js';
import type { TextStreamSession } from '../session/TextStreamSession.js';
import { redactUrl } from '../transport/buildUrl.js';
import type { CliIO } from './CliIO.js';
import type { ChatFlags } from './flags.js';
import { presentHuman, type HumanOutput } from './present/presentHuman.js';
import { presentJson } from './present/presentJson.js';
import { UsageError } from './usage.js';

const CLEAR_LINE = '\r\x1b[K';

/**
 * `text-stream chat`: a conversation on a terminal (prompt, typing indicator),
 * or one message per input line when stdin is piped. Resolves to the exit code.
 */
export async function chat(flags: ChatFlags, io: CliIO): Promise<number> {
  const interactive = io.stdin.isTTY === true && !flags.json;
  const embedded: RunningReferenceServer | undefined =
    flags.url === undefined
      ? await startReferenceServer({ frameDelayMs: interactive ? 400 : 0 })
      : undefined;
  const url = flags.url ?? (embedded as RunningReferenceServer).url;

  let session: TextStreamSession;
  try {
    session = connect({
      url,
      toolEvents: flags.toolEvents ?? embedded !== undefined,
      params: flags.params,
      auth: flags.auth,
      // Piped input may be long; the CLI reads it all, so it queues it all.
      maxQueuedMessages: 1_000_000,
      ...(flags.conversationId === undefined ? {} : { conversationId: flags.conversationId }),
      ...(flags.token === undefined ? {} : { token: flags.token }),
    });
  } catch (error) {
    await embedded?.close();
    throw error instanceof TypeError ? new UsageError(error.message) : error;
  }

  const subscriptions = new Subscription();
  const recording =
    flags.record === undefined ? undefined : createWriteStream(flags.record, { flags: 'w' });
  if (recording) subscriptions.add(record(session, recording));

  const code = await new Promise<number>((resolve) => {
    let done = false;
    const finish = (exitCode: number, message?: string) => {
      if (done) return;
      done = true;
      if (message) io.stderr.write(`text-stream: ${message}\n`);
      resolve(exitCode);
    };
    subscriptions.add(
      session.ended$.subscribe({
        complete: () => finish(0),
        error: (error: unknown) => finish(1, (error as Error).message),
      }),
    );
    // A CLI fails fast when the server cannot be reached at all.
    let started = false;
    subscriptions.add(session.session$.subscribe(() => (started = true)));
    subscriptions.add(
      session.state$.subscribe((state) => {
        if (state === 'reconnecting' && !started)
          finish(1, `could not connect to ${redactUrl(url)}`);
      }),
    );
    subscriptions.add(io.onInterrupt(() => finish(130)));

    if (flags.json) {
      subscriptions.add(presentJson(session, (line) => io.stdout.write(`${line}\n`)));
      readLines(session, io, finish);
    } else if (interactive) {
      converse(session, io, finish, subscriptions);
    } else {
      subscriptions.add(presentHuman(session, plainOutput(io)));
      readLines(session, io, finish);
    }
  });

  subscriptions.unsubscribe();
  session.close();
  await Promise.all([recording && endStream(recording), embedded?.close()]);
  return code;
}

/** Piped input: each line is one message, sent turn by turn; done when all are answered. */
function readLines(session: TextStreamSession, io: CliIO, finish: (code: number) => void): void {
  const answers: Promise<unknown>[] = [];
  const lines = createInterface({ input: io.stdin, terminal: false });
  lines.on('line', (line) => {
    const text = line.trim();
    if (text === '') return;
    answers.push(lastValueFrom(session.send(text)).catch(ignoreClosed));
  });
  // Done when input has ended, a session has started and every line is answered;
  // a server that cannot be reached is reported elsewhere before this resolves.
  const started = firstValueFrom(session.session$).catch(() => undefined);
  lines.on('close', () => {
    void Promise.all([started, ...answers]).then(() => finish(0));
  });
}

/** A terminal: a prompt, a typing indicator, and /stop or /quit. */
function converse(
  session: TextStreamSession,
  io: CliIO,
  finish: (code: number) => void,
  subscriptions: Subscription,
): void {
  const prompt = createInterface({ input: io.stdin, output: io.stdout, prompt: 'you> ' });
  const out: HumanOutput = {
    line: (text) => io.stdout.write(`${CLEAR_LINE}${text}\n`),
    note: (text) => io.stdout.write(`${CLEAR_LINE}(${text})\n`),
    terminal: {
      typing: (on) => io.stdout.write(on ? `${CLEAR_LINE}agent is typing...` : CLEAR_LINE),
      prompt: () => prompt.prompt(),
    },
  };
  subscriptions.add(presentHuman(session, out));
  subscriptions.add(session.session$.subscribe(() => prompt.prompt()));
  subscriptions.add(() => prompt.close());
  prompt.on('SIGINT', () => finish(130));
  prompt.on('close', () => finish(0));
  prompt.on('line', (line) => {
    const text = line.trim();
    if (text === '/quit') return finish(0);
    if (text === '/stop') return void session.stop();
    if (text === '') return prompt.prompt();
    session.send(text).subscribe({ error: (error: unknown) => out.note((error as Error).message) });
  });
}

function plainOutput(io: CliIO): HumanOutput {
  return {
    line: (text) => io.stdout.write(`${text}\n`),
    note: (text) => io.stderr.write(`(${text})\n`),
  };
}

/** Writes each received frame with its arrival offset; never the token, which no frame carries. */
function record(session: TextStreamSession, file: WriteStream): Subscription {
  const started = performance.now();
  return session.frames$.subscribe({
    next: (frame) => file.write(`${recordLine(performance.now() - started, frame)}\n`),
    error: () => undefined,
  });
}

function endStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => stream.end(resolve));
}

function ignoreClosed(error: unknown): void {
  if (!(error instanceof SessionClosedError)) throw error;
}
