import { parseCommand } from '../../src/cli/flags';
import { UsageError } from '../../src/cli/usage';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCommand(argv, env);
const refusal = (argv: string[]) => {
  try {
    parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(argv)} was accepted`);
};

describe('parseCommand', () => {
  it('takes a bare command line for chat, with every default', () => {
    expect(parse([])).toEqual({
      name: 'chat',
      flags: {
        url: undefined,
        conversationId: undefined,
        toolEvents: undefined,
        params: {},
        token: undefined,
        auth: 'subprotocol',
        json: false,
        record: undefined,
        greetingTimeoutMs: undefined,
      },
    });
    expect(parse(['chat'])).toEqual(parse([]));
  });

  it('reads every chat flag', () => {
    expect(
      parse([
        '--url',
        'ws://agent.test/x',
        '--conversation-id',
        'conv_9',
        '--tool-events',
        '--param',
        'workspace_id=w=1',
        '--param',
        'service_id=s',
        '--token',
        't0k',
        '--auth',
        'query',
        '--json',
        '--record',
        'out.ndjson',
        '--greeting-timeout',
        '250',
      ]),
    ).toEqual({
      name: 'chat',
      flags: {
        url: 'ws://agent.test/x',
        conversationId: 'conv_9',
        toolEvents: true,
        params: { workspace_id: 'w=1', service_id: 's' },
        token: 't0k',
        auth: 'query',
        json: true,
        record: 'out.ndjson',
        greetingTimeoutMs: 250,
      },
    });
  });

  it('turns tool events off with --no-tool-events, and refuses both together', () => {
    expect(parse(['--no-tool-events'])).toMatchObject({ flags: { toolEvents: false } });
    expect(refusal(['--tool-events', '--no-tool-events'])).toBe(
      '--tool-events and --no-tool-events contradict each other',
    );
  });

  it('takes the token from TEXT_STREAM_TOKEN unless --token is given, and ignores it empty', () => {
    const env = { TEXT_STREAM_TOKEN: 'from-env' };
    expect(parse(['chat'], env)).toMatchObject({ flags: { token: 'from-env' } });
    expect(parse(['serve'], env)).toMatchObject({ flags: { token: 'from-env' } });
    expect(parse(['chat', '--token', 'flag'], env)).toMatchObject({ flags: { token: 'flag' } });
    expect(parse(['serve', '--token', 'flag'], env)).toMatchObject({ flags: { token: 'flag' } });
    expect(parse(['chat'], { TEXT_STREAM_TOKEN: '' })).toMatchObject({
      flags: { token: undefined },
    });
    expect(parse(['serve'], { TEXT_STREAM_TOKEN: '' })).toMatchObject({
      flags: { token: undefined },
    });
  });

  it('refuses a bad --auth, a --param without a key, and a greeting timeout that is not whole', () => {
    expect(refusal(['--auth', 'header'])).toBe('--auth must be subprotocol or query, not header');
    expect(refusal(['--param', '=v'])).toBe('--param wants KEY=VALUE, got =v');
    expect(refusal(['--greeting-timeout', '1.5'])).toBe(
      '--greeting-timeout wants a whole number, got 1.5',
    );
    expect(refusal(['--greeting-timeout', '99999999999999999999'])).toBe(
      '--greeting-timeout wants a whole number, got 99999999999999999999',
    );
  });

  it('gives serve its defaults: 127.0.0.1, any port, a ping every 15 s, no delay, no faults', () => {
    expect(parse(['serve'])).toEqual({
      name: 'serve',
      flags: {
        host: '127.0.0.1',
        port: 0,
        token: undefined,
        pingIntervalMs: 15_000,
        frameDelayMs: 0,
        faults: [],
        noise: false,
      },
    });
  });

  it('reads every serve flag, --ping-interval 0 turning pings off', () => {
    expect(
      parse([
        'serve',
        '--host',
        '0.0.0.0',
        '--port',
        '65535',
        '--ping-interval',
        '0',
        '--frame-delay',
        '40',
        '--fault',
        'drop:3',
        '--fault',
        'drop:2:4000',
        '--fault',
        'reject:4029',
        '--fault',
        'silence:5',
        '--noise',
      ]),
    ).toEqual({
      name: 'serve',
      flags: {
        host: '0.0.0.0',
        port: 65_535,
        token: undefined,
        pingIntervalMs: false,
        frameDelayMs: 40,
        faults: [
          { kind: 'drop', afterFrames: 3 },
          { kind: 'drop', afterFrames: 2, code: 4000 },
          { kind: 'reject', code: 4029 },
          { kind: 'silence', afterFrames: 5 },
        ],
        noise: true,
      },
    });
    expect(parse(['serve', '--ping-interval', '500'])).toMatchObject({
      flags: { pingIntervalMs: 500 },
    });
  });

  it.each([
    ['drop', '--fault wants drop:N[:CODE], reject:CODE or silence:N, got drop'],
    ['reject', '--fault wants drop:N[:CODE], reject:CODE or silence:N, got reject'],
    ['silence', '--fault wants drop:N[:CODE], reject:CODE or silence:N, got silence'],
    ['flood:3', '--fault wants drop:N[:CODE], reject:CODE or silence:N, got flood:3'],
    ['drop:x', '--fault drop:N wants a whole number, got x'],
    ['drop:1:y', '--fault drop:N:CODE wants a whole number, got y'],
    ['reject:z', '--fault reject:CODE wants a whole number, got z'],
    ['silence:-', '--fault silence:N wants a whole number, got -'],
  ])('refuses --fault %s, saying what it wants', (spec, message) => {
    expect(refusal(['serve', `--fault=${spec}`])).toBe(message);
  });

  it('refuses a --frame-delay or --ping-interval that is not whole, and a port above 65535', () => {
    expect(refusal(['serve', '--frame-delay', 'soon'])).toBe(
      '--frame-delay wants a whole number, got soon',
    );
    expect(refusal(['serve', '--ping-interval', '1e3'])).toBe(
      '--ping-interval wants a whole number, got 1e3',
    );
    expect(refusal(['serve', '--port', '65536'])).toBe('--port wants 0 to 65535, got 65536');
  });

  it('reads replay FILE with --json and --instant, off by default', () => {
    expect(parse(['replay', 'a.ndjson'])).toEqual({
      name: 'replay',
      flags: { file: 'a.ndjson', json: false, instant: false },
    });
    expect(parse(['replay', '--json', 'a.ndjson', '--instant'])).toEqual({
      name: 'replay',
      flags: { file: 'a.ndjson', json: true, instant: true },
    });
    expect(refusal(['replay', 'a', 'b'])).toBe('replay wants exactly one recording FILE');
    expect(refusal(['chat', 'hello'])).toMatch(/^Unexpected argument 'hello'$/);
  });

  it('answers --help and -h for the summary or a command, help TOPIC, and --version or -V', () => {
    expect(parse(['--help'])).toEqual({ name: 'help' });
    expect(parse(['-h'])).toEqual({ name: 'help' });
    expect(parse(['--url', 'ws://x', '-h'])).toEqual({ name: 'help' });
    expect(parse(['chat', '--help'])).toEqual({ name: 'help', topic: 'chat' });
    expect(parse(['serve', '-h'])).toEqual({ name: 'help', topic: 'serve' });
    expect(parse(['replay', '--help'])).toEqual({ name: 'help', topic: 'replay' });
    expect(parse(['help'])).toEqual({ name: 'help' });
    expect(parse(['help', 'serve'])).toEqual({ name: 'help', topic: 'serve' });
    expect(parse(['help', 'replay'])).toEqual({ name: 'help', topic: 'replay' });
    expect(parse(['help', 'chat'])).toEqual({ name: 'help', topic: 'chat' });
    expect(parse(['--version'])).toEqual({ name: 'version' });
    expect(parse(['serve', '-V'])).toEqual({ name: 'version' });
  });

  it("shortens parseArgs's refusals to their first sentence", () => {
    expect(refusal(['--json=yes'])).toBe("Option '--json' does not take an argument");
    // Only a full stop that ends the sentence goes, not one inside it.
    expect(refusal(['--tool.events'])).toBe("Unknown option '--tool.events'");
    expect(refusal(['serve', '--host', '-x'])).toBe(
      '--host wants a value; write --host=VALUE for one starting with -',
    );
  });
});
