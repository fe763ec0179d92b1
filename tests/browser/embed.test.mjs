// <cratemap-graph> on a plain static server (no COOP/COEP): precomputed graphs,
// inline sources and crate archives, several instances on a page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch } from './app.helpers.mjs';
import { startStaticServer, makeSite, writePage, cratemapBin, removeTempDirs } from './embed.helpers.mjs';

let browser, server, site;

before(async () => {
  site = makeSite();
  server = await startStaticServer(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  removeTempDirs();
});

async function open(name) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(server.url + name);
  return { page, errors };
}

/** Waits for every <cratemap-graph> on the page; returns what each one shows. */
function settled(page) {
  return page.evaluate(async () => {
    const els = [...document.querySelectorAll('cratemap-graph')];
    const out = [];
    for (const el of els) {
      try {
        await el.ready;
        out.push({
          ok: true,
          nodes: el.graph.nodes.length,
          shown: el.cy.nodes().length,
          state: el.state,
          labels: el.cy.nodes().map((n) => n.data('label')),
          status: el.shadowRoot.querySelector('.cm-status').textContent,
          input: !el.shadowRoot.querySelector('.cm-input').hidden,
        });
      } catch (e) {
        out.push({ ok: false, error: String(e ? e.message : e) });
      }
    }
    return out;
  });
}

test('src: a precomputed graph needs no wasm, no worker and no special headers', async () => {
  const name = writePage(site, 'src.html', '<cratemap-graph src="kinds.json" readonly></cratemap-graph>');
  const { page, errors } = await open(name);
  const [g] = await settled(page);
  assert.ok(g.ok, g.error);
  assert.ok(g.nodes > 20, `graph has ${g.nodes} nodes`);
  assert.ok(g.shown > 3, `canvas shows ${g.shown} nodes`);
  assert.ok(g.labels.includes('Point'), g.labels.join(','));
  assert.equal(g.input, false);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.ok(!server.requests.some((p) => p.endsWith('.wasm') || p.includes('worker')), server.requests.join(' '));
  assert.deepEqual(errors, []);
  await page.close();
});

