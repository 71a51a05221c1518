// injectTextStream in a real Angular zone (zone.js patches Node's timers and
// sockets here as it does a browser's): the session's timers stay out of the
// zone, so it stays stable while connected, and what the app sees arrives in it.
import 'zone.js';
import {
  createEnvironmentInjector,
  type EnvironmentInjector,
  Injector,
  NgZone,
  runInInjectionContext,
} from '@angular/core';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Transcript } from '../../src/index';
import { injectTextStream } from '../../src/angular/index';
import { startReferenceServer, type RunningReferenceServer } from '../../src/server/index';

let server: RunningReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ pingIntervalMs: 1000 });
});
afterAll(() => server.close());

function angularZone(): { zone: NgZone; injector: EnvironmentInjector } {
  const zone = new NgZone({ enableLongStackTrace: false });
  const injector = createEnvironmentInjector(
    [{ provide: NgZone, useValue: zone }],
    Injector.NULL as EnvironmentInjector,
  );
  return { zone, injector };
}

/** The transcript once the greeting turn is complete (a live entry comes first with the real transcript$). */
const greeted = (transcript$: Observable<Transcript>) =>
  firstValueFrom(
    transcript$.pipe(
      filter((entries) => entries.some((entry) => entry.kind === 'agent' && !entry.live)),
    ),
  );

describe('injectTextStream in a zone.js app', () => {
  it('keeps the socket and every timer out of the Angular zone, and delivers inside it', async () => {
    const { zone, injector } = angularZone();
    const chat = zone.run(() =>
      runInInjectionContext(injector, () =>
        injectTextStream({ url: server.url, toolEvents: true }),
      ),
    );
    await greeted(chat.session.transcript$);
    expect(chat.state()).toBe('open');
    expect(chat.transcript()[0]).toMatchObject({ kind: 'agent', live: false });
    // The watchdog and the ping it waits for are armed, but not in the zone.
    expect(zone.hasPendingMacrotasks).toBe(false);
    expect(zone.isStable).toBe(true);

    // Frames arrive outside the zone; each signal update re-enters it, which
    // is what makes a zone.js app run change detection.
    let zoneTurns = 0;
    const entered = zone.onMicrotaskEmpty.subscribe(() => (zoneTurns += 1));
    // A click handler runs in the zone: the turn's deadline must not.
    const answer = zone.run(() => chat.send('Hi, I need to reschedule my appointment'));
    const sentAt = zoneTurns;
    expect(zone.hasPendingMacrotasks).toBe(false);
    const inZone = await new Promise<boolean>((resolve, reject) =>
      answer.subscribe({ next: () => resolve(NgZone.isInAngularZone()), error: reject }),
    );
    entered.unsubscribe();
    expect(inZone).toBe(true);
    expect(zoneTurns).toBeGreaterThan(sentAt);
    expect(chat.transcript().map((entry) => entry.kind)).toEqual(['agent', 'user', 'agent']);
    expect(zone.hasPendingMacrotasks).toBe(false);

    injector.destroy();
    expect(chat.state()).toBe('closed');
  });

  it('(the control) a plain session armed from the zone keeps it busy', async () => {
    const zone = new NgZone({ enableLongStackTrace: false });
    // Connecting arms the connect deadline (and more) in whatever zone is current.
    const session = zone.run(() => connect({ url: server.url }));
    expect(zone.hasPendingMacrotasks).toBe(true);
    session.close();
  });
});

describe('injectTextStream outside an injection context', () => {
  it('asks for one', () => {
    expect(() => injectTextStream({ url: server.url })).toThrow(/injection context/);
  });

  it('takes an injector instead, and closes with it', async () => {
    const { injector } = angularZone();
    const chat = injectTextStream({ url: server.url, injector });
    await greeted(chat.session.transcript$);
    expect(chat.typing()).toBe(false);
    injector.destroy();
    expect(chat.state()).toBe('closed');
    expect(chat.error()).toBeUndefined();
  });
});
