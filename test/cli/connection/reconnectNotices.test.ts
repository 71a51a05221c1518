import { of, Subject, type Observable } from 'rxjs';
import { ConnectionWatch } from '../../../src/cli/connection/ConnectionWatch';
import {
  reconnectNotices,
  type ReconnectNotice,
} from '../../../src/cli/connection/reconnectNotices';
import { CloseError } from '../../../src/protocol/CloseError';
import type { TextStreamSession } from '../../../src/session/TextStreamSession';
import type { ConnectionState } from '../../../src/transport/ConnectionState';

const collect = (notices$: Observable<ReconnectNotice>) => {
  const seen: ReconnectNotice[] = [];
  notices$.subscribe((notice) => seen.push(notice));
  return seen;
};

describe('reconnectNotices', () => {
  it("counts today's session's `reconnecting` states, from 1 again after each session_started", () => {
    const session$ = new Subject<unknown>();
    const state$ = new Subject<ConnectionState>();
    const session = { session$, state$ } as unknown as TextStreamSession;
    const seen = collect(reconnectNotices(session, new ConnectionWatch(1000)));
    state$.next('connecting');
    session$.next({});
    state$.next('open');
    state$.next('reconnecting');
    state$.next('reconnecting');
    session$.next({});
    state$.next('reconnecting');
    expect(seen.map((notice) => notice.attempt)).toEqual([1, 2, 1]);
    expect(seen[0]).toEqual({ attempt: 1, maxAttempts: 10, delayMs: undefined, cause: undefined });
  });

  it("takes a session's own reconnects$, with the socket's error for a bare 1006", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const watch = { lastCause: refused } as unknown as ConnectionWatch;
    const bare = new CloseError(1006, '');
    const other = new CloseError(1011, '');
    const session = {
      reconnects$: of(
        { attempt: 1, maxAttempts: 5, delayMs: 200, cause: bare },
        { attempt: 2, maxAttempts: 5, delayMs: 400, cause: other },
      ),
    } as unknown as TextStreamSession;
    expect(collect(reconnectNotices(session, watch))).toEqual([
      { attempt: 1, maxAttempts: 5, delayMs: 200, cause: refused },
      { attempt: 2, maxAttempts: 5, delayMs: 400, cause: other },
    ]);
    const unwatched = { lastCause: undefined } as unknown as ConnectionWatch;
    expect(collect(reconnectNotices(session, unwatched))[0]?.cause).toBe(bare);
  });
});
