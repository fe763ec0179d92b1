// <cratemap-graph> on a plain static server (no COOP/COEP): precomputed graphs,
// inline sources and crate archives, several instances on a page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './app.helpers.mjs';
import { startStaticServer, makeSite, writePage } from './embed.helpers.mjs';

let browser, server, site;

before(async () => {
  site = makeSite();
  server = await startStaticServer(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(name) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
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
        out.push({ ok: true, nodes: el.graph.nodes.length, shown: el.cy.nodes().length, state: el.state,
          labels: el.cy.nodes().map((n) => n.data('label')), status: el.shadowRoot.querySelector('.cm-status').textContent,
          input: !el.shadowRoot.querySelector('.cm-input').hidden });
      } catch (e) {
        out.push({ ok: false, error: String(e && e.message) });
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
