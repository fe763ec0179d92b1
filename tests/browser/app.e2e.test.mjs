// End-to-end tests of the web app in headless Chromium (Debian's), each asserting on
// what a user sees. Needs `npm run build` (npm run test:app does it) and the wasm
// engine (scripts/build-wasm.sh) for the tests that analyze source.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, gzipSync, strToU8 } from 'fflate';
import {
  startServer,
  startStaticServer,
  launch,
  openApp,
  idle,
  noProblems,
  pasteCode,
  searchAndChoose,
  waitForNode,
  ISOLATED,
} from './app.helpers.mjs';
import { makeTar, syntheticGraph } from './app.fixtures.mjs';

let server, browser;
const opened = [];

before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  for (const c of opened) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

async function open(opts) {
  const app = await openApp(browser, server.url, { waitForDefault: true, ...opts });
  opened.push(app.context);
  return app;
}

const nodeNames = (page) => page.evaluate(() => window.__cratemap.graph.nodes.map((n) => n.name));
const shownLabels = (page) => page.evaluate(() => window.__cratemap.labels());

/** The user sees these labels on the canvas. */
async function assertDrawn(page, ...labels) {
  const drawn = await shownLabels(page);
  for (const l of labels) assert.ok(drawn.includes(l), `not drawn: ${l} (drawn: ${drawn.join(', ')})`);
}

const PARSER = `//! A pasted crate.
/// Parses things.
pub struct Parser { pos: usize }

impl Parser {
    /// Makes a parser.
    pub fn new() -> Self { Parser { pos: 0 } }
    pub fn parse(&mut self, input: &str) -> usize { self.advance(); input.len() }
    fn advance(&mut self) { self.pos += 1; }
}

pub trait Visitor { fn visit(&self, p: &Parser); }

pub fn run(input: &str) -> usize {
    let mut p = Parser::new();
    p.parse(input)
}
`;

