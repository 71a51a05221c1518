// A Node chat: one session against the reference server, three turns, then the end.
import { lastValueFrom } from 'rxjs';
import { connect } from 'rxjs-text-stream';
import { startReferenceServer } from 'rxjs-text-stream/server';

export async function run(log: (line: string) => void = console.log): Promise<void> {
  const server = await startReferenceServer();
  const session = connect({ url: server.url, toolEvents: true });

  session.sent$.subscribe((message) => log(`you: ${message.text}`)); // as it goes out, after the greeting
  session.turns$.subscribe((turn) => log(`agent: ${turn.text}`));
  session.toolCalls$.subscribe((call) => log(`  tool ${call.toolName}: ${call.status}`));

  for (const text of ['Hi, I need to reschedule my appointment', 'Next Tuesday', '9 AM please']) {
    await lastValueFrom(session.send(text)); // resolves with the turn that answers it
  }
  const ended = await lastValueFrom(session.ended$);
  log(`session ended: ${ended.reason}`);
  await server.close();
}

if (require.main === module) void run();
