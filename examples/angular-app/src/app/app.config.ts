import { ApplicationRef, InjectionToken, inject, provideAppInitializer } from '@angular/core';
import type { ApplicationConfig, EnvironmentProviders, Provider } from '@angular/core';

/** Where the agent lives; `?ws=` in the page's address overrides it (the browser test uses that). */
export const AGENT_URL = new InjectionToken<string>('AGENT_URL', {
  factory: () =>
    new URLSearchParams(location.search).get('ws') ?? 'ws://127.0.0.1:8787/agent/text-stream',
});

/**
 * Shows whether the app is stable (`ApplicationRef.isStable`) as
 * `<body data-stable>`: a zone.js app with a timer in the Angular zone never
 * is, and then `whenStable()`, hydration and service workers wait forever.
 */
function exposeStability(): void {
  const body = document.body;
  inject(ApplicationRef).isStable.subscribe((stable) => (body.dataset['stable'] = String(stable)));
}

/** What both builds share; main.ts and main.zone.ts add their change detection. */
export function appConfig(changeDetection: Provider | EnvironmentProviders): ApplicationConfig {
  return { providers: [changeDetection, provideAppInitializer(exposeStability)] };
}
