import { authMode, paramPairs, parse, whole } from './parseFlags.js';
import type { AuthMode } from '../transport/authToken.js';
import type { Fault } from '../server/Fault.js';
import { COMMAND_HELP, type CommandName } from './commandHelp.js';
import {
  enqueueFlags,
  resultsFlags,
  workerFlags,
  type EnqueueFlags,
  type ResultsFlags,
  type WorkerFlags,
} from './queue/queueFlags.js';
import { UsageError } from './usage.js';

export interface ChatFlags {
  readonly url: string | undefined;
  readonly conversationId: string | undefined;
  readonly toolEvents: boolean | undefined;
  readonly params: Record<string, string>;
  readonly token: string | undefined;
  readonly auth: AuthMode;
  readonly json: boolean;
  readonly record: string | undefined;
  /** `greetingTimeoutMs` for the session; the library's default when unset. */
  readonly greetingTimeoutMs: number | undefined;
}

export interface ServeFlags {
  readonly host: string;
  readonly port: number;
  readonly token: string | undefined;
  readonly pingIntervalMs: number | false;
  readonly frameDelayMs: number;
  readonly faults: Fault[];
  readonly noise: boolean;
}

export interface ReplayFlags {
  readonly file: string;
  readonly json: boolean;
  readonly instant: boolean;
}

export interface RunFlags {
  /** The NDJSON script file; `undefined` or `'-'` reads stdin. */
  readonly file: string | undefined;
  readonly url: string | undefined;
  readonly concurrency: number;
  readonly params: Record<string, string>;
  readonly token: string | undefined;
  readonly auth: AuthMode;
  readonly json: boolean;
  readonly greetingTimeoutMs: number | undefined;
  readonly turnTimeoutMs: number | undefined;
}

export type Command =
  | { readonly name: 'chat'; readonly flags: ChatFlags }
  | { readonly name: 'serve'; readonly flags: ServeFlags }
  | { readonly name: 'replay'; readonly flags: ReplayFlags }
  | { readonly name: 'run'; readonly flags: RunFlags }
  | { readonly name: 'enqueue'; readonly flags: EnqueueFlags }
  | { readonly name: 'worker'; readonly flags: WorkerFlags }
  | { readonly name: 'results'; readonly flags: ResultsFlags }
  /** `--help`: the summary, or one command's flags when `topic` is set. */
  | { readonly name: 'help'; readonly topic?: CommandName }
  | { readonly name: 'version' };

/** Reads the command line; throws {@link UsageError} with one clear line. */
export function parseCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Command {
  const [first, ...rest] = argv;
  const named = isCommand(first);
  const name = named ? first : 'chat';
  const args = named ? rest : [...argv];
  if (first === 'help') return helpFor(rest[0]);
  if (args.includes('--help') || args.includes('-h'))
    return named ? { name: 'help', topic: name } : { name: 'help' };
  if (args.includes('--version') || args.includes('-V')) return { name: 'version' };
  if (name === 'serve') return { name, flags: serveFlags(args, env) };
  if (name === 'replay') return { name, flags: replayFlags(args) };
  if (name === 'run') return { name, flags: runFlags(args, env) };
  if (name === 'enqueue') return { name, flags: enqueueFlags(args) };
  if (name === 'worker') return { name, flags: workerFlags(args, env) };
  if (name === 'results') return { name, flags: resultsFlags(args) };
  return { name, flags: chatFlags(args, env) };
}

function chatFlags(args: string[], env: NodeJS.ProcessEnv): ChatFlags {
  const { values } = parse(args, {
    url: { type: 'string' },
    'conversation-id': { type: 'string' },
    'tool-events': { type: 'boolean' },
    'no-tool-events': { type: 'boolean' },
    param: { type: 'string', multiple: true },
    token: { type: 'string' },
    auth: { type: 'string' },
    json: { type: 'boolean' },
    record: { type: 'string' },
    'greeting-timeout': { type: 'string' },
  });
  const auth = authMode(values.auth);
  const params = paramPairs(values.param);
  if (values['tool-events'] && values['no-tool-events'])
    throw new UsageError('--tool-events and --no-tool-events contradict each other');
  return {
    url: values.url,
    conversationId: values['conversation-id'],
    toolEvents: values['tool-events'] ? true : values['no-tool-events'] ? false : undefined,
    params,
    token: values.token ?? (env.TEXT_STREAM_TOKEN || undefined),
    auth,
    json: values.json ?? false,
    record: values.record,
    greetingTimeoutMs:
      values['greeting-timeout'] === undefined
        ? undefined
        : whole(values['greeting-timeout'], '--greeting-timeout'),
  };
}

