// Share links (source in the URL fragment), run in Node on the module the page uses;
// then, in the app, archives opened from a URL and shared as that URL.
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import assert from 'node:assert/strict';
import { deflateSync } from 'fflate';
import { encodeShare, decodeShare, MAX_SHARE_SOURCE } from '../../www/app/share.js';
import {
  idle,
  launch,
  noProblems,
  openApp,
  pasteCode,
  searchAndChoose,
  startServer,
  waitForNode,
} from './app.helpers.mjs';

const SHOTS = process.env.CRATEMAP_SHOTS; // a folder: save the states this test checks

const enc = new TextEncoder();
const b64url = (bytes) =>
  Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

test('a link round-trips files, view and focus', () => {
  const files = [
    { path: 'src/lib.rs', bytes: enc.encode('pub fn a() {}\n// ünïcode\n') },
    { path: 'src/b.rs', bytes: enc.encode('pub struct B;\n') },
  ];
  const frag = encodeShare(files, { view: 'types', focus: 'lib::B' });
  assert.match(frag, /^src=[A-Za-z0-9_-]+$/);
  const back = decodeShare(`#${frag}`);
  assert.deepEqual(
    back.files.map((f) => [f.path, new TextDecoder().decode(f.bytes)]),
    files.map((f) => [f.path, new TextDecoder().decode(f.bytes)]),
  );
  assert.equal(back.view, 'types');
  assert.equal(back.focus, 'lib::B');
});

test('inputs too big for a link are refused with a clear message', () => {
  const big = [{ path: 'src/lib.rs', bytes: new Uint8Array(MAX_SHARE_SOURCE + 1).fill(0x61) }];
  assert.throws(() => encodeShare(big), /links can carry up to/);
});

test('a decompression bomb in the fragment stops at the limit', () => {
  const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
  assert.throws(() => decodeShare(`#src=${b64url(bomb)}`), /expands to too much data/);
});

test('damaged or foreign fragments are reported, not thrown raw', () => {
  assert.equal(decodeShare('#view=modules'), null);
  assert.throws(() => decodeShare('#src=not-deflate-data'), /damaged/);
  assert.throws(() => decodeShare(`#src=${b64url(deflateSync(enc.encode('{"v":2}')))}`), /unknown format/);
});

// In the app, in Chromium: an archive opened from a URL is shared as that URL. The
// archive is the search fixture's .crate on a loopback server of its own (another
// origin, so it sends CORS headers as crates.io's download host does). Needs `npm run build`.

const CRATE = readFileSync(new URL('../fixtures/search/searchfx-0.1.0.crate', import.meta.url));

/** A static host for the archives: the fixture, a 404 and a page of garbage. */
async function startArchiveServer() {
  const server = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (req.url === '/searchfx-0.1.0.crate') {
      res.writeHead(200, { ...cors, 'Content-Type': 'application/gzip', 'Content-Length': CRATE.length });
      res.end(CRATE);
    } else if (req.url === '/garbage.crate') {
      res.writeHead(200, { ...cors, 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>Not here</title><p>This is a login page, not an archive.');
    } else {
      res.writeHead(404, cors);
      res.end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

describe('sharing an archive from a URL', () => {
  let app, archives, browser;
  before(async () => {
    app = await startServer();
    archives = await startArchiveServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await archives?.close();
    await app?.close();
  });
  const banner = async (page) => {
    await page.waitForSelector('#banner', { state: 'visible' });
    return page.textContent('#banner .banner-text');
  };

  test('?url= opens the archive; Share links the URL, view and focus, and the link opens them', async () => {
    const crate = `${archives.url}searchfx-0.1.0.crate`;
    const { page, context, problems } = await openApp(browser, app.url, { hash: `?url=${encodeURIComponent(crate)}` });
    await waitForNode(page, 'RuntimeBuilder', 60000);
    assert.equal(await page.evaluate(() => window.__cratemap.run.source), 'engine');
    await searchAndChoose(page, 'Runtime');
    assert.equal(await page.evaluate(() => window.__cratemap.view), 'types');
    await page.click('#share-button');
    await page.waitForFunction(() => location.hash.includes('url='));
    const link = await page.evaluate(() => location.origin + location.pathname + location.hash);
    const params = new URLSearchParams(new URL(link).hash.slice(1));
    assert.equal(params.get('url'), crate, 'the link carries the URL');
    assert.equal(params.get('src'), null, 'not the bytes');
    assert.deepEqual([params.get('view'), params.get('focus')], ['types', 'searchfx::engine::Runtime']);
    assert.ok(link.length < 300, `a short link (${link.length} characters)`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/share-url.png` });
    await context.close();

    const opened = await openApp(browser, link);
    await waitForNode(opened.page, 'RuntimeBuilder', 60000);
    await idle(opened.page);
    assert.equal(await opened.page.evaluate(() => window.__cratemap.view), 'types');
    assert.equal(await opened.page.evaluate(() => window.__cratemap.selected?.path), 'searchfx::engine::Runtime');
    noProblems(problems);
    noProblems(opened.problems);
    await opened.context.close();
  });

  test('a URL that answers 404, or garbage, says so clearly', async () => {
    for (const [file, message] of [
      ['missing.crate', /missing\.crate answered 404/],
      ['garbage.crate', /garbage\.crate is not a \.crate, \.zip or \.tar\.gz archive \(the server says text\/html\)/],
    ]) {
      const { page, context } = await openApp(browser, app.url, {
        hash: `#url=${encodeURIComponent(archives.url + file)}`,
      });
      await idle(page);
      assert.match(await banner(page), message);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/share-url-${file}.png` });
      await context.close();
    }
    const { page, context } = await openApp(browser, app.url, { hash: '#url=ftp%3A%2F%2Fexample.com%2Fx.crate' });
    await idle(page);
    assert.match(await banner(page), /only https URLs \(or http on localhost\) can be opened/);
    await context.close();
  });

  test('a local input too big for a link: Share says why and what to do', async () => {
    const { page, context } = await openApp(browser, app.url, { waitForDefault: true });
    await page.evaluate(() => {
      document.querySelector('#example-select').value = '';
    });
    await pasteCode(page, `pub fn big() {}\n${'// padding line for a source too big to share\n'.repeat(2400)}`);
    // The edit's analysis hides the banner when it ends: let it end first.
    await waitForNode(page, 'big', 120000);
    await page.click('#share-button');
    const text = await banner(page);
    assert.match(text, /links can carry up to 96 KB of source/);
    assert.match(text, /\?url=/);
    assert.ok(!(await page.evaluate(() => location.hash.includes('src='))), 'no link was made');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/share-too-big.png` });
    await context.close();
  });
});
