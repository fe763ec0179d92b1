// `cratemap export`: the HTML page opened from file:// (no network request at
// all), and the SVG parsed by the browser.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './app.helpers.mjs';
import { cratemap, repoRoot, tempDir, removeTempDirs } from './embed.helpers.mjs';

const fixture = resolve(repoRoot, 'tests/fixtures/kinds');
let browser, out;

before(async () => {
  out = tempDir('export');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  removeTempDirs();
});

test('exported HTML opens from file:// with no network request and shows the focus', async () => {
  const file = join(out, 'kinds.html');
  cratemap(['export', fixture, '--format', 'html', '--view', 'types', '--focus', 'kinds::Area', '-o', file]);
  const page = await browser.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const url = pathToFileURL(file).href;
  await page.goto(url);
  const shown = await page.evaluate(async () => {
    const el = document.querySelector('cratemap-graph');
    await el.ready;
    return {
      state: el.state,
      labels: el.cy.nodes().map((n) => n.data('label')),
      readonly: el.hasAttribute('readonly'),
    };
  });
  assert.equal(shown.state.view, 'types');
  assert.equal(shown.state.focus, 'kinds::Area');
  assert.ok(shown.labels.includes('Area'), shown.labels.join(', '));
  assert.ok(
    shown.labels.some((l) => l.includes('impl Area for Circle')),
    shown.labels.join(', '),
  );
  assert.ok(shown.readonly);
  // The page itself is the only request: viewer and graph are inline.
  assert.deepEqual(
    requests.filter((r) => !r.startsWith('data:')),
    [url],
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test('exported HTML with --sources shows snippets in the details panel', async () => {
  const file = join(out, 'kinds-sources.html');
  cratemap(['export', fixture, '--format', 'html', '--sources', '--view', 'types', '-o', file]);
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href);
  const snippet = await page.evaluate(async () => {
    const el = document.querySelector('cratemap-graph');
    await el.ready;
    el.cy
      .nodes()
      .filter((n) => n.data('label') === 'Point')[0]
      .emit('tap');
    return el.shadowRoot.querySelector('#details-snippet')?.textContent;
  });
  assert.match(snippet || '', /pub struct Point \{/);
  await page.close();
});

test('exported SVG parses and contains the focused nodes', async () => {
  const file = join(out, 'calls.svg');
  cratemap([
    'export',
    fixture,
    '--format',
    'svg',
    '--view',
    'calls',
    '--focus',
    'kinds::Point::new',
    '--direction',
    'in',
    '-o',
    file,
  ]);
  const svg = readFileSync(file, 'utf8');
  const page = await browser.newPage();
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    return {
      error: error ? error.textContent : null,
      root: doc.documentElement.localName,
      focus: [...doc.querySelectorAll('g.node.focus')].map((g) => g.getAttribute('data-path')),
      nodes: [...doc.querySelectorAll('g.node')].map((g) => g.getAttribute('data-path')).sort(),
      edges: doc.querySelectorAll('path.edge[data-kind="calls"]').length,
    };
  }, svg);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  assert.deepEqual(parsed.focus, ['kinds::Point::new']);
  assert.deepEqual(parsed.nodes, ['kinds::Point::new', 'kinds::Point::scaled', 'kinds::total']);
  assert.equal(parsed.edges, 2);
  // It renders: the browser lays it out at its declared size.
  await page.goto(pathToFileURL(file).href);
  const box = await page.evaluate(() => {
    const r = document.documentElement.getBoundingClientRect();
    return [r.width, r.height];
  });
  assert.ok(box[0] > 100 && box[1] > 50, String(box));
  await page.close();
});