test('inline <script type="text/rust"> is analyzed live by the single-threaded engine', async () => {
  const name = writePage(
    site,
    'inline.html',
    `<cratemap-graph view="calls">
    <script type="text/rust" path="src/lib.rs">
      pub struct Parser { pos: usize }
      impl Parser {
          pub fn parse(&mut self) -> usize { self.step() }
          fn step(&mut self) -> usize { self.pos += 1; self.pos }
      }
    </script>
  </cratemap-graph>`,
  );
  const { page, errors } = await open(name);
  const [g] = await settled(page);
  assert.ok(g.ok, g.error);
  assert.ok(g.labels.includes('Parser::parse') && g.labels.includes('Parser::step'), g.labels.join(','));
  assert.match(g.status, /\(single\)/);
  assert.equal(g.input, true, 'the input panel is there without readonly');
  // Spans count from the dedented code: the snippet shows the real line.
  const snippet = await page.evaluate(async () => {
    const el = document.querySelector('cratemap-graph');
    const node = el.cy.nodes().filter((n) => n.data('label') === 'Parser::step')[0];
    node.emit('tap');
    return el.shadowRoot.querySelector('#details-snippet .line.hl')?.textContent;
  });
  assert.match(snippet, /fn step\(&mut self\) -> usize/);
  // Editing the source re-analyzes.
  await page.evaluate(() => {
    const area = document.querySelector('cratemap-graph').shadowRoot.querySelector('.cm-code');
    area.value = area.value.replace('fn step', 'fn advance').replace('self.step()', 'self.advance()');
    area.dispatchEvent(new Event('input'));
  });
  await page.waitForFunction(
    () =>
      document
        .querySelector('cratemap-graph')
        .cy.nodes()
        .some((n) => n.data('label') === 'Parser::advance'),
    null,
    { timeout: 20000 },
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test('crate-src: a .crate archive is fetched, unpacked and analyzed live', async () => {
  const name = writePage(
    site,
    'crate.html',
    '<cratemap-graph crate-src="kinds-0.1.0.crate" view="types" focus="kinds::Area" readonly></cratemap-graph>',
  );
  const { page, errors } = await open(name);
  const [g] = await settled(page);
  assert.ok(g.ok, g.error);
  assert.equal(g.state.focus, 'kinds::Area');
  assert.ok(
    g.labels.some((l) => l.includes('impl Area for Circle')),
    g.labels.join(','),
  );
  assert.equal(g.input, false, 'readonly hides the input panel');
  assert.deepEqual(errors, []);
  await page.close();
});

test('several instances with their own options; attributes re-render; page styles stay out', async () => {
  const name = writePage(
    site,
    'many.html',
    `<style>div, span, button { color: red !important; font-size: 40px !important; }</style>
    <cratemap-graph id="a" src="kinds.json" view="modules" readonly height="300"></cratemap-graph>
    <cratemap-graph id="b" src="kinds.json" view="calls" focus="kinds::total" direction="out" theme="dark" readonly height="300"></cratemap-graph>
    <cratemap-graph id="c" src="kinds.json" view="types" focus="kinds::nope" readonly height="300"></cratemap-graph>`,
  );
  const { page, errors } = await open(name);
  const [a, b, c] = await settled(page);
  assert.ok(a.ok && b.ok && c.ok);
  assert.equal(a.state.view, 'modules');
  for (const label of ['Point::new', 'Point::norm', 'total']) assert.ok(b.labels.includes(label), b.labels.join(','));
  assert.ok(!b.labels.includes('Point::scaled'), 'direction="out" leaves callers out');
  assert.match(c.status, /focus: no item has the path "kinds::nope"/);
  const looks = await page.evaluate(() => {
    const root = (id) => document.getElementById(id).shadowRoot.querySelector('.cm-root');
    const button = document.getElementById('a').shadowRoot.querySelector('.cm-views button');
    return {
      a: root('a').dataset.theme,
      b: root('b').dataset.theme,
      fontSize: getComputedStyle(button).fontSize,
      height: document.getElementById('a').getBoundingClientRect().height,
    };
  });
  assert.deepEqual([looks.a, looks.b], ['light', 'dark']);
  assert.notEqual(looks.fontSize, '40px');
  assert.equal(Math.round(looks.height), 300);
  await page.evaluate(() => document.getElementById('a').setAttribute('view', 'types'));
  await page.waitForFunction(() => document.getElementById('a').state.view === 'types');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a resized embed tells its canvas, which refits the graph', async () => {
  const name = writePage(site, 'resize.html', '<cratemap-graph src="kinds.json" readonly></cratemap-graph>', {
    head: '<style>cratemap-graph { display: block; width: 600px; height: 800px; }</style>',
  });
  const { page, errors } = await open(name);
  const [g] = await settled(page);
  assert.ok(g.ok, g.error);
  const view = () =>
    page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const cy = document.querySelector('cratemap-graph').cy;
      const bb = cy.elements().renderedBoundingBox();
      return { width: cy.width(), height: cy.height(), bb: { x1: bb.x1, x2: bb.x2, y1: bb.y1, y2: bb.y2 } };
    });
  const small = await view();
  await page.addStyleTag({ content: 'cratemap-graph { width: 1000px !important; }' });
  const wide = await view();
  assert.ok(wide.width - small.width > 300, `the canvas widened from ${small.width} to ${wide.width}`);
  for (const v of [small, wide]) {
    assert.ok(v.bb.x1 >= -1 && v.bb.x2 <= v.width + 1, `the graph is inside the canvas: ${JSON.stringify(v)}`);
    assert.ok(v.bb.y1 >= -1 && v.bb.y2 <= v.height + 1, `the graph is inside the canvas: ${JSON.stringify(v)}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the viewer without the engine stays under 300 KB gzipped', () => {
  const viewer = readFileSync(join(site, 'embed/cratemap-viewer.js'));
  const gz = gzipSync(viewer, { level: 9 }).length;
  assert.ok(gz < 300 * 1024, `cratemap-viewer.js is ${(gz / 1024).toFixed(1)} KB gzipped`);
});

test('on a cross-origin isolated page the same embed runs the threaded engine', async () => {
  writeFileSync(
    join(site, 'index.html'),
    readFileSync(
      join(
        site,
        writePage(
          site,
          'isolated.html',
          `<cratemap-graph view="calls" readonly>
    <script type="text/rust">pub fn a() { b() } pub fn b() {}</script></cratemap-graph>`,
        ),
      ),
    ),
  );
  // `cratemap serve` without a crate is a static server with COOP/COEP.
  const serve = spawn(cratemapBin(), ['serve', '--port', '0', '--app-dir', site], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise((resolveUrl, reject) => {
      serve.stdout.on('data', (chunk) => {
        const m = String(chunk).match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (m) resolveUrl(m[0]);
      });
      serve.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const page = await browser.newPage();
    await page.goto(url);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    const [g] = await settled(page);
    assert.ok(g.ok, g.error);
    assert.match(g.status, /\(threads\)/);
    assert.ok(g.labels.includes('a') && g.labels.includes('b'), g.labels.join(','));
    await page.close();
  } finally {
    serve.kill();
  }
});
