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

/** Types the query and chooses its `row`th result with the keyboard, as a person does. */
async function choose(page, query, row = 0) {
  await results(page, query);
  for (let k = 0; k < row; k++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await idle(page);
}

const displayed = (page, path, kind) =>
  page.evaluate(([p, k]) => window.__cratemap.nodeByPath(p, k)?.displayed, [path, kind]);
const selectedPath = (page) => page.evaluate(() => window.__cratemap.selected?.path);

/**
 * Chooses an item that is hidden: the notice says why and the canvas is left alone;
 * "Show it" then draws it, selected. Returns the notice's text.
 */
async function chooseHidden(page, query, row, path, kind, name) {
  await choose(page, query, row);
  assert.equal(await selectedPath(page), path, 'the chosen item is selected');
  assert.equal(await displayed(page, path, kind), false, `${path} is hidden before`);
  await page.waitForSelector('#details-hidden', { state: 'visible' });
  const text = await page.textContent('#details-hidden');
  await shot(page, `search-hidden-${name}`);
  await page.click('#details-show-it');
  await idle(page);
  assert.equal(await displayed(page, path, kind), true, `${path} is drawn after Show it`);
  assert.equal(await selectedPath(page), path);
  assert.equal(await page.isVisible('#details-hidden'), false, 'the notice is gone');
  const inView = await page.evaluate(
    ([p, k]) => {
      const el = window.__cratemap.cy.getElementById(window.__cratemap.nodeByPath(p, k).id);
      const bb = el.renderedBoundingBox();
      const cy = window.__cratemap.cy;
      return el.selected() && bb.x1 >= 0 && bb.y1 >= 0 && bb.x2 <= cy.width() && bb.y2 <= cy.height();
    },
    [path, kind],
  );
  assert.ok(inView, `${path} is selected and framed`);
  await shot(page, `search-shown-${name}`);
  return text;
}

const filter = (page, sel) => page.evaluate((s) => document.querySelector(s).checked, sel);

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

test('choosing a hidden item says why, and "Show it" changes exactly what it needs', async () => {
  const { page, context, problems } = await openFixture();
  // Hidden as a test: only "Hide tests" changes.
  const tests = await chooseHidden(page, 'graph', 0, 'graph', 'module', 'tests');
  assert.match(tests, /test code, and tests are hidden/);
  assert.match(tests, /Will show tests\./);
  await page.click('.tab[data-tab="filters"]');
  assert.equal(await filter(page, '#filters input[data-filter="hideTests"]'), false);
  assert.equal(await filter(page, '#filters input[data-filter="visibility"][value="private"]'), true);

  // Hidden by the visibility filter: the bin's private `main`, in its Calls view.
  await page.click('#filters input[data-filter="visibility"][value="private"]');
  await idle(page);
  const vis = await chooseHidden(page, 'main', 0, 'runtime::main', 'function', 'private');
  assert.match(vis, /private items are filtered out/);
  assert.equal(await page.evaluate(() => window.__cratemap.view), 'calls');
  await page.click('.tab[data-tab="filters"]');
  assert.equal(await filter(page, '#filters input[data-filter="visibility"][value="private"]'), true);

  // A kind no view draws: fields, added to the Modules view only.
  await page.click('#view-switch button[data-view="modules"]');
  await idle(page);
  const field = await chooseHidden(page, 'nodes', 0, 'searchfx::model::Graph::nodes', 'field', 'kind');
  assert.match(field, /fields are filtered out of the Modules view/);
  await page.click('.tab[data-tab="filters"]');
  assert.equal(await filter(page, '#filters input[data-filter="node-kind"][value="field"]'), true);
  await page.click('#view-switch button[data-view="types"]');
  await idle(page);
  await page.click('.tab[data-tab="filters"]');
  assert.equal(
    await filter(page, '#filters input[data-filter="node-kind"][value="field"]'),
    false,
    'other views keep theirs',
  );

  // A view that does not draw the kind: the Types view and a const; Show it opens Modules.
  const view = await chooseHidden(page, 'LIMIT', 0, 'searchfx::model::LIMIT', 'const', 'view');
  assert.match(view, /the Types & traits view does not draw consts/);
  assert.match(view, /Will open the Modules view\./);
  assert.equal(await page.evaluate(() => window.__cratemap.view), 'modules');

  // A cfg twin the build does not compile: the twin drawn for both is selected.
  await choose(page, 'sleep', 1);
  assert.match(await page.textContent('#details-hidden'), /cfg twin/);
  await page.click('#details-show-it');
  await idle(page);
  const twin = await page.evaluate(() => window.__cratemap.selected);
  assert.deepEqual(twin.cfgs, ['unix']);
  noProblems(problems);
  await context.close();
});
