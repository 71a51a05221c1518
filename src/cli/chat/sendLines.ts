import { createInterface } from 'node:readline';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import type { TextStreamSession } from '../../session/TextStreamSession.js';
import type { Finish } from './Ending.js';

/**
 * Piped input: each line is one message, sent turn by turn. When the input
 * ends the chat waits for every answer (and for the session to have started)
 * and then finishes with 0. A session that ends or fails first is reported
 * by the session's own `ended$`, which settles before these answers do.
 */
export function sendLines(
  session: TextStreamSession,
  input: NodeJS.ReadableStream,
  finish: Finish,
): void {
  const answers: Promise<unknown>[] = [];
  const lines = createInterface({ input, terminal: false });
  lines.on('line', (line) => {
    const text = line.trim();
    if (text === '') return;
    // Failures are the session's to report; an unheard rejection would crash.
    answers.push(lastValueFrom(session.send(text)).catch(() => undefined));
  });
  const started = firstValueFrom(session.session$).catch(() => undefined);
  lines.on('close', () => {
    void Promise.all([started, ...answers]).then(() => finish({ code: 0, reason: 'input-ended' }));
  });
}
