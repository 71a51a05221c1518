import type { WriteStream } from 'node:fs';
import { filter, Subscription } from 'rxjs';
import { recordLine } from '../recording/recording.js';
import { stringifyJson } from '../recording/stringifyJson.js';
import { startReferenceServer, type RunningReferenceServer } from '../server/ws.js';
import { connect } from '../session/connect.js';
import type { TextStreamSession } from '../session/TextStreamSession.js';
import { redactUrl } from '../transport/buildUrl.js';
import type { CliIO } from './CliIO.js';
import type { Ending, Finish } from './chat/Ending.js';
import { repl } from './chat/repl.js';
import { sendLines } from './chat/sendLines.js';
import { ConnectionWatch } from './connection/ConnectionWatch.js';
import { describeCause } from './connection/describeCause.js';
import { reconnectNotices } from './connection/reconnectNotices.js';
import type { ChatFlags } from './flags.js';
import { openRecording } from './output/openRecording.js';
import { whenOutputCloses } from './output/whenOutputCloses.js';
import type { ConversationStreams } from './present/ConversationStreams.js';
import { presentHuman } from './present/presentHuman.js';
import { presentJson } from './present/presentJson.js';
import { UsageError } from './usage.js';

/** The session's default inbound frame limit, kept by the CLI's own sockets. */
const MAX_FRAME_BYTES = 1024 * 1024;
/** How long a socket may take to open (the session's default, named so the watch agrees). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * `text-stream chat`: a conversation on a terminal (prompt, typing indicator),
 * or one message per input line when stdin is piped. Resolves to the exit code.
 */
export async function chat(flags: ChatFlags, io: CliIO): Promise<number> {
  const interactive = io.stdin.isTTY === true && !flags.json;
  let resolveEnding: Finish = () => undefined;
  const ending = new Promise<Ending>((resolve) => (resolveEnding = resolve));
  let over = false;
  const finish: Finish = (end) => {
    if (over) return;
    over = true;
    resolveEnding(end);
  };

  // Refused here, before any server starts or socket opens.
  const recording =
    flags.record === undefined
      ? undefined
      : openRecording(flags.record, (error) =>
          finish({ code: 1, reason: 'error', message: error.message }),
        );
  const embedded: RunningReferenceServer | undefined =
    flags.url === undefined
      ? await startReferenceServer({ frameDelayMs: interactive ? 400 : 0 })
      : undefined;
  const url = flags.url ?? (embedded as RunningReferenceServer).url;

  const watch = new ConnectionWatch(CONNECT_TIMEOUT_MS);
  let session: TextStreamSession;
  try {
    session = connect({
      url,
      toolEvents: flags.toolEvents ?? embedded !== undefined,
      params: flags.params,
      auth: flags.auth,
      // Piped input may be long; the CLI reads it all, so it queues it all.
      maxQueuedMessages: 1_000_000,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      WebSocketCtor: watch.webSocketCtor(MAX_FRAME_BYTES),
      ...(flags.conversationId === undefined ? {} : { conversationId: flags.conversationId }),
      ...(flags.token === undefined ? {} : { token: flags.token }),
      ...(flags.greetingTimeoutMs === undefined
        ? {}
        : { greetingTimeoutMs: flags.greetingTimeoutMs }),
    });
  } catch (error) {
    await Promise.all([recording && endStream(recording), embedded?.close()]);
    throw error instanceof TypeError ? new UsageError(error.message) : error;
  }

  const subscriptions = new Subscription();
  subscriptions.add(
    whenOutputCloses(io.stdout, () => finish({ code: 141, reason: 'output-closed' })),
  );
  subscriptions.add(io.onInterrupt(() => finish({ code: 130, reason: 'interrupted' })));
  subscriptions.add(
    session.ended$.subscribe({
      complete: () => finish({ code: 0, reason: 'session-ended' }),
      error: (error: unknown) =>
        finish({ code: 1, reason: 'error', message: (error as Error).message }),
    }),
  );
  // The library's reconnect policy applies once a socket has opened; a
  // server that cannot be reached at all is reported at once, with why.
  let opened = false;
  subscriptions.add(session.state$.subscribe((state) => (opened ||= state === 'open')));
  const reconnects$ = reconnectNotices(session, watch);
  subscriptions.add(
    reconnects$.subscribe((notice) => {
      if (!opened)
        finish({
          code: 1,
          reason: 'error',
          message: `cannot connect to ${redactUrl(url)}: ${describeCause(notice.cause)}`,
        });
    }),
  );
  if (recording) subscriptions.add(record(session, recording));

  const streams: ConversationStreams = {
    session$: session.session$,
    sent$: session.sent$,
    messages$: session.messages$,
    turns$: session.turns$,
    toolCalls$: session.toolCalls$,
    typing$: session.typing$,
    errors$: session.errors$,
    diagnostics$: session.diagnostics$,
    state$: session.state$,
    ended$: session.ended$,
    reconnects$: reconnects$.pipe(filter(() => opened)),
    notices$: session.notices$,
  };
  if (flags.json) {
    subscriptions.add(presentJson(streams, (line) => io.stdout.write(`${line}\n`)));
    sendLines(session, io.stdin, finish);
  } else if (interactive) {
    repl(session, streams, io, finish, subscriptions);
  } else {
    subscriptions.add(
      presentHuman(streams, {
        line: (text) => io.stdout.write(`${text}\n`),
        note: (text) => io.stderr.write(`(${text})\n`),
      }),
    );
    sendLines(session, io.stdin, finish);
  }

  const end = await ending;
  subscriptions.unsubscribe();
  session.close();
  if (end.message !== undefined) io.stderr.write(`text-stream: ${end.message}\n`);
  // In --json mode the last event always says how the run ended.
  if (flags.json && end.reason !== 'output-closed') {
    const { code, reason, message } = end;
    io.stdout.write(
      `${stringifyJson({ event: 'exit', code, reason, ...(message ? { message } : {}) })}\n`,
    );
  }
  await Promise.all([recording && endStream(recording), embedded?.close()]);
  return end.code;
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
  return new Promise((resolve) => {
    if (stream.destroyed) resolve();
    else stream.end(resolve);
  });
}