function runFlags(args: string[], env: NodeJS.ProcessEnv): RunFlags {
  const { values, positionals } = parse(
    args,
    {
      url: { type: 'string' },
      concurrency: { type: 'string' },
      param: { type: 'string', multiple: true },
      token: { type: 'string' },
      auth: { type: 'string' },
      json: { type: 'boolean' },
      'greeting-timeout': { type: 'string' },
      'turn-timeout': { type: 'string' },
    },
    true,
  );
  if (positionals.length > 1) throw new UsageError('run wants one script FILE (or - for stdin)');
  const concurrency = whole(values.concurrency ?? '10', '--concurrency');
  if (concurrency === 0) throw new UsageError('--concurrency wants at least 1');
  const turnTimeout = values['turn-timeout'];
  if (turnTimeout !== undefined && whole(turnTimeout, '--turn-timeout') === 0)
    throw new UsageError('--turn-timeout wants at least 1');
  return {
    file: positionals[0] === '-' ? undefined : positionals[0],
    url: values.url,
    concurrency,
    params: paramPairs(values.param),
    token: values.token ?? (env.TEXT_STREAM_TOKEN || undefined),
    auth: authMode(values.auth),
    json: values.json ?? false,
    greetingTimeoutMs:
      values['greeting-timeout'] === undefined
        ? undefined
        : whole(values['greeting-timeout'], '--greeting-timeout'),
    turnTimeoutMs: turnTimeout === undefined ? undefined : whole(turnTimeout, '--turn-timeout'),
  };
}

function serveFlags(args: string[], env: NodeJS.ProcessEnv): ServeFlags {
  const { values } = parse(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    token: { type: 'string' },
    'ping-interval': { type: 'string' },
    'frame-delay': { type: 'string' },
    fault: { type: 'string', multiple: true },
    noise: { type: 'boolean' },
  });
  const pingInterval = whole(values['ping-interval'] ?? '15000', '--ping-interval');
  return {
    host: values.host ?? '127.0.0.1',
    port: port(values.port ?? '0'),
    token: values.token ?? (env.TEXT_STREAM_TOKEN || undefined),
    pingIntervalMs: pingInterval === 0 ? false : pingInterval,
    frameDelayMs: whole(values['frame-delay'] ?? '0', '--frame-delay'),
    faults: (values.fault ?? []).map(parseFault),
    noise: values.noise ?? false,
  };
}

function replayFlags(args: string[]): ReplayFlags {
  const { values, positionals } = parse(
    args,
    { json: { type: 'boolean' }, instant: { type: 'boolean' } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('replay wants exactly one recording FILE');
  return {
    file: positionals[0] as string,
    json: values.json ?? false,
    instant: values.instant ?? false,
  };
}

function helpFor(topic: string | undefined): Command {
  if (topic === undefined) return { name: 'help' };
  if (isCommand(topic)) return { name: 'help', topic };
  const names = Object.keys(COMMAND_HELP);
  throw new UsageError(
    `no help for ${topic}; the commands are ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`,
  );
}

function isCommand(word: string | undefined): word is CommandName {
  return word !== undefined && Object.hasOwn(COMMAND_HELP, word);
}

function port(text: string): number {
  const value = whole(text, '--port');
  if (value > 65_535) throw new UsageError(`--port wants 0 to 65535, got ${text}`);
  return value;
}

function parseFault(spec: string): Fault {
  const [kind, first, second] = spec.split(':');
  if (kind === 'drop' && first !== undefined) {
    const afterFrames = whole(first, '--fault drop:N');
    return second === undefined
      ? { kind, afterFrames }
      : { kind, afterFrames, code: whole(second, '--fault drop:N:CODE') };
  }
  if (kind === 'reject' && first !== undefined)
    return { kind, code: whole(first, '--fault reject:CODE') };
  if (kind === 'silence' && first !== undefined)
    return { kind, afterFrames: whole(first, '--fault silence:N') };
  throw new UsageError(`--fault wants drop:N[:CODE], reject:CODE or silence:N, got ${spec}`);
}
