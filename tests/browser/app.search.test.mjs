// Search as a person uses it: type a query, read the list, choose. The graph is the
// search fixture's (tests/fixtures/search: a struct `Runtime` among `runtime` modules,
// a type `Graph` and test modules `graph`, a bench and a library function `parse`),
// loaded as JSON, so no engine is needed. Needs `npm run build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launch, openApp, idle, noProblems } from './app.helpers.mjs';

const graph = JSON.parse(readFileSync(new URL('../fixtures/search/searchfx.json', import.meta.url), 'utf8'));
const SHOTS = process.env.CRATEMAP_SHOTS; // a folder: save the states this test checks
const shot = (page, name) => SHOTS && page.screenshot({ path: `${SHOTS}/${name}.png` });

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openFixture() {
  const app = await openApp(browser, server.url, { waitForDefault: true });
  await app.page.evaluate((g) => window.__cratemap.loadGraph(g), graph);
  await idle(app.page);
  return app;
}

/** Types the query and reads the visible list: "kind path" per row, top to bottom. */
async function results(page, query) {
  await page.fill('#search-input', '');
  await page.click('#search-input');
  await page.keyboard.type(query);
  await page.waitForSelector('#search-results li[role="option"]', { state: 'visible' });
  return page.$$eval('#search-results li[role="option"]', (items) =>
    items
      .filter((li) => li.offsetParent !== null)
      .map((li) => `${li.querySelector('.kind')?.textContent.trim()} ${li.dataset.path}`),
  );
}

test('search lists the exact match first: struct Runtime, type Graph, the library fn parse', async () => {
  const { page, context, problems } = await openFixture();
  const runtime = await results(page, 'Runtime');
  assert.deepEqual(runtime.slice(0, 5), [
    'struct searchfx::engine::Runtime',
    'module searchfx::runtime',
    'module searchfx::io::runtime',
    'module searchfx::net::runtime',
    'module runtime',
  ]);
  await shot(page, 'search-runtime');
  assert.deepEqual((await results(page, 'Graph')).slice(0, 3), [
    'struct searchfx::model::Graph',
    'module graph',
    'module searchfx::tests::graph',
  ]);
  assert.deepEqual((await results(page, 'parse')).slice(0, 3), [
    'function searchfx::model::parse',
    'function parse::parse',
    'module parse',
  ]);
  await shot(page, 'search-parse');
  // Enter chooses the first row: the struct, selected in the graph.
  await results(page, 'Runtime');
  await page.keyboard.press('Enter');
  await idle(page);
  const selected = await page.evaluate(() => window.__cratemap.selected?.path);
  assert.equal(selected, 'searchfx::engine::Runtime');
  noProblems(problems);
  await context.close();
});
