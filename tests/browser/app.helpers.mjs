// Shared setup for the app's browser tests: a `vite preview` server of www/dist with
// COOP/COEP, and Debian's Chromium through playwright-core.

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../bench/browser.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// CRATEMAP_APP_ISOLATED=0 serves without COOP/COEP (the single-threaded engine).
export const ISOLATED = process.env.CRATEMAP_APP_ISOLATED !== '0';

export async function startServer({ isolated = ISOLATED } = {}) {
  const dist = resolve(repoRoot, 'www/dist/index.html');
  if (!existsSync(dist)) throw new Error('www/dist is missing: run `npm run build` first (npm run test:app does).');
  if (!isolated) process.env.CRATEMAP_NO_ISOLATION = '1';
  else delete process.env.CRATEMAP_NO_ISOLATION;
  const { preview } = await import('vite');
  const server = await preview({
    configFile: resolve(repoRoot, 'www/vite.config.js'),
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    logLevel: 'error',
  });
  const addr = server.httpServer.address();
  return { url: `http://127.0.0.1:${addr.port}/`, close: () => new Promise((r) => server.httpServer.close(r)) };
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** www/dist as a plain static host serves it: files and content types, no other headers. */
export async function startStaticServer() {
  const root = resolve(repoRoot, 'www/dist');
  const server = createServer((req, res) => {
    const rel =
      normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^[/\\]+/, '') || 'index.html';
    const file = resolve(root, rel);
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Opens the app. Collects page errors, console errors and CSP violations so tests
 * can assert there were none. `hash` opens a share link.
 */
export async function openApp(
  browser,
  url,
  { hash = '', waitForDefault = false, viewport = { width: 1440, height: 900 } } = {},
) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = { pageErrors: [], csp: [], consoleErrors: [] };
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  await page.exposeFunction('__reportCsp', (v) => problems.csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportCsp(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  await page.goto(url + hash);
  await page.waitForFunction(() => window.__cratemap);
  if (waitForDefault) await idle(page);
  return { page, context, problems };
}

/** Waits until the app has no analysis or layout in flight; a hang fails the test with a reason. */
export async function idle(page, ms = 60_000) {
  await page.waitForFunction(() => window.__cratemap);
  await page.evaluate(
    (limit) =>
      Promise.race([
        window.__cratemap.idle(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`the app did not become idle within ${limit} ms`)), limit),
        ),
      ]),
    ms,
  );
}

/** True when the page's engine can analyze (the wasm build exists). */
export async function engineWorks(page) {
  await idle(page);
  return page.evaluate(() => !!(window.__cratemap.graph && window.__cratemap.run?.source === 'engine'));
}

export function noProblems(problems) {
  assert.deepEqual(problems.pageErrors, [], 'no uncaught page errors');
  assert.deepEqual(problems.csp, [], 'no CSP violations');
}

export async function waitForNode(page, name, timeout = 20000) {
  await page.waitForFunction((n) => window.__cratemap.graph?.nodes.some((x) => x.name === n), name, { timeout });
  await idle(page);
}

/** Types `code` into a new, empty workspace. */
export async function pasteCode(page, code) {
  await page.click('#new-button');
  await page.locator('#editor .cm-content').click();
  await page.keyboard.insertText(code);
}

/** Searches for `text` and chooses the first result, as a person does with Enter. */
export async function searchAndChoose(page, text) {
  await page.keyboard.press('Escape');
  await page.fill('#search-input', text);
  await page.waitForSelector('#search-results li[role="option"]');
  await page.keyboard.press('Enter');
  await idle(page);
}
