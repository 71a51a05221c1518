// npm run test:browser: the browser page (examples/browser) in Debian's
// Chromium, driven by playwright-core, against the reference server. Checks
// the greeting, a turn with a tool call, and a reconnect after the server
// drops the socket; saves a screenshot to test-results/browser.png.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { startReferenceServer } from '../../src/server/index';
import { launchChromium } from '../support/chromium';

let failed = 0;
const check = (label: string, ok: boolean, detail = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${detail ? `: ${detail}` : ''}`);
  if (!ok) failed += 1;
};

async function main(): Promise<void> {
  // The page bundled as a browser app would be: the package's browser entry.
  const bundle = await build({
    entryPoints: ['examples/browser/main.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    alias: { 'rxjs-text-stream': './dist/esm/index.js' },
    logLevel: 'silent',
  });
  const inputs = Object.keys(bundle.metafile.inputs);
  check(
    'the page bundle uses the browser entry and never loads ws',
    !inputs.some((input) => input.includes('node_modules/ws/')) &&
      inputs.some((input) => input.endsWith('defaultWebSocket.browser.js')),
  );
  const script = bundle.outputFiles[0]?.text ?? '';
  const html = readFileSync('examples/browser/index.html', 'utf8');

  const agent = await startReferenceServer({ pingIntervalMs: 2000, frameDelayMs: 60 });
  const web = createServer((request, response) => {
    const isScript = request.url?.startsWith('/main.js');
    response.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html' });
    response.end(isScript ? script : html);
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const { port } = web.address() as AddressInfo;

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    page.setDefaultTimeout(15_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`http://127.0.0.1:${port}/?ws=${encodeURIComponent(agent.url)}`);
    const greeting = page.locator('#log li.agent').first();
    await greeting.waitFor();
    check('a greeting before any user message', /^Hello!/.test(await greeting.innerText()));

    const send = async (text: string) => {
      await page.fill('#message', text);
      await page.click('button[type=submit]');
    };
    await send('Hi, I need to reschedule my appointment');
    await page.locator('#log li.agent', { hasText: 'What date works for you?' }).waitFor();
    // The indicator shows only until the answer's first frame (60 ms here):
    // record every text it shows rather than race a poll against it.
    await page.evaluate(() => {
      const indicator = document.getElementById('typing') as HTMLElement;
      const seen: string[] = [];
      Object.assign(window, { typingSeen: seen });
      new MutationObserver(() => seen.push(indicator.textContent ?? '')).observe(indicator, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await send('Next Tuesday');
    const tool = page.locator('#log li.tool', { hasText: 'check_availability' });
    await tool.waitFor();
    check(
      'a turn with its tool call rendered',
      /check_availability\(\{"date":"2026-07-14"\}\) → \{"slots":\["9:00 AM","2:00 PM"\]\} ✓/.test(
        await tool.innerText(),
      ),
      await tool.innerText(),
    );
    await page.locator('#log li.agent', { hasText: 'Which works better?' }).waitFor();
    const typingSeen = await page.evaluate(
      () => (window as unknown as { typingSeen: string[] }).typingSeen,
    );
    check(
      'the typing indicator shows while the agent works, and clears',
      typingSeen.some((text) => text.includes('typing')) && typingSeen.at(-1) === '',
      JSON.stringify(typingSeen),
    );

    agent.dropAll(); // cut the socket without a close frame (the page sees 1006)
    await page.locator('#log li.agent', { hasText: 'reconnecting' }).waitFor();
    await page.locator('#state[data-state=open]').waitFor();
    const [first, second] = agent.connections;
    check(
      'the page reconnected and resumed its conversation',
      second?.resumed === true && second.conversationId === first?.conversationId,
      `${agent.connections.length} connections`,
    );

    await send('9 AM please');
    await page
      .locator('#log li.agent', { hasText: 'Done - you are rescheduled for Tuesday at 9:00 AM.' })
      .waitFor();
    check('the conversation goes on after the reconnect', true);
    await page.locator('#log li.agent', { hasText: 'session ended: completed' }).waitFor();
    check('no errors on the page', pageErrors.length === 0, pageErrors.join('; '));

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/browser.png', fullPage: true });
    console.log('screenshot: test-results/browser.png');
  } finally {
    await browser.close();
    await agent.close();
    await new Promise((resolve) => web.close(resolve));
  }
}

main().then(
  () => {
    console.log(failed === 0 ? 'browser ok' : `${failed} browser checks failed`);
    process.exit(failed === 0 ? 0 : 1);
  },
  (error: unknown) => {
    console.error(`FAIL ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
