import { connect, type ConnectOptions, type TextStreamSession } from '../../src/index';

const open: TextStreamSession[] = [];

afterEach(() => {
  for (const session of open.splice(0)) session.close();
});

/** `connect()` with fast test timings; closed after the test whatever happens. */
export function session(options: ConnectOptions): TextStreamSession {
  const created = connect({
    greetingTimeoutMs: 50,
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
  open.push(created);
  return created;
}
