// The Angular example (examples/angular-app), built by scripts/test-angular.mjs
// in its zoneless and zone.js configurations, in Debian's Chromium driven by
// playwright-core against the reference server. For each build: the greeting,
// a turn with a tool call, a reconnect after the server drops every socket
// and the conversation going on, no console errors, and the app stable
// (`ApplicationRef.isStable`, shown as <body data-stable>) while connected.
// Screenshots go to test-results/angular-<build>.png.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startReferenceServer } from '../../src/server/index';
import { launchChromium } from '../support/chromium';

const BUILDS = ['zoneless', 'zone'] as const;
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

let failed = 0;
const check = (label: string, ok: boolean, detail = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${detail ? `: ${detail}` : ''}`);
  if (!ok) failed += 1;
};

/** Serves one build's browser folder, with index.html for any other path. */
async function serve(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file =
      path !== '' && existsSync(join(root, path)) ? join(root, path) : join(root, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Waits until the app is stable while its session is open. */
async function stableWhileOpen(page: Page): Promise<boolean> {
  try {
    await page.waitForFunction(
      () =>
        document.body.dataset['stable'] === 'true' &&
        document.querySelector<HTMLElement>('#state')?.dataset['state'] === 'open',
      undefined,
      { timeout: 5000 },
    );
    return true;
  } catch {
    return false;
  }
}

async function drive(browser: Browser, build: (typeof BUILDS)[number]): Promise<void> {
  const agent = await startReferenceServer({ pingIntervalMs: 2000, frameDelayMs: 60 });
  const { server, origin } = await serve(`examples/angular-app/dist/${build}/browser`);
  const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const label = (text: string) => `[${build}] ${text}`;
  try {
    await page.goto(`${origin}/?ws=${encodeURIComponent(agent.url)}`);
    const zoned = await page.evaluate(() => 'Zone' in window);
    check(label(`zone.js ${build === 'zone' ? 'loaded' : 'absent'}`), zoned === (build === 'zone'));

    const greeting = page.locator('#log li.agent').first();
    await greeting.waitFor();
    check(label('a greeting before any user message'), /^Hello!/.test(await greeting.innerText()));
    check(label('stable while connected'), await stableWhileOpen(page));

    const send = async (text: string) => {
      await page.fill('#message', text);
      await page.click('button[type=submit]');
    };
    await send('Hi, I need to reschedule my appointment');
    await page.locator('#log li.user', { hasText: 'reschedule my appointment' }).waitFor();
    await page.locator('#log li.agent', { hasText: 'What date works for you?' }).waitFor();
    await send('Next Tuesday');
    const tool = page.locator('#log li.tool', { hasText: 'check_availability' });
    await tool.waitFor();
    check(
      label('a turn with its tool call rendered'),
      /check_availability\(\{"date":"2026-07-14"\}\) → \{"slots":\["9:00 AM","2:00 PM"\]\} ✓/.test(
        await tool.innerText(),
      ),
      await tool.innerText(),
    );
    await page.locator('#log li.agent', { hasText: 'Which works better?' }).waitFor();
    check(label('stable between turns'), await stableWhileOpen(page));

    agent.dropAll(); // cut the socket without a close frame (the page sees 1006)
    await page.locator('#log li.notice', { hasText: 'reconnecting' }).waitFor();
    await page.locator('#state[data-state=open]').waitFor();
    const [first, second] = agent.connections;
    check(
      label('reconnected and resumed the conversation'),
      second?.resumed === true && second.conversationId === first?.conversationId,
      `${agent.connections.length} connections`,
    );
    check(label('stable again after the reconnect'), await stableWhileOpen(page));

    await send('9 AM please');
    await page
      .locator('#log li.agent', { hasText: 'Done - you are rescheduled for Tuesday at 9:00 AM.' })
      .waitFor();
    check(label('the conversation goes on after the reconnect'), true);
    await page.locator('#ended').waitFor();
    check(label('the session ended as the server said'), true);
    check(label('no console errors'), errors.length === 0, errors.join('; '));

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/angular-${build}.png`, fullPage: true });
    console.log(`screenshot: test-results/angular-${build}.png`);
  } catch (error) {
    check(label('the run'), false, error instanceof Error ? error.message : String(error));
  } finally {
    await page.close();
    await agent.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  try {
    for (const build of BUILDS) await drive(browser, build);
  } finally {
    await browser.close();
  }
}

main().then(
  () => {
    console.log(failed === 0 ? 'angular ok' : `${failed} angular checks failed`);
    process.exit(failed === 0 ? 0 : 1);
  },
  (error: unknown) => {
    console.error(`FAIL ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
