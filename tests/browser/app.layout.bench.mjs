#!/usr/bin/env node
// How long a side panel's toggle takes to reach the screen (layout, canvas resize, refit
// and the next frame) on a big view: a 50,000-node graph expanded as far as it goes.
// Usage: npm run build && node tests/browser/app.layout.bench.mjs
import { idle, launch, openApp, startServer } from './app.helpers.mjs';
import { syntheticGraph } from './app.fixtures.mjs';

const server = await startServer();
const browser = await launch();
try {
  const { page, context } = await openApp(browser, server.url, {
    viewport: { width: 1440, height: 900 },
    waitForDefault: true,
  });
  await page.evaluate((g) => window.__cratemap.loadGraph(g), syntheticGraph(50000));
  await idle(page);
  await page.evaluate(() => window.__cratemap.expandAll());
  await idle(page);
  const elements = await page.evaluate(() => window.__cratemap.cy.elements().length);
  const times = await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const out = [];
    for (let i = 0; i < 20; i++) {
      await frame();
      const t0 = performance.now();
      document.querySelector(`#side-${i % 4 < 2 ? 'left' : 'right'} .side-toggle`).click();
      await frame();
      await frame();
      out.push(performance.now() - t0);
    }
    return out.sort((a, b) => a - b);
  });
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  console.log(
    `${elements} elements on the canvas; panel toggle to second frame: median ${q(0.5)} ms, p95 ${q(0.95)} ms`,
  );
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
