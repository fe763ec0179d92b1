// The README's "Embed in your docs" examples (docs/embed/), each built and
// loaded in headless Chromium from a plain static server:
// - plain HTML: the page as it is;
// - rustdoc: real `rustdoc` runs, with `--html-in-header` (docs/embed/rustdoc/lib.rs)
//   and with the script in a doc comment (docs/embed/rustdoc/doc_comment.rs);
// - mdBook: a real `mdbook build` when mdbook is installed; otherwise (mdbook is
//   not packaged here and `cargo install mdbook` is too slow for CI) the chapter
//   as mdBook emits it: its raw HTML passed through verbatim inside <main>.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch } from './app.helpers.mjs';
import { startStaticServer, makeSite, repoRoot, tempDir, removeTempDirs } from './embed.helpers.mjs';

const docs = resolve(repoRoot, 'docs/embed');
let browser, fixtureSite;

before(async () => {
  fixtureSite = makeSite(); // the embed bundle under embed/, kinds.json
  browser = await launch();
});
after(async () => {
  await browser?.close();
  removeTempDirs();
});

/** Copies the bundle and the graph where an example expects them. */
function stage(site, bundleDir, graphPath) {
  cpSync(join(fixtureSite, 'embed'), join(site, bundleDir), { recursive: true });
  cpSync(join(fixtureSite, 'kinds.json'), join(site, graphPath));
}

async function loadAll(root, path) {
  const server = await startStaticServer(root);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Browsers ask for /favicon.ico by themselves; any other missing file is an error.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()}: ${r.url()}`);
  });
  page.on('requestfailed', (r) => errors.push(`failed: ${r.url()}`));
  try {
    await page.goto(server.url + path);
    await page.waitForFunction(() => customElements.get('cratemap-graph'), null, { timeout: 20000 });
    const results = await page.evaluate(() =>
      Promise.all(
        [...document.querySelectorAll('cratemap-graph')].map((el) =>
          el.ready.then(
            () => ({ ok: true, nodes: el.cy.nodes().length, state: el.state }),
            (e) => ({ ok: false, error: String(e) }),
          ),
        ),
      ),
    );
    return { results, errors };
  } finally {
    await page.close();
    await server.close();
  }
}

test('plain HTML page: three embeds, precomputed and live', async () => {
  const site = tempDir('doc-plain');
  cpSync(join(docs, 'plain/index.html'), join(site, 'index.html'));
  stage(site, 'cratemap', 'graph.json');
  const { results, errors } = await loadAll(site, 'index.html');
  assert.equal(results.length, 3);
  for (const r of results) assert.ok(r.ok && r.nodes > 0, JSON.stringify(r));
  assert.equal(results[1].state.focus, 'kinds::Point::new');
  assert.deepEqual(errors, []);
});

test('rustdoc with --html-in-header and a doc comment', async () => {
  const site = tempDir('doc-rustdoc');
  execFileSync(
    'rustdoc',
    [
      '--edition',
      '2021',
      '--crate-name',
      'demo',
      join(docs, 'rustdoc/lib.rs'),
      '-o',
      join(site, 'doc'),
      '--html-in-header',
      join(docs, 'rustdoc/header.html'),
    ],
    { stdio: 'inherit' },
  );
  stage(site, 'cratemap', 'doc/graph.json');
  const { results, errors } = await loadAll(site, 'doc/demo/index.html');
  assert.equal(results.length, 1);
  assert.ok(results[0].ok && results[0].nodes > 0, JSON.stringify(results[0]));
  assert.equal(results[0].state.view, 'types');
  assert.deepEqual(errors, []);
});

test('rustdoc with the script in a doc comment', async () => {
  const site = tempDir('doc-rustdoc-comment');
  execFileSync(
    'rustdoc',
    ['--edition', '2021', '--crate-name', 'demo', join(docs, 'rustdoc/doc_comment.rs'), '-o', join(site, 'doc')],
    { stdio: 'inherit' },
  );
  stage(site, 'cratemap', 'doc/graph.json');
  const { results, errors } = await loadAll(site, 'doc/demo/index.html');
  assert.equal(results.length, 1);
  assert.ok(results[0].ok && results[0].nodes > 0, JSON.stringify(results[0]));
  assert.equal(results[0].state.focus, 'kinds::total');
  assert.deepEqual(errors, []);
});

/** The chapter as mdBook renders it: markdown to HTML, raw HTML blocks verbatim. */
function mdbookChapter(markdown) {
  const blocks = markdown.trim().split(/\n\s*\n/);
  const html = blocks
    .map((block) => {
      if (block.startsWith('<')) return block;
      const heading = block.match(/^(#+)\s+(.*)$/);
      if (heading) return `<h${heading[1].length}>${heading[2]}</h${heading[1].length}>`;
      return `<p>${block.replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`;
    })
    .join('\n');
  return `<!DOCTYPE HTML><html lang="en" class="light"><head><meta charset="UTF-8"><title>Architecture - my_crate guide</title>
<link rel="icon" href="data:,"></head><body><div id="body-container"><div id="page-wrapper" class="page-wrapper"><div class="page">
<div id="content" class="content"><main>\n${html}\n</main></div></div></div></div></body></html>`;
}

test('mdBook chapter', async () => {
  const site = tempDir('doc-mdbook');
  const book = join(site, 'book');
  const hasMdbook = spawnSync('mdbook', ['--version']).status === 0;
  if (hasMdbook) {
    cpSync(join(docs, 'mdbook'), join(site, 'src-book'), { recursive: true });
    stage(join(site, 'src-book/src'), 'cratemap', 'graph.json');
    execFileSync('mdbook', ['build', join(site, 'src-book'), '-d', book], { stdio: 'inherit' });
  } else {
    mkdirSync(book, { recursive: true });
    writeFileSync(
      join(book, 'architecture.html'),
      mdbookChapter(readFileSync(join(docs, 'mdbook/src/architecture.md'), 'utf8')),
    );
    stage(book, 'cratemap', 'graph.json');
  }
  const { results, errors } = await loadAll(book, 'architecture.html');
  assert.equal(results.length, 1);
  assert.ok(results[0].ok && results[0].nodes > 0, JSON.stringify(results[0]));
  assert.deepEqual(errors, []);
});
