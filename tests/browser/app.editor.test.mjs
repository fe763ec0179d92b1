// Code and graph linked both ways, as a person sees it: selecting a node opens its file
// at its span, Ctrl-click (or F12) on a name selects the item it refers to, diagnostics
// are markers in the editor's gutter, partly read items carry a badge, and docs are
// rendered markdown with HTML kept as text. Screenshots go to CRATEMAP_SHOTS when set.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, openApp, idle, noProblems, searchAndChoose, waitForNode } from './app.helpers.mjs';

const SHOTS = process.env.CRATEMAP_SHOTS;
let server, browser;
const opened = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  for (const c of opened) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

// Lines enough that the lexer's items start below the editor's first screen.
const filler = Array.from({ length: 60 }, (_, i) => `// Note ${i}.`).join('\n');

const LIB = `//! A crate of two files.
pub mod lexer;
use lexer::{tokenize, Token};

/// A \\[Generic\\] runner with <b>bold</b> HTML, [a link](https://example.com/docs)
/// and [bad](javascript:alert(1)).
pub struct Runner { pos: usize }

pub fn run(src: &str) -> Vec<Token> {
    let tokens = tokenize(src);
    tokens
}

pub fn broken(x: u32) -> u32 {
    let y = x +;
    y
}
`;

const LEXER = `//! The lexer.
${filler}

pub enum Token { Word, Number }

/// Splits \`src\` into tokens.
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for _ in src.chars() { out.push(Token::Word); }
    out
}
`;

async function open() {
  const app = await openApp(browser, server.url, { waitForDefault: true });
  opened.push(app.context);
  const { page } = app;
  await page.setInputFiles('#file-input', [
    { name: 'lib.rs', mimeType: 'text/plain', buffer: Buffer.from(LIB) },
    { name: 'lexer.rs', mimeType: 'text/plain', buffer: Buffer.from(LEXER) },
  ]);
  await waitForNode(page, 'tokenize');
  return app;
}

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** The highlighted lines' text, and whether the first is inside the editor's visible area. */
function highlighted(page) {
  return page.evaluate(() => {
    const root = document.querySelector('#editor').shadowRoot;
    const marks = [...root.querySelectorAll('.cm-cratemap-mark')];
    const box = root.querySelector('.cm-scroller').getBoundingClientRect();
    const first = marks[0]?.getBoundingClientRect();
    return {
      lines: marks.map((m) => m.textContent),
      visible: !!first && first.top >= box.top && first.bottom <= box.bottom && first.height > 0,
    };
  });
}

/** Where `word` is drawn in the editor line containing `lineText` (its centre, in page px). */
function wordAt(page, lineText, word) {
  return page.evaluate(
    ([lineText, word]) => {
      const root = document.querySelector('#editor').shadowRoot;
      const line = [...root.querySelectorAll('.cm-line')].find((l) => l.textContent.includes(lineText));
      if (!line) return null;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const at = line.textContent.indexOf(lineText) + lineText.indexOf(word);
      let seen = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (seen + n.length > at) {
          const range = document.createRange();
          range.setStart(n, at - seen);
          range.setEnd(n, Math.min(n.length, at - seen + word.length));
          const r = range.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }
        seen += n.length;
      }
      return null;
    },
    [lineText, word],
  );
}

async function ctrlClick(page, lineText, word) {
  const at = await wordAt(page, lineText, word);
  assert.ok(at, `the editor shows ${lineText}`);
  await page.keyboard.down('Control');
  await page.mouse.click(at.x, at.y);
  await page.keyboard.up('Control');
  await idle(page);
}

const selected = (page) => page.evaluate(() => window.__cratemap.selected?.name ?? null);

