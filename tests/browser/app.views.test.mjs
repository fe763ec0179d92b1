// The structure views without their noise, as a person sees them in the app: cfg twins
// drawn once, associated items inside their impl or trait, "Hide tests" hiding a
// crate's tests/, benches/ and examples/, and a legend entry for every line style on
// screen. The graphs are the shared view fixtures (tests/fixtures/views), loaded as
// JSON, so no engine is needed. Needs `npm run build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launch, openApp, idle } from './app.helpers.mjs';
import { EDGE_STYLE } from '../../www/core/kinds.generated.js';

const fixture = (name) =>
  JSON.parse(readFileSync(new URL(`../fixtures/views/${name}.json`, import.meta.url), 'utf8')).graph;
const SHOTS = process.env.CRATEMAP_SHOTS; // a folder: save the states this test checks

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function show(graph, view) {
  const app = await openApp(browser, server.url, { waitForDefault: true });
  await app.page.evaluate((g) => window.__cratemap.loadGraph(g), graph);
  await idle(app.page);
  await app.page.click(`#view-switch button[data-view="${view}"]`);
  await idle(app.page);
  await app.page.evaluate(() => window.__cratemap.expandAll());
  await idle(app.page);
  return app;
}

const labels = (page) => page.evaluate(() => window.__cratemap.labels());
const shot = (page, name) => SHOTS && page.screenshot({ path: `${SHOTS}/${name}.png` });

/** Unticks "Hide tests" in the Filters tab. */
async function showTests(page) {
  await page.click('.tab[data-tab="filters"]');
  await page.click('#filters input[data-filter="hideTests"]');
  await idle(page);
}

/** Clicks the node drawn for this path, as a person would. */
async function select(page, path, kind) {
  const at = await page.evaluate(([p, k]) => window.__cratemap.renderedPosition(p, k), [path, kind]);
  assert.ok(at, `${path} is drawn`);
  await page.mouse.click(at.x, at.y);
  await idle(page);
}

test('cfg twins are one node; its details list the other twins with their cfgs', async () => {
  const { page, context } = await show(fixture('structure'), 'types');
  const drawn = await labels(page);
  assert.equal(drawn.filter((l) => l === 'Handle').length, 1, `one Handle (drawn: ${drawn.join(', ')})`);
  assert.ok(!drawn.some((l) => /:\d+$/.test(l)), 'no label needs a line number');
  await select(page, 'fx::Handle', 'struct');
  const twins = await page.locator('#details-twins li').allTextContents();
  assert.deepEqual(twins, ['cfg(windows) · line 27', 'cfg(all(feature = "extra", windows)) · line 29']);
  assert.ok(await page.isVisible('#details-twins'));
  await shot(page, 'views-cfg-twins');
  await context.close();
});

test('associated items are inside their impl or trait, never at the top level', async () => {
  const { page, context } = await show(fixture('structure'), 'modules');
  const inside = (path, kind) =>
    page.evaluate(([p, k]) => window.__cratemap.boxContents(window.__cratemap.nodeByPath(p, k).id), [path, kind]);
  assert.deepEqual((await inside('fx::Source', 'trait')).sort(), ['Source::Item', 'Source::SIZE']);
  assert.deepEqual((await inside('fx::<impl Source for Stream>', 'impl')).sort(), ['Stream::Item', 'Stream::SIZE']);
  const top = await inside('fx', 'module');
  for (const assoc of ['Source::Item', 'Source::SIZE', 'Stream::Item', 'Stream::SIZE', 'Local', 'helper'])
    assert.ok(!top.includes(assoc), `${assoc} is not in the crate's top level (${top.join(', ')})`);
  await shot(page, 'views-assoc-items');
  await context.close();
});

test('"Hide tests" hides the tests/ and examples/ crates; unticked, they come back', async () => {
  const { page, context } = await show(fixture('structure'), 'calls');
  // `it` is tests/smoke.rs's test, `main` examples/demo.rs's.
  const drawn = await labels(page);
  for (const item of ['it', 'main']) assert.ok(!drawn.includes(item), `${item} is hidden (drawn: ${drawn.join(', ')})`);
  await shot(page, 'views-tests-hidden');
  await showTests(page);
  await page.evaluate(() => window.__cratemap.expandAll());
  await idle(page);
  const all = await labels(page);
  for (const item of ['it', 'main'])
    assert.ok(all.includes(item), `${item} shows with tests (drawn: ${all.join(', ')})`);
  await context.close();
});

test('every line style on screen has its legend entry', async () => {
  const { page, context } = await show(fixture('app'), 'calls');
  await showTests(page);
  const seen = await page.evaluate(() => {
    const edges = window.__cratemap.cy.edges();
    return {
      kinds: [...new Set(edges.map((e) => e.data('kind')).filter((k) => k !== 'mixed'))],
      ambiguous: edges.some((e) => e.data('confidence') === 'ambiguous'),
      inferred: edges.some((e) => e.data('confidence') === 'inferred'),
      grouped: edges.some((e) => e.hasClass('aggregate')),
    };
  });
  const legend = await page.locator('#legend .legend-item').allTextContents();
  assert.ok(await page.isVisible('#legend'));
  for (const k of seen.kinds)
    assert.ok(legend.includes(EDGE_STYLE[k].label), `legend explains ${k} (${legend.join(' | ')})`);
  const dotted = await page.locator('#legend .legend-line.dotted').count();
  assert.equal(dotted > 0, seen.ambiguous, 'dotted lines are explained when drawn');
  assert.equal(
    legend.some((l) => l.startsWith('inferred')),
    seen.inferred,
  );
  assert.equal(
    legend.some((l) => l.startsWith('links between modules')),
    seen.grouped,
  );
  assert.ok(seen.ambiguous, 'the fixture draws an ambiguous call');
  await shot(page, 'views-legend');
  await context.close();
});

test("a trait method's details list the impls it may dispatch to", async () => {
  const { page, context } = await show(fixture('structure'), 'calls');
  await select(page, 'fx::Source::next', 'method');
  assert.deepEqual(await page.locator('#details-dispatch li').allTextContents(), ['Stream::next']);
  await shot(page, 'views-dispatch');
  await context.close();
});
