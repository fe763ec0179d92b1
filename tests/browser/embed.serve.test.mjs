// `cratemap serve PATH` on a copy of a fixture crate: the app shows the natively
// analyzed graph, the details panel shows a real snippet, an edit shows up, and
// `../` is refused.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { launch } from './app.helpers.mjs';
import { cratemapBin, repoRoot, tempDir, removeTempDirs } from './embed.helpers.mjs';

let browser, server, url, crateDir;

before(async () => {
  if (!existsSync(resolve(repoRoot, 'www/dist/index.html')))
    throw new Error('www/dist is missing: run `npm run build` first.');
  crateDir = join(tempDir('serve'), 'kinds');
  cpSync(resolve(repoRoot, 'tests/fixtures/kinds'), crateDir, { recursive: true });
  server = spawn(cratemapBin(), ['serve', crateDir, '--port', '0', '--app-dir', resolve(repoRoot, 'www/dist')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise((resolveUrl, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${seen}`)), 60000);
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      const m = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[0]);
      }
    });
    server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.kill();
  removeTempDirs();
});

/** One request sent byte for byte: clients would normalize `../` away. */
function rawGet(path) {
  const { port } = new URL(url);
  return new Promise((resolveReply, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    );
    let data = '';
    socket.on('data', (d) => {
      data += d;
    });
    socket.on('end', () => resolveReply({ status: Number(data.split(' ')[1]), body: data.split('\r\n\r\n')[1] || '' }));
    socket.on('error', reject);
  });
}

async function graphShown(page, path) {
  await page.waitForFunction((p) => window.__cratemap?.graph?.nodes.some((n) => n.path === p), path, {
    timeout: 30000,
  });
  await page.evaluate(() => window.__cratemap.idle());
}

test('the app shows the served graph, cross-origin isolated, with real snippets', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await graphShown(page, 'kinds::Point');
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.equal(await page.evaluate(() => window.__cratemap.run.source), 'serve');
  const at = await page.evaluate(() => window.__cratemap.renderedPosition('kinds::Point', 'struct'));
  assert.ok(at, 'Point is on the canvas');
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('#details-snippet');
  const snippet = await page.textContent('#details-snippet');
  assert.match(snippet, /pub struct Point \{/);
  assert.deepEqual(errors, []);

  // An edit on disk: the page picks it up by itself, and after a reload.
  const lib = join(crateDir, 'src/lib.rs');
  writeFileSync(lib, `${readFileSync(lib, 'utf8')}\npub fn edited_on_disk() {}\n`);
  await graphShown(page, 'kinds::edited_on_disk');
  await page.reload();
  await graphShown(page, 'kinds::edited_on_disk');
  await page.close();
});

test('serve refuses ../ paths and serves nothing outside the app and the crate', async () => {
  for (const path of [
    '/../Cargo.toml',
    '/assets/../../Cargo.toml',
    '/%2e%2e/%2e%2e/Cargo.toml',
    '/..%2f..%2fCargo.toml',
  ]) {
    const reply = await rawGet(path);
    assert.equal(reply.status, 400, `${path}: ${reply.body}`);
  }
  assert.equal((await rawGet('/index.html')).status, 200);
  assert.equal((await rawGet('/src/lib.rs')).status, 404);
});