describe('cratemap app', () => {
  test('first load shows cratemap’s own source as a graph, with no CSP violation', async () => {
    const { page, problems } = await open();
    const graph = await page.evaluate(() => ({
      crates: window.__cratemap.graph.crates.map((c) => c.name),
      files: window.__cratemap.graph.files.map((f) => f.path),
    }));
    assert.ok(graph.crates.includes('cratemap'), `crates: ${graph.crates}`);
    assert.ok(graph.files.includes('src/lib.rs'));
    assert.ok((await shownLabels(page)).length > 3);
    assert.match(await page.textContent('#status'), /nodes, .* edges/);
    assert.equal(await page.evaluate(() => crossOriginIsolated), ISOLATED);
    // The stats panel: counts, phases, threads and throughput of this run.
    await page.click('.tab[data-tab="stats"]');
    const stats = await page.textContent('#stats');
    for (const text of ['Nodes', 'Threads', 'MB/s', 'parse', 'resolve'])
      assert.ok(stats.includes(text), `stats show ${text}: ${stats}`);
    noProblems(problems);
  });

  test('filters hide node kinds, edge kinds and private items', async () => {
    const { page, problems } = await open();
    await page.selectOption('#example-select', 'shapes');
    await waitForNode(page, 'Circle');
    await page.click('#view-switch [data-view="types"]');
    await idle(page);
    await assertDrawn(page, 'Circle', 'Shape', 'impl Shape for Circle');
    await page.click('.tab[data-tab="filters"]');
    await page.click('#filters input[data-filter="node-kind"][value="impl"]');
    await idle(page);
    const drawn = await shownLabels(page);
    assert.ok(!drawn.some((l) => l.startsWith('impl ')), `no impls drawn: ${drawn}`);
    await assertDrawn(page, 'Circle', 'Shape');
    // Edge kinds: supertrait edges go, the traits stay.
    const edgeKinds = () => page.evaluate(() => window.__cratemap.cy.edges().map((e) => e.data('kind')));
    assert.ok((await edgeKinds()).includes('supertrait'));
    await page.click('#filters input[data-filter="edge-kind"][value="supertrait"]');
    await idle(page);
    assert.ok(!(await edgeKinds()).includes('supertrait'));
    // Reset brings the impls back.
    await page.click('#filters .filter-actions button');
    await idle(page);
    await assertDrawn(page, 'impl Shape for Circle');
    noProblems(problems);
  });

  test('paste code, then the graph shows its items', async () => {
    const { page, problems } = await open();
    await pasteCode(page, PARSER);
    // New empties the view, so only the pasted crate's graph can match.
    await waitForNode(page, 'Visitor');
    assert.deepEqual(await page.evaluate(() => window.__cratemap.graph.files.map((f) => f.path)), ['src/lib.rs']);
    const names = await nodeNames(page);
    for (const n of ['Parser', 'new', 'parse', 'Visitor', 'run']) assert.ok(names.includes(n), `missing ${n}`);
    const labels = await shownLabels(page);
    for (const n of ['Parser', 'Visitor', 'run'])
      assert.ok(labels.includes(n), `not drawn: ${n} (drawn: ${labels.join(', ')})`);
    // Editing re-analyzes (debounced) and keeps the selection.
    await searchAndChoose(page, 'Parser');
    await page.locator('#editor .cm-content').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.insertText('pub fn added_later() {}\n');
    await waitForNode(page, 'added_later');
    // The edit above it moved Parser, yet it is still the selection and the focus.
    assert.equal(await page.evaluate(() => window.__cratemap.selected?.name), 'Parser');
    assert.equal(await page.evaluate(() => window.__cratemap.focus?.name), 'Parser');
    assert.equal(await page.textContent('#details .d-name'), 'Parser');
    noProblems(problems);
  });

  test('upload several files, a folder, a zip and a .crate', async () => {
    const { page, problems } = await open();
    // Several .rs files: loose files become src/*.rs.
    await page.setInputFiles('#file-input', [
      {
        name: 'lib.rs',
        mimeType: 'text/plain',
        buffer: Buffer.from('pub mod util;\npub fn from_files() { util::helper(); }\n'),
      },
      { name: 'util.rs', mimeType: 'text/plain', buffer: Buffer.from('pub fn helper() {}\n') },
    ]);
    await waitForNode(page, 'from_files');
    assert.ok((await nodeNames(page)).includes('helper'));
    await assertDrawn(page, 'from_files');

    // A folder through the directory picker.
    const dir = mkdtempSync(join(tmpdir(), 'cratemap-folder-'));
    mkdirSync(join(dir, 'mycrate/src/deep'), { recursive: true });
    writeFileSync(join(dir, 'mycrate/Cargo.toml'), '[package]\nname = "mycrate"\nversion = "0.1.0"\n');
    writeFileSync(join(dir, 'mycrate/src/lib.rs'), 'pub mod deep;\npub struct FromFolder;\n');
    writeFileSync(join(dir, 'mycrate/src/deep/mod.rs'), 'pub fn in_folder() {}\n');
    await page.setInputFiles('#folder-input', join(dir, 'mycrate'));
    await waitForNode(page, 'FromFolder');
    await assertDrawn(page, 'FromFolder');
    assert.ok((await nodeNames(page)).includes('in_folder'));
    assert.ok(await page.evaluate(() => window.__cratemap.graph.files.some((f) => f.path === 'src/deep/mod.rs')));
    rmSync(dir, { recursive: true, force: true });

    // A zip.
    const zip = zipSync({
      'zipped/Cargo.toml': strToU8('[package]\nname = "zipped"\n'),
      'zipped/src/lib.rs': strToU8('pub enum FromZip { A, B }\n'),
    });
    await page.setInputFiles('#archive-input', {
      name: 'zipped.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(zip),
    });
    await waitForNode(page, 'FromZip');
    await assertDrawn(page, 'FromZip');

    // A .crate as downloaded from crates.io.
    const crate = gzipSync(
      makeTar([
        { name: 'tiny-1.0.0/Cargo.toml', data: strToU8('[package]\nname = "tiny"\nversion = "1.0.0"\n') },
        { name: 'tiny-1.0.0/src/lib.rs', data: strToU8('mod inner;\npub trait FromCrate { fn go(&self); }\n') },
        { name: 'tiny-1.0.0/src/inner.rs', data: strToU8('pub(crate) fn inner_fn() {}\n') },
      ]),
    );
    await page.setInputFiles('#archive-input', {
      name: 'tiny-1.0.0.crate',
      mimeType: 'application/gzip',
      buffer: Buffer.from(crate),
    });
    await waitForNode(page, 'FromCrate');
    await assertDrawn(page, 'FromCrate');
    assert.ok((await nodeNames(page)).includes('inner_fn'));
    assert.equal(await page.evaluate(() => window.__cratemap.graph.crates[0].name), 'tiny');

    // Drag and drop onto the page.
    const dt = await page.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File(['pub mod dropped_mod;\npub fn from_drop() {}\n'], 'lib.rs', { type: 'text/plain' }));
      d.items.add(new File(['pub struct DroppedToo;\n'], 'dropped_mod.rs', { type: 'text/plain' }));
      return d;
    });
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
    assert.equal(await page.isVisible('#drop-overlay'), true, 'the drop target shows');
    await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
    await waitForNode(page, 'DroppedToo');
    await assertDrawn(page, 'from_drop');
    assert.ok((await nodeNames(page)).includes('from_drop'));
    assert.equal(await page.isVisible('#drop-overlay'), false);

    // A malicious archive is refused with a clear message, and the previous graph stays.
    const evil = zipSync({ '../../evil.rs': strToU8('pub fn evil() {}') });
    await page.setInputFiles('#archive-input', {
      name: 'evil.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(evil),
    });
    await page.waitForSelector('#banner:not([hidden])');
    assert.match(await page.textContent('#banner'), /path traversal/);
    assert.ok((await nodeNames(page)).includes('DroppedToo'));
    noProblems(problems);
  });

  test('search with autocomplete, then focus on the chosen node', async () => {
    const { page, problems } = await open();
    await page.selectOption('#example-select', 'interpreter');
    await waitForNode(page, 'tokenize');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
    await page.keyboard.type('evalu');
    await page.waitForSelector('#search-results li[role="option"]');
    const first = await page.textContent('#search-results li[aria-selected="true"] .sr-name');
    assert.equal(first, 'evaluate');
    await page.keyboard.press('Enter');
    await idle(page);
    assert.equal(await page.isVisible('#focus-bar'), true);
    assert.equal(await page.textContent('#focus-name'), 'evaluate');
    assert.equal(await page.evaluate(() => window.__cratemap.focus?.name), 'evaluate');
    assert.equal(await page.textContent('#details .d-name'), 'evaluate');
    const labels = await shownLabels(page);
    assert.ok(labels.includes('evaluate') && labels.includes('apply'), `focus shows neighbours: ${labels}`);
    // Depth 2 brings more; Esc clears the focus.
    await page.click('#focus-depth [data-depth="2"]');
    await idle(page);
    assert.ok((await shownLabels(page)).length >= labels.length);
    await page.click('#cy');
    await page.keyboard.press('Escape');
    await idle(page);
    assert.equal(await page.isVisible('#focus-bar'), false);
    noProblems(problems);
  });

  test('expand and collapse a module; a 50,000-node graph opens collapsed', async () => {
    const { page, problems } = await open();
    const graph = syntheticGraph(50000);
    const dir = mkdtempSync(join(tmpdir(), 'cratemap-graph-'));
    const file = join(dir, 'big.graph.json');
    writeFileSync(file, JSON.stringify(graph));
    await page.setInputFiles('#graph-input', file);
    await page.waitForFunction(() => window.__cratemap.graph?.nodes.length > 40000);
    await idle(page);
    rmSync(dir, { recursive: true, force: true });
    const count = await page.evaluate(() => window.__cratemap.cy.elements().length);
    assert.ok(count < 1000, `only an aggregate is drawn (${count} elements)`);
    // Find a collapsed module and double-click it.
    const target = await page.evaluate(() => {
      const n = window.__cratemap.cy.nodes('.collapsed')[0];
      return { id: n.id(), name: n.data('label').split('  ')[0] };
    });
    const before = await page.evaluate(() => window.__cratemap.cy.nodes().length);
    const pos = await page.evaluate((id) => {
      const cy = window.__cratemap.cy;
      const el = cy.getElementById(id);
      cy.center(el);
      const p = el.renderedPosition();
      const r = document.getElementById('cy').getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, target.id);
    await page.mouse.dblclick(pos.x, pos.y);
    await idle(page);
    const after = await page.evaluate(
      (id) => ({
        n: window.__cratemap.cy.nodes().length,
        children: window.__cratemap.boxContents(id).length,
        collapsed: window.__cratemap.cy.getElementById(id).hasClass('collapsed'),
      }),
      target.id,
    );
    assert.ok(after.n > before, `expanding adds nodes (${before} → ${after.n})`);
    assert.ok(after.children > 0 && !after.collapsed, 'the module is now a box with children');
    // The details panel offers Collapse for it.
    assert.equal(await page.textContent('#details-toggle'), 'Collapse');
    await page.click('#details-toggle');
    await idle(page);
    const again = await page.evaluate(
      (id) => ({
        n: window.__cratemap.cy.nodes().length,
        collapsed: window.__cratemap.cy.getElementById(id).hasClass('collapsed'),
      }),
      target.id,
    );
    assert.equal(again.n, before);
    assert.equal(again.collapsed, true);
    // Search reaches into collapsed modules.
    await searchAndChoose(page, 'func_700_3');
    assert.equal(await page.evaluate(() => window.__cratemap.selected?.name), 'func_700_3');
    noProblems(problems);
  });

  test('the details panel shows the signature, docs and the highlighted snippet', async () => {
    const { page, problems } = await open();
    await page.selectOption('#example-select', 'interpreter');
    await waitForNode(page, 'tokenize');
    await searchAndChoose(page, 'tokenize');
    assert.equal(await page.textContent('#details .d-name'), 'tokenize');
    assert.match(
      await page.textContent('#details-signature'),
      /^(pub )?fn tokenize\(src: &str\) -> Result<Vec<Token>, String>$/,
    );
    assert.match(await page.textContent('#details-doc'), /Splits src into tokens/);
    assert.equal(await page.textContent('#details-doc code'), 'src', 'markdown code spans are rendered');
    assert.match(await page.textContent('#details-location'), /^src\/lexer\.rs:1[0-9]$/);
    const hl = await page.$$eval('#details-snippet .line.hl .code', (els) => els.map((e) => e.textContent));
    assert.ok(
      hl.some((l) => l.includes('pub fn tokenize(src: &str)')),
      'the span is highlighted',
    );
    assert.ok(hl[hl.length - 1].trim() === '}', 'the span runs to the closing brace');
    // The location link opens the file in the editor at that line.
    await page.click('#details-location');
    assert.equal(await page.inputValue('#file-select'), 'src/lexer.rs');
    await page.waitForSelector('#editor .cm-cratemap-mark');
    noProblems(problems);
  });

  test('exports download valid PNG, SVG, DOT and JSON files', async () => {
    const { page, problems } = await open();
    await page.selectOption('#example-select', 'shapes');
    await waitForNode(page, 'Circle');
    const grab = async (kind) => {
      await page.click('#export-button');
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${kind}"]`)]);
      return { name: dl.suggestedFilename(), data: readFileSync(await dl.path()) };
    };
    const png = await grab('png');
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.data.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = await grab('svg');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.getElementsByTagName('parsererror').length,
        root: doc.documentElement.localName,
        texts: [...doc.getElementsByTagName('text')].map((t) => t.textContent),
        paths: doc.getElementsByTagName('path').length,
      };
    }, svg.data.toString('utf8'));
    assert.equal(parsed.error, 0);
    assert.equal(parsed.root, 'svg');
    assert.ok(parsed.texts.includes('Circle'), `labels: ${parsed.texts}`);
    assert.ok(parsed.paths > 0);
    const dot = (await grab('dot')).data.toString('utf8');
    assert.match(dot, /^digraph "/);
    assert.match(dot, /-> /);
    const json = JSON.parse((await grab('json')).data.toString('utf8'));
    assert.equal(json.schema, 'cratemap/graph@1');
    assert.ok(json.nodes.some((n) => n.name === 'Circle'));
    noProblems(problems);
  });

  test('a broken file shows diagnostics while the rest of the graph is shown', async () => {
    const { page, problems } = await open();
    await page.setInputFiles('#file-input', [
      {
        name: 'lib.rs',
        mimeType: 'text/plain',
        buffer: Buffer.from('pub mod broken;\npub struct Healthy;\npub fn fine() -> Healthy { Healthy }\n'),
      },
      {
        name: 'broken.rs',
        mimeType: 'text/plain',
        buffer: Buffer.from('pub fn ok_before() {}\n\npub fn broken( {\n    let x = ;\n}\n\npub struct AfterBreak;\n'),
      },
    ]);
    await waitForNode(page, 'Healthy');
    const names = await nodeNames(page);
    for (const n of ['Healthy', 'fine', 'ok_before', 'AfterBreak']) assert.ok(names.includes(n), `kept ${n}`);
    await assertDrawn(page, 'Healthy', 'fine', 'ok_before', 'AfterBreak');
    const count = Number(await page.textContent('#diag-count'));
    assert.ok(count >= 1, 'the diagnostics tab counts problems');
    await page.click('.tab[data-tab="diagnostics"]');
    const first = page.locator('#diagnostics .diag').first();
    assert.match(await first.locator('.loc').textContent(), /^src\/broken\.rs:\d+:\d+$/);
    assert.equal(await first.locator('.sev').textContent(), 'error');
    await first.click();
    assert.equal(await page.inputValue('#file-select'), 'src/broken.rs');
    await page.waitForSelector('#editor .cm-cratemap-mark');
    const marked = await page.locator('#editor .cm-cratemap-mark').first().textContent();
    assert.match(marked, /broken|let x/);
    noProblems(problems);
  });

  test('XSS payloads in file names, docs, strings and identifiers stay text', async () => {
    const { page, problems } = await open();
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss();
    });
    const payload = '<img src=x onerror="window.__xss=(window.__xss||0)+1">';
    const script = '<script>window.__xss=(window.__xss||0)+1</script>';
    const lib = `//! Crate docs ${payload}
/// Doc with ${payload} and ${script}
pub struct Evil;

#[doc = "${script.replace(/"/g, '\\"')}"]
pub fn r#type() -> &'static str { "${script}" }

/// ${payload}
pub const XSS: &str = "<svg onload=alert(1)>";

pub mod r#match { pub fn r#fn() {} }

macro_rules! evil_macro { () => { "<iframe src=javascript:alert(1)>" } }
`;
    await page.setInputFiles('#folder-input', []).catch(() => {});
    const evilName = `<img src=x onerror=alert(1)>.rs`;
    await page.setInputFiles('#file-input', [
      { name: 'lib.rs', mimeType: 'text/plain', buffer: Buffer.from(lib) },
      { name: evilName, mimeType: 'text/plain', buffer: Buffer.from(`/// ${payload}\npub fn orphan_${'x'}() {}\n`) },
    ]);
    await waitForNode(page, 'Evil');
    // Show every piece of input-derived text the UI has: details, search, diagnostics, files.
    await searchAndChoose(page, 'Evil');
    const doc = await page.textContent('#details-doc');
    assert.ok(doc.includes('<img src=x onerror='), `doc shown as text: ${doc}`);
    await searchAndChoose(page, 'type');
    assert.ok((await page.textContent('#details')).includes('type'));
    await searchAndChoose(page, 'XSS');
    assert.ok((await page.textContent('#details-snippet')).includes('<svg onload=alert(1)>'));
    await searchAndChoose(page, 'orphan_x');
    assert.equal(await page.textContent('#details .d-name'), 'orphan_x');
    assert.ok((await page.textContent('#details-location')).includes(evilName), 'the file name is shown as text');
    assert.ok((await page.textContent('#details-doc')).includes('<img src=x onerror='));
    await page.click('.tab[data-tab="diagnostics"]');
    const options = await page.$$eval('#file-select option', (o) => o.map((x) => x.textContent));
    assert.ok(
      options.some((o) => o.includes('<img src=x onerror=alert(1)>')),
      `file names shown as text: ${options}`,
    );
    // Nothing executed, no element was injected.
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(dialogs, []);
    const injected = await page.evaluate(
      () => document.querySelectorAll('body img, body iframe, body script, #details svg, #search-results svg').length,
    );
    assert.equal(injected, 0);
    noProblems(problems);
  });

  test('a crashed engine worker is reported, and the next run works', async () => {
    const { page, problems } = await open();
    await page.selectOption('#example-select', 'shapes');
    await waitForNode(page, 'Circle');
    await page.evaluate(() => window.__cratemap.crashNextRun());
    await page.click('#analyze-button');
    await page.waitForSelector('#banner:not([hidden])');
    assert.match(await page.textContent('#banner'), /worker stopped/);
    assert.match(await page.textContent('#status'), /failed/);
    // The previous graph stays on screen.
    assert.ok((await shownLabels(page)).includes('Circle'));
    await page.evaluate(() => {
      window.__before = window.__cratemap.graph;
    });
    await page.click('#analyze-button');
    await page.waitForFunction(() => window.__cratemap.graph !== window.__before, null, { timeout: 30000 });
    await idle(page);
    assert.equal(await page.isVisible('#banner'), false);
    assert.match(await page.textContent('#status'), /nodes, .* edges/);
    // The panic itself surfaces as a wasm trap in the engine's workers; nothing else failed.
    assert.deepEqual(
      problems.pageErrors.filter((e) => !/RuntimeError: unreachable/.test(e)),
      [],
    );
  });

  test('a plain static host without COOP/COEP gets the single-threaded engine', async () => {
    const plain = await startStaticServer();
    try {
      const app = await openApp(browser, plain.url, { waitForDefault: true });
      opened.push(app.context);
      const { page, problems } = app;
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.equal(await page.evaluate(() => window.__cratemap.run?.engine?.mode), 'single');
      assert.ok(await page.evaluate(() => window.__cratemap.graph.crates.some((c) => c.name === 'cratemap')));
      assert.match(await page.textContent('#engine-info'), /single/);
      noProblems(problems);
    } finally {
      await plain.close();
    }
  });

  test('share links carry the source in the fragment', async () => {
    const { page, context } = await open();
    await page.selectOption('#example-select', 'shapes');
    await waitForNode(page, 'Circle');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.click('#share-button');
    await page.waitForFunction(() => location.hash.startsWith('#src='));
    const url = await page.evaluate(() => location.href);
    assert.ok(url.length < 20000, `link length ${url.length}`);
    const other = await context.newPage();
    await other.goto(url);
    await other.waitForFunction(() => window.__cratemap?.graph?.nodes.some((n) => n.name === 'Circle'), null, {
      timeout: 20000,
    });
    assert.ok(await other.evaluate(() => window.__cratemap.graph.files.some((f) => f.path === 'src/lib.rs')));
  });

  test('keyboard: arrows move the selection, light and dark themes', async () => {
    const { page, problems } = await open();
    await page.selectOption('#example-select', 'shapes');
    await waitForNode(page, 'Circle');
    await page.click('#cy', { position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    const first = await page.evaluate(() => window.__cratemap.selected?.name);
    assert.ok(first, 'an arrow selects a node');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    assert.ok(await page.evaluate(() => window.__cratemap.selected?.name));
    const theme0 = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.click('#theme-button');
    const theme1 = await page.evaluate(() => document.documentElement.dataset.theme);
    assert.notEqual(theme0, theme1);
    noProblems(problems);
  });
});
