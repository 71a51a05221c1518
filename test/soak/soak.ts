import { lastValueFrom, timeout } from 'rxjs';
import { connect, type TextStreamSession } from '../../src/index';
import { startReferenceServer, type ConnectionRecord, type Fault } from '../../src/server/index';
import { seededRandom } from './random';

export interface SoakOptions {
  readonly seed: number;
  readonly sessions: number;
  readonly turns: number;
  /** The whole run stops by itself after this long; what is unanswered counts as lost. */
  readonly timeLimitMs: number;
}

export interface SoakReport {
  readonly seed: number;
  readonly sessions: number;
  readonly turnsPlanned: number;
  readonly turnsAnswered: number;
  readonly faults: {
    readonly total: number;
    readonly drop: number;
    readonly close: number;
    readonly silence: number;
    readonly rateLimited: number;
  };
  readonly reconnects: number;
  readonly lost: number;
  readonly doubled: number;
  readonly outOfOrder: number;
  readonly maxResumeMs: number;
  readonly durationMs: number;
  readonly timedOut: boolean;
  /** For each session that went wrong, what went wrong and its last events. */
  readonly failures: readonly string[];
}

/** `answer`, or a rejection once `ms` pass first. */
async function within<T>(answer: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * N sessions x M turns against the reference server while it injects seeded
 * random faults into its connections. Every user message carries a unique
 * marker that the agent echoes, so the run can tell whether each one was
 * answered exactly once, in order, on the client and on the server.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { seed, sessions, turns, timeLimitMs } = options;
  const random = seededRandom(seed);
  let burst = 0;
  // Every connection carries a fault somewhere in its first frames, so a
  // session never settles on a healthy connection for the rest of the run.
  const faultPlan = (): Fault => {
    if (burst > 0) {
      burst -= 1;
      return { kind: 'reject', code: 4029 };
    }
    const roll = random();
    const afterFrames = 2 + Math.floor(random() * 24);
    if (roll < 0.45) return { kind: 'drop', afterFrames };
    if (roll < 0.75) return { kind: 'drop', afterFrames, code: random() < 0.5 ? 1011 : 1012 };
    if (roll < 0.85) return { kind: 'silence', afterFrames };
    burst = Math.floor(random() * 3);
    return { kind: 'reject', code: 4029 };
  };
  const server = await startReferenceServer({
    pingIntervalMs: 40,
    faultPlan,
    agent: { endAfterBooking: false },
  });
  const started = performance.now();
  const deadline = started + timeLimitMs;
  let reconnects = 0;
  let maxResumeMs = 0;
  let answered = 0;
  let lost = 0;
  let doubled = 0;
  let outOfOrder = 0;
  let timedOut = false;
  const failures: string[] = [];
  const open: TextStreamSession[] = [];

  const runSession = async (sessionIndex: number): Promise<void> => {
    const session = connect({
      url: server.url,
      pingTimeoutMs: 200,
      // A greeting that starts after this wait can pass for the answer to a
      // message written meanwhile (the documented cost of a finite wait, see
      // test/session/sessionModel.test.ts): 20 ms was too short on a loaded
      // machine. New conversations greet at once, so the wait costs nothing.
      greetingTimeoutMs: 1000,
      reconnect: { maxAttempts: 10, initialDelayMs: 5, maxDelayMs: 50, rateLimitFloorMs: 25 },
      random: seededRandom(seed + sessionIndex + 1),
    });
    open.push(session);
    let droppedAt: number | undefined;
    session.state$.subscribe((state) => {
      if (state === 'reconnecting' && droppedAt === undefined) {
        reconnects += 1;
        droppedAt = performance.now();
      }
    });
    session.session$.subscribe(() => {
      if (droppedAt !== undefined)
        maxResumeMs = Math.max(maxResumeMs, performance.now() - droppedAt);
      droppedAt = undefined;
    });
    // The session's recent events, reported only if it goes wrong.
    const trace: string[] = [];
    const note = (event: string) => {
      trace.push(event);
      if (trace.length > 40) trace.shift();
    };
    session.frames$.subscribe({
      next: (frame) =>
        note(
          frame.type === 'message' ? `message ${markerOf(frame.text) ?? '(greeting)'}` : frame.type,
        ),
      error: () => undefined,
    });
    session.sent$.subscribe((message) =>
      note(`sent ${message.text}${message.resend ? ' (resend)' : ''}`),
    );
    session.state$.subscribe((state) => note(`[${state}]`));
    // Answers as turns: a turn whose resend the platform answered again in
    // full says so (spansReconnect) and counts once; any other repeat is a
    // real double.
    const seen: string[] = [];
    session.turns$.subscribe((turn) => {
      const markers = turn.messages.map((message) => markerOf(message.text));
      const distinct = turn.spansReconnect ? [...new Set(markers)] : markers;
      for (const marker of distinct) if (marker) seen.push(marker);
    });

    const sent: string[] = [];
    for (let turn = 1; turn <= turns; turn += 1) {
      const marker = `s${sessionIndex}-m${turn}`;
      sent.push(marker);
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        timedOut = true;
        break;
      }
      try {
        // Half the sessions await ask(), half send(): both must settle the same way.
        const reply =
          sessionIndex % 2 === 0
            ? await lastValueFrom(session.send(marker).pipe(timeout(remaining)))
            : await within(session.ask(marker), remaining);
        if (reply.complete && reply.text.includes(`"${marker}"`)) answered += 1;
        else {
          outOfOrder += 1;
          failures.push(
            `s${sessionIndex}: ${marker} answered by ${JSON.stringify(reply.text.slice(0, 30))}: ${trace.join(' | ')}`,
          );
        }
      } catch {
        if (performance.now() >= deadline) timedOut = true;
        failures.push(`s${sessionIndex}: ${marker} unanswered: ${trace.join(' | ')}`);
        break;
      }
    }
    session.close();

    // What the client saw: each marker once, in the order sent.
    const counts = new Map<string, number>();
    for (const marker of seen) counts.set(marker, (counts.get(marker) ?? 0) + 1);
    doubled += [...counts.values()].filter((count) => count > 1).length;
    lost += sent.filter((marker) => !counts.has(marker)).length;
    if (seen.join() !== sent.filter((marker) => counts.has(marker)).join()) outOfOrder += 1;
  };

  try {
    await Promise.all(Array.from({ length: sessions }, (_, i) => runSession(i + 1)));
  } finally {
    for (const session of open) session.close();
  }

  // What the server saw: per conversation, each marker received once (resends aside), in order.
  const byConversation = new Map<string, string[]>();
  for (const record of server.connections) {
    const list = byConversation.get(record.conversationId ?? '') ?? [];
    for (const message of record.messages) if (!message.resend) list.push(message.text);
    byConversation.set(record.conversationId ?? '', list);
  }
  for (const texts of byConversation.values()) {
    if (new Set(texts).size !== texts.length) doubled += 1;
    const sorted = [...texts].sort((a, b) => Number(a.split('-m')[1]) - Number(b.split('-m')[1]));
    if (sorted.join() !== texts.join()) outOfOrder += 1;
  }
  const faults = countFaults(server.connections);
  await server.close();
  return {
    seed,
    sessions,
    turnsPlanned: sessions * turns,
    turnsAnswered: answered,
    faults,
    reconnects,
    lost,
    doubled,
    outOfOrder,
    maxResumeMs: Math.round(maxResumeMs),
    durationMs: Math.round(performance.now() - started),
    timedOut,
    failures,
  };
}

const markerOf = (text: string): string | undefined => /"(s\d+-m\d+)"/.exec(text)?.[1];

/** Faults that actually fired: a planned drop on a connection that ended first does not count. */
function countFaults(records: readonly ConnectionRecord[]): SoakReport['faults'] {
  let drop = 0;
  let close = 0;
  let silence = 0;
  let rateLimited = 0;
  for (const { fault, framesSent, closedBy } of records) {
    if (fault === undefined) continue;
    if (fault.kind === 'reject') rateLimited += 1;
    else if (fault.kind !== 'drop' && fault.kind !== 'silence') continue;
    else if (framesSent < fault.afterFrames) continue;
    else if (fault.kind === 'silence') silence += 1;
    else if (closedBy === 'server') {
      if (fault.code === undefined) drop += 1;
      else close += 1;
    }
  }
  return { total: drop + close + silence + rateLimited, drop, close, silence, rateLimited };
}
