// "Open a crate" in Chromium, against a sparse-index registry on loopback (registry.mjs,
// serving real crates.io archives and index lines): the dialog's version picker, deep
// links, Share, the download cache with the registry gone, and each failure's message.
// Needs `npm run build`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { idle, launch, noProblems, openApp, startServer, waitForNode } from './app.helpers.mjs';
import { startRegistry } from './registry.mjs';

const SHOTS = process.env.CRATEMAP_SHOTS; // a folder: save the states this test checks

describe('a crate from the registry', () => {
  let app, registry, browser;
  before(async () => {
    app = await startServer();
    registry = await startRegistry();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await registry?.close();
    await app?.close();
  });
  const page = (query = '') => `${app.url}?registry=${encodeURIComponent(registry.index)}${query}`;
  const banner = async (p) => {
    await p.waitForSelector('#banner', { state: 'visible' });
    return p.textContent('#banner .banner-text');
  };

  test('the dialog lists the versions, picks the newest not yanked, and opens it', async () => {
    const { page: p, context, problems } = await openApp(browser, page(), { waitForDefault: true });
    await p.click('#open-button');
    await p.click('[data-open="crate"]');
    assert.ok(await p.isVisible('#crate-dialog'), 'the dialog is shown');
    assert.match(await p.textContent('#crate-registry'), /^127\.0\.0\.1:\d+$/, 'the registry host is shown');
    await p.locator('#crate-name').pressSequentially('plotters', { delay: 50 });
    await p.waitForFunction(() => document.querySelectorAll('#crate-suggestions option').length === 2);
    assert.deepEqual(
      await p.$$eval('#crate-suggestions option', (os) => os.map((o) => o.value).sort()),
      ['plotters-backend', 'plotters-svg'],
      'names are suggested from the registry search',
    );
    const searches = registry.requests.filter((r) => r.startsWith('/api/v1/crates'));
    assert.equal(searches.length, 1, `typing a word makes one search request (${searches.join(', ')})`);
    await p.fill('#crate-name', 'plotters-svg');
    await p.waitForFunction(() => !document.querySelector('#crate-version').disabled);
    const options = await p.$$eval('#crate-version option', (os) => os.map((o) => [o.textContent, o.selected]));
    assert.deepEqual(options, [
      ['0.3.7 (yanked)', false],
      ['0.3.5', true],
    ]);
    if (SHOTS) await p.screenshot({ path: `${SHOTS}/crate-dialog.png` });
    await p.click('#crate-open');
    await waitForNode(p, 'SVGBackend', 60000);
    assert.match(await p.textContent('#status'), /./);
    assert.ok(
      await p.evaluate(() => window.__cratemap.graph.nodes.some((n) => n.path?.startsWith('plotters_svg::svg'))),
      'the crate is analyzed as plotters_svg',
    );
    assert.ok(registry.requests.includes('/dl/plotters-svg/0.3.5/download'), 'the non-yanked version was downloaded');
    if (SHOTS) await p.screenshot({ path: `${SHOTS}/crate-opened.png` });

    await p.click('#share-button');
    await p.waitForFunction(() => location.hash.includes('crate='));
    const hash = await p.evaluate(() => location.hash);
    assert.equal(new URLSearchParams(hash.slice(1)).get('crate'), 'plotters-svg@0.3.5', 'Share links name@version');
    noProblems(problems);
    await context.close();
  });

  test('a deep link opens that version, and a second visit needs no registry', async () => {
    const link = page('#crate=plotters-svg@0.3.7&view=types');
    const first = await openApp(browser, link);
    await waitForNode(first.page, 'SVGBackend', 60000);
    assert.equal(await first.page.evaluate(() => window.__cratemap.view), 'types');
    noProblems(first.problems);

    // The same browser profile, with the registry gone: the cache answers.
    const downloads = registry.requests.filter((r) => r.startsWith('/dl/')).length;
    await first.page.route('http://127.0.0.1:*/index/**', (route) => route.abort('internetdisconnected'));
    await first.page.route('http://127.0.0.1:*/dl/**', (route) => route.abort('internetdisconnected'));
    await first.page.reload();
    await first.page.waitForFunction(() => window.__cratemap);
    await waitForNode(first.page, 'SVGBackend', 60000);
    assert.equal(registry.requests.filter((r) => r.startsWith('/dl/')).length, downloads, 'no new download');
    if (SHOTS) await first.page.screenshot({ path: `${SHOTS}/crate-from-cache.png` });

    // Forgetting the downloads makes the next open need the network, which is gone.
    await first.page.click('#open-button');
    await first.page.click('[data-open="crate"]');
    await first.page.click('#crate-forget');
    await first.page.waitForFunction(() => /forgotten/.test(document.querySelector('#crate-note').textContent));
    await first.page.click('#crate-cancel');
    await first.page.evaluate(() => {
      location.hash = 'crate=plotters-svg@0.3.5';
    });
    assert.match(await banner(first.page), /offline, or the host does not let this page read it/);
    await first.context.close();
  });

  test('with dependencies: the tree by cargo rules, one graph, paths into a dependency resolved', async () => {
    const { page: p, context, problems } = await openApp(browser, page(), { waitForDefault: true });
    await p.click('#open-button');
    await p.click('[data-open="crate"]');
    await p.fill('#crate-name', 'plotters-svg@0.3.5');
    await p.check('#crate-deps');
    assert.equal(await p.inputValue('#crate-depth'), 'all');
    await p.click('#crate-open');
    await waitForNode(p, 'DrawingBackend', 60000);
    const graph = await p.evaluate(() => ({
      crates: window.__cratemap.graph.crates.map((c) => c.name),
      implFor: window.__cratemap.graph.edges
        .filter((e) => e.kind === 'implements')
        .map((e) => window.__cratemap.graph.nodes[e.target].path),
    }));
    assert.deepEqual(graph.crates.sort(), ['plotters_backend', 'plotters_svg']);
    assert.ok(
      graph.implFor.includes('plotters_backend::DrawingBackend'),
      "SVGBackend's impl links to the dependency's own trait, not to an external node",
    );
    // ^0.3.5 takes the greatest compatible version; the optional `image` stays out.
    assert.ok(registry.requests.includes('/dl/plotters-backend/0.3.7/download'));
    assert.ok(!registry.requests.some((r) => r.includes('image')), 'an optional dependency no feature turns on');
    if (SHOTS) await p.screenshot({ path: `${SHOTS}/crate-with-deps.png` });
    await p.click('#share-button');
    await p.waitForFunction(() => location.hash.includes('deps='));
    const params = new URLSearchParams(await p.evaluate(() => location.hash.slice(1)));
    assert.deepEqual([params.get('crate'), params.get('deps')], ['plotters-svg@0.3.5', 'all']);
    noProblems(problems);
    await context.close();
  });

  test('each failure says what went wrong and leaves the page as it was', async () => {
    const cases = [
      ['#crate=no-such-crate', /There is no crate named no-such-crate in 127\.0\.0\.1/],
      ['#crate=plotters-svg@9.9.9', /plotters-svg has no version 9\.9\.9/],
      ['#crate=..%2Fetc', /is not a crate name/],
      ['#crate=plotters-svg@latest', /"latest" is not a version/],
    ];
    for (const [hash, message] of cases) {
      const { page: p, context } = await openApp(browser, page(hash));
      await idle(p);
      assert.match(await banner(p), message, hash);
      await context.close();
    }

    // A download changed on the way no longer matches the index's sha256.
    const { page: p, context, problems } = await openApp(browser, page(), { waitForDefault: true });
    const before = await p.evaluate(() => window.__cratemap.graph.nodes.length);
    await p.route('http://127.0.0.1:*/dl/**', async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      body[body.length - 20] ^= 0xff;
      await route.fulfill({ response, body });
    });
    await p.evaluate(() => {
      location.hash = 'crate=plotters-svg@0.3.5';
    });
    assert.match(await banner(p), /does not match the index's checksum/);
    await idle(p);
    if (SHOTS) await p.screenshot({ path: `${SHOTS}/crate-checksum.png` });
    assert.equal(await p.evaluate(() => window.__cratemap.graph.nodes.length), before, 'the graph shown is kept');

    // A download cut off after its first bytes.
    await p.click('.banner-close');
    await p.unroute('http://127.0.0.1:*/dl/**');
    await p.route('http://127.0.0.1:*/dl/**', (route) => route.abort('connectionreset'));
    await p.evaluate(() => {
      location.hash = 'crate=plotters-svg@0.3.7';
    });
    assert.match(await banner(p), /Could not download plotters-svg 0\.3\.7/);
    noProblems(problems);
    await context.close();
  });
});
