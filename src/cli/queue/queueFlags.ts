import type { AuthMode } from '../../transport/authToken.js';
import { authMode, paramPairs, parse, whole } from '../parseFlags.js';
import { UsageError } from '../usage.js';

/** Where the queue lives: every queue command names it. */
export interface QueueFlags {
  readonly redis: string;
  readonly queue: string;
}

export interface EnqueueFlags extends QueueFlags {
  readonly file: string;
  readonly attempts: number;
  readonly backoffMs: number;
}

export interface WorkerFlags extends QueueFlags {
  readonly url: string | undefined;
  readonly concurrency: number;
  readonly token: string | undefined;
  readonly auth: AuthMode;
  readonly params: Record<string, string>;
  readonly greetingTimeoutMs: number | undefined;
  readonly turnTimeoutMs: number | undefined;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
}

export interface ResultsFlags extends QueueFlags {
  readonly json: boolean;
  readonly wait: boolean;
}

const QUEUE_OPTIONS = { redis: { type: 'string' }, queue: { type: 'string' } } as const;

export function enqueueFlags(args: string[]): EnqueueFlags {
  const { values, positionals } = parse(
    args,
    { ...QUEUE_OPTIONS, attempts: { type: 'string' }, backoff: { type: 'string' } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('enqueue wants exactly one script FILE');
  const attempts = whole(values.attempts ?? '3', '--attempts');
  if (attempts < 1) throw new UsageError(`--attempts wants 1 or more, got ${values.attempts}`);
  return {
    ...queueFlags(values),
    file: positionals[0] as string,
    attempts,
    backoffMs: whole(values.backoff ?? '1000', '--backoff'),
  };
}

export function workerFlags(args: string[], env: NodeJS.ProcessEnv): WorkerFlags {
  const { values } = parse(args, {
    ...QUEUE_OPTIONS,
    url: { type: 'string' },
    concurrency: { type: 'string' },
    token: { type: 'string' },
    auth: { type: 'string' },
    param: { type: 'string', multiple: true },
    'greeting-timeout': { type: 'string' },
    'turn-timeout': { type: 'string' },
    'lock-duration': { type: 'string' },
    'stalled-interval': { type: 'string' },
  });
  const concurrency = whole(values.concurrency ?? '10', '--concurrency');
  if (concurrency < 1)
    throw new UsageError(`--concurrency wants 1 or more, got ${values.concurrency}`);
  return {
    ...queueFlags(values),
    url: values.url,
    concurrency,
    token: values.token ?? (env.TEXT_STREAM_TOKEN || undefined),
    auth: authMode(values.auth),
    params: paramPairs(values.param),
    greetingTimeoutMs: optionalWhole(values['greeting-timeout'], '--greeting-timeout'),
    turnTimeoutMs: optionalWhole(values['turn-timeout'], '--turn-timeout'),
    lockDurationMs: positive(values['lock-duration'] ?? '30000', '--lock-duration'),
    stalledIntervalMs: positive(values['stalled-interval'] ?? '30000', '--stalled-interval'),
  };
}

export function resultsFlags(args: string[]): ResultsFlags {
  const { values } = parse(args, {
    ...QUEUE_OPTIONS,
    json: { type: 'boolean' },
    'no-wait': { type: 'boolean' },
  });
  return { ...queueFlags(values), json: values.json ?? false, wait: !values['no-wait'] };
}

function queueFlags(values: { redis?: string; queue?: string }): QueueFlags {
  if (values.redis === undefined)
    throw new UsageError('--redis URL is required (redis://HOST:PORT)');
  if (values.queue === undefined) throw new UsageError('--queue NAME is required');
  if (!/^rediss?:\/\//.test(values.redis))
    throw new UsageError('--redis wants a redis:// or rediss:// URL');
  // BullMQ keys a queue by NAME in `bull:NAME:...`.
  if (values.queue === '' || values.queue.includes(':'))
    throw new UsageError(`--queue wants a name without ':', got ${values.queue}`);
  return { redis: values.redis, queue: values.queue };
}

function optionalWhole(text: string | undefined, flag: string): number | undefined {
  return text === undefined ? undefined : whole(text, flag);
}

function positive(text: string, flag: string): number {
  const value = whole(text, flag);
  if (value < 1) throw new UsageError(`${flag} wants 1 or more, got ${text}`);
  return value;
}
