import fc from 'fast-check';
import {
  runConversations,
  type ConversationEvent,
  type ConversationScript,
  type RunEvent,
  type SummaryEvent,
} from '../../src/index';
import { fakeAgent } from '../support/fakeAgent';
import { virtualClock } from '../support/virtualClock';

// What each message asks of the fake agent (test/support/fakeAgent.ts).
const behaviour = fc.constantFrom(
  'ok',
  'ok wait:3',
  'ok wait:40',
  'tool:check_availability',
  'error',
  'close:4403',
  'close:1011',
  'end',
  'silent',
);

const script = (id: number) =>
  fc
    .record({
      turns: fc.array(fc.record({ say: behaviour, expectTool: fc.boolean() }), {
        minLength: 1,
        maxLength: 4,
      }),
    })
    .map(({ turns }): ConversationScript => ({
      id: `c${id}`,
      turns: turns.map(({ say, expectTool }) =>
        expectTool ? { text: say, expect: { toolCalls: ['check_availability'] } } : say,
      ),
    }));

const scripts = fc
  .integer({ min: 0, max: 12 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => script(i))));

describe('runConversations invariants (generated scripts and agent behaviours)', () => {
  it('one conversation event per script after its turns, the summary last and matching, never more than concurrency open or read ahead', () => {
    fc.assert(
      fc.property(scripts, fc.integer({ min: 1, max: 5 }), (all, concurrency) => {
        const clock = virtualClock();
        const agent = fakeAgent(clock.scheduler);
        let read = 0;
        function* input(): Generator<ConversationScript> {
          for (const item of all) {
            read += 1;
            yield item;
          }
        }
        const events: RunEvent[] = [];
        let completed = false;
        runConversations(input(), {
          url: 'wss://agent.test/agent/text-stream',
          WebSocketCtor: agent.WebSocketCtor,
          scheduler: clock.scheduler,
          random: () => 0,
          greetingTimeoutMs: false,
          turnTimeoutMs: 200,
          reconnect: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 5 },
          concurrency,
        }).subscribe({
          next: (event) => events.push(event),
          complete: () => (completed = true),
        });
        for (let step = 0; step < 400 && !completed; step += 1) {
          clock.advance(5);
          const finished = events.filter((event) => event.type === 'conversation').length;
          expect(read).toBeLessThanOrEqual(finished + concurrency);
          expect(agent.open).toBeLessThanOrEqual(concurrency);
        }
        expect(completed).toBe(true);
        expect(agent.maxOpen).toBeLessThanOrEqual(concurrency);
        expect(agent.open).toBe(0);

        const summary = events.at(-1) as SummaryEvent;
        expect(summary.type).toBe('summary');
        expect(events.filter((event) => event.type === 'summary')).toHaveLength(1);
        const conversations = events.filter(
          (event): event is ConversationEvent => event.type === 'conversation',
        );
        expect(conversations.map((event) => event.id).sort()).toEqual(
          all.map((item) => item.id).sort(),
        );
        for (const item of all) {
          const own = events.filter((event) => event.type !== 'summary' && event.id === item.id);
          const last = own.at(-1) as ConversationEvent;
          expect(last.type).toBe('conversation');
          const turns = own.slice(0, -1);
          expect(turns.every((event) => event.type === 'turn')).toBe(true);
          expect(turns.map((event) => (event.type === 'turn' ? event.index : -2))).toEqual(
            turns.map((_, index) => index),
          );
          expect(last.turns).toBe(turns.length);
          expect(last.latenciesMs).toHaveLength(turns.length);
          expect(last.ok).toBe(last.turns === item.turns.length && last.error === undefined);
        }
        const ok = conversations.filter((event) => event.ok).length;
        expect(summary).toMatchObject({
          conversations: all.length,
          ok,
          failed: all.length - ok,
          turns: conversations.reduce((sum, event) => sum + event.turns, 0),
        });
        expect(Object.values(summary.failures).reduce((a, b) => a + b, 0)).toBe(all.length - ok);
      }),
      { numRuns: 60 },
    );
  });
});
