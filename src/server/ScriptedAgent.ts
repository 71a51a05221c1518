import type { SessionEndReason, ToolInput } from '../protocol/serverFrames.js';

/** One step of an agent's answer, before the server turns it into frames. */
export type AgentStep =
  | {
      readonly kind: 'tool';
      readonly toolName: string;
      readonly input: ToolInput;
      readonly result: string;
      readonly succeeded: boolean;
    }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'message'; readonly text: string };

/** An agent's whole answer to one user message (or its greeting). */
export interface AgentReply {
  readonly steps: readonly AgentStep[];
  /** End the session once this answer is delivered. */
  readonly endSession?: SessionEndReason;
}

/** What the scripted agent remembers of a conversation. */
export interface AgentMemory {
  stage: 'idle' | 'awaiting-date' | 'awaiting-time';
  date?: string;
  dayLabel?: string;
}

/** Options of the {@link ScriptedAgent}. */
export interface ScriptedAgentOptions {
  /** "Today" for resolving "next Tuesday"; fixed so runs are reproducible. Default 2026-07-09. */
  readonly today?: string;
  /** End the session (`completed`) after a booking, as the protocol page's example does. Default true. */
  readonly endAfterBooking?: boolean;
}

const SLOTS = ['9:00 AM', '2:00 PM'] as const;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * A deterministic agent that reschedules appointments with two tools,
 * `check_availability` and `book_appointment`, following the protocol page's
 * example conversation, and answers anything else with a hint.
 */
export class ScriptedAgent {
  private readonly today: Date;
  private readonly endAfterBooking: boolean;

  constructor(options: ScriptedAgentOptions = {}) {
    this.today = new Date(`${options.today ?? '2026-07-09'}T00:00:00Z`);
    if (Number.isNaN(this.today.getTime()))
      throw new TypeError('ScriptedAgent: today must be YYYY-MM-DD');
    this.endAfterBooking = options.endAfterBooking ?? true;
  }

  /** What a new conversation starts with. */
  newMemory(): AgentMemory {
    return { stage: 'idle' };
  }

  /** The greeting that opens a new conversation. */
  greet(): AgentReply {
    return {
      steps: [
        say(
          "Hello! I'm the scheduling assistant. I can check availability and reschedule appointments. How can I help?",
        ),
      ],
    };
  }

  /** The answer to `text`, updating `memory`. */
  reply(memory: AgentMemory, text: string): AgentReply {
    const said = text.trim().toLowerCase();
    if (/\b(order|status)\b/.test(said)) return this.orderStatus();
    if (memory.stage === 'awaiting-time' && memory.date !== undefined) {
      const slot = parseSlot(said);
      if (slot !== undefined) return this.book(memory, memory.date, slot);
    }
    const day = this.parseDay(said);
    if (day !== undefined && memory.stage !== 'idle') return this.offerSlots(memory, day);
    if (/\b(reschedul\w*|appointment|book\w*|move)\b/.test(said)) {
      if (day !== undefined) return this.offerSlots(memory, day);
      memory.stage = 'awaiting-date';
      return { steps: [say('I can help with that. What date works for you?')] };
    }
    if (memory.stage === 'awaiting-date') {
      return {
        steps: [say('Which date works for you? For example "next Tuesday" or "2026-07-15".')],
      };
    }
    if (memory.stage === 'awaiting-time') {
      return {
        steps: [
          say(
            `I have openings at ${SLOTS.join(' and ')} ${memory.dayLabel ?? ''}. Which works better?`.replace(
              ' .',
              '.',
            ),
          ),
        ],
      };
    }
    return {
      steps: [
        // Echoing the message makes every answer distinct, which the soak relies on.
        say(
          `You said "${text.trim()}". I can reschedule your appointment: try "I need to reschedule my appointment".`,
        ),
      ],
    };
  }

  private offerSlots(memory: AgentMemory, day: { date: string; label: string }): AgentReply {
    memory.stage = 'awaiting-time';
    memory.date = day.date;
    memory.dayLabel = day.label;
    return {
      steps: [
        tool('check_availability', { date: day.date }, JSON.stringify({ slots: SLOTS })),
        say(`I have openings at ${SLOTS.join(' and ')} ${day.label}. Which works better?`),
      ],
    };
  }

  private book(memory: AgentMemory, date: string, slot: string): AgentReply {
    const weekday = capitalise(WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '');
    memory.stage = 'idle';
    const confirmation = `BK-${date.replace(/-/g, '')}-${slot.startsWith('9') ? '0900' : '1400'}`;
    const reply: AgentReply = {
      steps: [
        tool(
          'book_appointment',
          { date, time: slot },
          JSON.stringify({ confirmation, date, time: slot }),
        ),
        say(`Done - you are rescheduled for ${weekday} at ${slot}.`),
      ],
    };
    return this.endAfterBooking ? { ...reply, endSession: 'completed' } : reply;
  }

  private orderStatus(): AgentReply {
    return {
      steps: [
        tool('lookup_order', { query: 'latest' }, 'timeout after 5000 ms', false),
        { kind: 'error', message: 'lookup_order timed out; answering without it.' },
        say(
          "I couldn't reach the order system just now. I can still reschedule an appointment for you.",
        ),
      ],
    };
  }

  private parseDay(said: string): { date: string; label: string } | undefined {
    const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(said);
    if (iso?.[1] && !Number.isNaN(Date.parse(iso[1])))
      return { date: iso[1], label: `on ${iso[1]}` };
    if (/\btomorrow\b/.test(said)) return { date: this.addDays(1), label: 'tomorrow' };
    const named = /\b(next\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/.exec(
      said,
    );
    if (!named?.[2]) return undefined;
    const target = WEEKDAYS.indexOf(named[2]);
    const ahead =
      ((target - this.today.getUTCDay() + 7) % 7 || 7) +
      (named[1] && target > this.today.getUTCDay() ? 7 : 0);
    return {
      date: this.addDays(ahead),
      label: `${named[1] ? 'next ' : 'on '}${capitalise(named[2])}`,
    };
  }

  private addDays(days: number): string {
    return new Date(this.today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  }
}

function parseSlot(said: string): string | undefined {
  const match = /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\b/.exec(said);
  if (!match?.[1]) return undefined;
  const hour = Number(match[1]);
  const minutes = match[2] ?? '00';
  const half = match[3]?.startsWith('p')
    ? 'PM'
    : match[3]?.startsWith('a')
      ? 'AM'
      : hour >= 8 && hour <= 11
        ? 'AM'
        : 'PM';
  const slot = `${hour}:${minutes} ${half}`;
  return (SLOTS as readonly string[]).includes(slot) ? slot : undefined;
}

const say = (text: string): AgentStep => ({ kind: 'message', text });

const tool = (toolName: string, input: ToolInput, result: string, succeeded = true): AgentStep => ({
  kind: 'tool',
  toolName,
  input,
  result,
  succeeded,
});

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
