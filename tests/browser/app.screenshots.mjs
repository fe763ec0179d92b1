#!/usr/bin/env node
// Takes the screenshots of the app's main states into docs/*.png.
// Usage: npm run build && node tests/browser/app.screenshots.mjs
import { join } from 'node:path';
import { startServer, launch, openApp, idle, repoRoot } from './app.helpers.mjs';
import { syntheticGraph } from './app.fixtures.mjs';

const out = (name) => join(repoRoot, 'docs', name);
const server = await startServer();
const browser = await launch();

async function choose(page, text) {
  await page.fill('#search-input', text);
  await page.waitForSelector('#search-results li[role="option"]');
  await page.keyboard.press('Enter');
  await idle(page);
}

try {
  const { page, context } = await openApp(browser, server.url, { waitForDefault: true });
  await page.evaluate(() => localStorage.setItem('cratemap-theme', 'light'));
  await page.reload();
  await page.waitForFunction(() => window.__cratemap);
  await idle(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('app-modules.png') });
  console.log('docs/app-modules.png');

  await choose(page, 'analyze');
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('app-focus-calls.png') });
  console.log('docs/app-focus-calls.png');

  await page.keyboard.press('Escape');
  await page.selectOption('#example-select', 'shapes');
  await idle(page);
  await page.click('#view-switch [data-view="types"]');
  await idle(page);
  await choose(page, 'Shape');
  await page.keyboard.press('Escape'); // clears the focus
  await idle(page);
  await page.keyboard.press('Escape'); // and the selection
  await page.click('#zoom-fit');
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('app-types.png') });
  console.log('docs/app-types.png');

  await page.click('#theme-button');
  await page.selectOption('#example-select', 'interpreter');
  await idle(page);
  await page.click('#view-switch [data-view="calls"]');
  await idle(page);
  await choose(page, 'parse_expr');
  await page.click('#focus-depth [data-depth="2"]');
  await idle(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('app-dark.png') });
  console.log('docs/app-dark.png');
  await page.click('#theme-button');
  await page.keyboard.press('Escape');
  await page.fill('#search-input', '');
  await page.click('#view-switch [data-view="modules"]');
  await idle(page);

  await page.setInputFiles('#file-input', [
    {
      name: 'lib.rs',
      mimeType: 'text/plain',
      buffer: Buffer.from(
        '//! A crate with one broken file.\npub mod broken;\n\n/// Still here.\npub struct Healthy;\n\npub fn fine() -> Healthy { broken::ok_before(); Healthy }\n',
      ),
    },
    {
      name: 'broken.rs',
      mimeType: 'text/plain',
      buffer: Buffer.from('pub fn ok_before() {}\n\npub fn broken( {\n    let x = ;\n}\n\npub struct AfterBreak;\n'),
    },
  ]);
  await page.waitForFunction(() => window.__cratemap.graph?.nodes.some((n) => n.name === 'Healthy'));
  await idle(page);
  await page.click('.tab[data-tab="diagnostics"]');
  await page.locator('#diagnostics .diag').first().click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('app-diagnostics.png') });
  console.log('docs/app-diagnostics.png');

  await page.click('#view-switch [data-view="modules"]');
  await idle(page);
  await page.evaluate((g) => window.__cratemap.loadGraph(g), syntheticGraph(50000));
  await idle(page);
  await page.click('.tab[data-tab="stats"]');
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('app-large.png') });
  console.log('docs/app-large.png');
  await context.close();

  // A small window: the source panel starts as a rail, the details panel keeps its height.
  const narrow = await openApp(browser, server.url, { viewport: { width: 1024, height: 700 }, waitForDefault: true });
  await narrow.page.evaluate(() => localStorage.setItem('cratemap-theme', 'light'));
  await narrow.page.reload();
  await narrow.page.waitForFunction(() => window.__cratemap);
  await idle(narrow.page);
  await choose(narrow.page, 'Limits');
  await narrow.page.waitForTimeout(300);
  await narrow.page.screenshot({ path: out('app-narrow.png') });
  console.log('docs/app-narrow.png');
  await narrow.context.close();
} finally {
  await browser.close();
  await server.close();
}
