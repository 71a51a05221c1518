import { readFile } from 'node:fs/promises';
import { Subscription } from 'rxjs';
import { parseRecording, replayRecording } from '../recording/recording.js';
import { stringifyJson } from '../recording/stringifyJson.js';
import type { CliIO } from './CliIO.js';
import type { ReplayFlags } from './flags.js';
import { streamsFromFrames } from './present/ConversationStreams.js';
import { presentHuman } from './present/presentHuman.js';
import { presentJson } from './present/presentJson.js';
import { whenOutputCloses } from './output/whenOutputCloses.js';

/** `text-stream replay FILE`: a recording through the same operators, printed as chat prints. */
export async function replay(flags: ReplayFlags, io: CliIO): Promise<number> {
  let text: string;
  try {
    text = await readFile(flags.file, 'utf8');
  } catch (error) {
    io.stderr.write(
      `text-stream: cannot read ${flags.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`,
    );
    return 1;
  }
  const recorded = parseRecording(text);
  const entries = flags.instant ? recorded.map((entry) => ({ ...entry, at: 0 })) : recorded;
  const streams = streamsFromFrames(replayRecording(entries));
  const subscriptions = new Subscription();
  subscriptions.add(
    flags.json
      ? presentJson(streams, (line) => io.stdout.write(`${line}\n`))
      : presentHuman(streams, {
          line: (line) => io.stdout.write(`${line}\n`),
          note: (line) => io.stderr.write(`(${line})\n`),
        }),
  );
  const code = await new Promise<number>((resolve) => {
    // A reader that went away (`| head`) ends the replay quietly.
    subscriptions.add(whenOutputCloses(io.stdout, () => resolve(141)));
    subscriptions.add(
      streams.turns$.subscribe({ complete: () => resolve(0), error: () => resolve(0) }),
    );
    subscriptions.add(streams.connect());
  });
  subscriptions.unsubscribe();
  // As in chat, a --json run ends with an event saying how; the recording was the input.
  if (flags.json && code === 0)
    io.stdout.write(`${stringifyJson({ event: 'exit', code, reason: 'input-ended' })}\n`);
  return code;
}
