import { lastValueFrom, toArray } from 'rxjs';
import { runConversations, type ConversationEvent } from '../../src/index';
import { startReferenceServer } from '../../src/server/ws';
import { rawClient } from '../support/rawClient';

// A server the CLI runs for any number of conversations (`serve`, and the
// one `run` and `worker` embed) must not keep one per conversation: a
// million-line run against it would grow by kilobytes per line.

const scripts = Array.from({ length: 30 }, (_, i) => ({
  id: `c${i}`,
  turns: ['Hi, I need to reschedule my appointment', 'Next Tuesday'],
}));

async function runAll(url: string) {
  const events = await lastValueFrom(
    runConversations(scripts, { url, concurrency: 10 }).pipe(toArray()),
  );
  return events.filter((event): event is ConversationEvent => event.type === 'conversation');
}

describe('the reference server’s history', () => {
  it('is kept by default: every connection and conversation, ended ones included', async () => {
    await using server = await startReferenceServer({ pingIntervalMs: false });
    const done = await runAll(server.url);
    expect(done.every((event) => event.ok)).toBe(true);
    expect(server.connections).toHaveLength(30);
    expect(server.core.conversations.size).toBe(30);
  });

  it('with history: false, nothing is kept of a closed connection or an ended conversation', async () => {
    await using server = await startReferenceServer({ pingIntervalMs: false, history: false });
    const done = await runAll(server.url);
    expect(done.every((event) => event.ok && event.turns === 2)).toBe(true);
    expect(server.connections).toHaveLength(0);
    expect(server.core.conversations.size).toBe(0);
    expect(server.core.accepted).toBe(30);
    // A resume of a conversation that ended starts a new one.
    const ended = done[0]?.conversationId as string;
    const resumed = await rawClient(server.url, { conversation_id: ended });
    expect(resumed.started.conversation_id).not.toBe(ended);
    // A conversation still open (not ended) is kept, so a resume finds it.
    expect(server.core.conversations.size).toBe(1);
    const again = await rawClient(server.url, {
      conversation_id: resumed.started.conversation_id,
    });
    expect(again.started.conversation_id).toBe(resumed.started.conversation_id);
  });
});