describe('editor and graph', () => {
  test('clicking a node opens its file at its span, highlighted and scrolled into view', async () => {
    const { page, problems } = await open();
    assert.equal(await page.inputValue('#file-select'), 'src/lib.rs');
    const at = await page.evaluate(() => window.__cratemap.renderedPosition('lib::lexer::tokenize', 'function'));
    assert.ok(at, 'tokenize is drawn');
    await page.mouse.click(at.x, at.y);
    await idle(page);
    assert.equal(await selected(page), 'tokenize');
    assert.equal(await page.inputValue('#file-select'), 'src/lexer.rs', 'the editor opened the node’s file');
    const hl = await highlighted(page);
    assert.match(hl.lines[0], /^\/\/\/ Splits `src` into tokens\.$/, 'the span (with its docs) is highlighted');
    assert.ok(hl.lines.some((l) => l.startsWith('pub fn tokenize(')));
    assert.equal(hl.lines[hl.lines.length - 1], '}');
    assert.ok(hl.visible, 'the span is scrolled into view (it is below line 60)');
    await shot(page, 'editor-node-to-source');
    noProblems(problems);
  });

  test('Ctrl-click and F12 on a name select the item it refers to', async () => {
    const { page, problems } = await open();
    // A call in a body: the `calls` edge names the target, in another file.
    await ctrlClick(page, 'let tokens = tokenize(src);', 'tokenize');
    assert.equal(await selected(page), 'tokenize');
    assert.equal(await page.textContent('#details .d-name'), 'tokenize');
    assert.equal(await page.inputValue('#file-select'), 'src/lexer.rs', 'the editor follows to the definition');
    assert.ok((await highlighted(page)).visible);
    await shot(page, 'editor-ctrl-click');
    // F12 on a type in a signature: through the interned type to its definition.
    const at = await wordAt(page, 'pub fn tokenize(src: &str) -> Vec<Token>', 'Token');
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('F12');
    await idle(page);
    assert.equal(await selected(page), 'Token');
    assert.equal(await page.textContent('#details .d-name'), 'Token');
    // A local variable is no item: the status line says so, the selection stays.
    await ctrlClick(page, 'let mut out = Vec::new();', 'out');
    assert.equal(await selected(page), 'Token');
    assert.match(await page.textContent('#editor-status'), /No item named out/);
    await shot(page, 'editor-goto-nothing');
    noProblems(problems);
  });

  test('diagnostics are markers in the gutter; a partly read function keeps its node, with a badge', async () => {
    const { page, problems } = await open();
    await page.waitForSelector('#editor .cm-lint-marker-error');
    const marker = await page.evaluate(() => {
      const root = document.querySelector('#editor').shadowRoot;
      const m = root.querySelector('.cm-lint-marker-error').getBoundingClientRect();
      const line = [...root.querySelectorAll('.cm-line')].find((l) => l.textContent.includes('let y = x +;'));
      const l = line.getBoundingClientRect();
      return { w: m.width, h: m.height, centre: m.top + m.height / 2, lineTop: l.top, lineBottom: l.bottom };
    });
    assert.ok(marker.w > 4 && marker.h > 4, 'the marker is drawn');
    assert.ok(marker.centre > marker.lineTop && marker.centre < marker.lineBottom, 'on the broken line');
    assert.ok(await page.locator('#editor .cm-lintRange-error').count(), 'the broken token is underlined');
    // The broken function stays in the graph, drawn with a dashed red outline.
    const style = await page.evaluate(() => {
      const hit = window.__cratemap.nodeByPath('lib::broken', 'function');
      const el = window.__cratemap.cy.getElementById(hit.id);
      return { drawn: hit.displayed, border: el.style('border-style'), width: el.numericStyle('border-width') };
    });
    assert.deepEqual(style, { drawn: true, border: 'dashed', width: 2.5 });
    assert.match(await page.textContent('#legend'), /partly read/);
    await searchAndChoose(page, 'broken');
    assert.equal(await page.textContent('#details-partial'), 'partial');
    await shot(page, 'editor-diagnostics-partial');
    noProblems(problems);
  });

  test('docs are rendered markdown: no escapes, HTML stays text, only web links are links', async () => {
    const { page, problems } = await open();
    await searchAndChoose(page, 'Runner');
    const doc = await page.evaluate(() => {
      const el = document.querySelector('#details-doc');
      return {
        text: el.textContent,
        bold: el.querySelectorAll('b').length,
        links: [...el.querySelectorAll('a')].map((a) => [a.textContent, a.href, a.target, a.rel]),
      };
    });
    assert.ok(doc.text.includes('A [Generic] runner'), `no markdown escapes: ${doc.text}`);
    assert.ok(doc.text.includes('<b>bold</b> HTML'), 'HTML is shown as text');
    assert.equal(doc.bold, 0, 'no HTML element was made from the docs');
    assert.deepEqual(doc.links, [['a link', 'https://example.com/docs', '_blank', 'noopener noreferrer']]);
    assert.ok(doc.text.includes('bad'), 'the javascript: link keeps its text, as no link');
    await shot(page, 'editor-docs-markdown');
    noProblems(problems);
  });
});
