// The page's layout at every window size from 1024×640 to 4K (issue 17): what a person
// sees of the canvas, the zoom buttons, the details panel and the collapsible side
// panels. On a generated graph with one item whose docs are longer than any panel.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { idle, launch, noProblems, openApp, searchAndChoose, startServer } from './app.helpers.mjs';
import { syntheticGraph } from './app.fixtures.mjs';

const SIZES = [
  [1024, 640],
  [1024, 700],
  [1280, 720],
  [1440, 900],
  [1920, 1080],
  [3840, 2160],
];
/** Screenshots of each size and state, to look at (CRATEMAP_SHOTS=dir keeps them). */
const SHOTS = process.env.CRATEMAP_SHOTS;
const LONG = 'LongDocumented';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A small crate graph whose first struct is renamed `LongDocumented`, with docs of 80 paragraphs. */
function graphWithLongDocs() {
  const graph = syntheticGraph(400, { seed: 3 });
  const node = graph.nodes.find((n) => n.kind === 'struct');
  node.name = LONG;
  node.path = node.path.replace(/[^:]+$/, LONG);
  node.doc = Array.from({ length: 80 }, (_, i) => `Paragraph ${i + 1} of a long explanation.`).join('\n\n');
  return graph;
}

async function open(width, height) {
  const opened = await openApp(browser, server.url, { viewport: { width, height }, waitForDefault: true });
  const graph = graphWithLongDocs();
  await opened.page.evaluate((g) => window.__cratemap.loadGraph(g), graph);
  await opened.page.waitForFunction((n) => window.__cratemap.graph?.nodes.length === n, graph.nodes.length);
  await idle(opened.page);
  return opened;
}

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Two frames: the ResizeObserver and the refit run before the next paint. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** The page's geometry as the reader sees it. */
function measure(page) {
  return page.evaluate(() => {
    const rect = (el) => {
      if (!el || el.hidden || !el.getClientRects().length) return null;
      const { left, top, right, bottom, width, height } = el.getBoundingClientRect();
      return { left, top, right, bottom, width, height };
    };
    const $ = (s) => document.querySelector(s);
    const cy = window.__cratemap.cy;
    const bb = cy.elements().renderedBoundingBox();
    const canvas = rect($('#cy'));
    const buttons = [...document.querySelectorAll('.zoom-controls button')].map((b) => {
      const r = rect(b);
      const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
      return { id: b.id, rect: r, onTop: !!hit && b.contains(hit) };
    });
    const details = $('.tab-panel[data-panel="details"]');
    return {
      viewport: { width: innerWidth, height: innerHeight },
      // What the reader sees of the chrome's text and the graph's labels, in screen pixels.
      textPx: Number.parseFloat(getComputedStyle($('.tab')).fontSize) * $('.tab').currentCSSZoom,
      labelPx: Math.min(...cy.nodes().map((n) => n.pstyle('font-size').pfValue * cy.zoom())),
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      canvas,
      graph: {
        left: canvas.left + bb.x1,
        right: canvas.left + bb.x2,
        top: canvas.top + bb.y1,
        bottom: canvas.top + bb.y2,
      },
      buttons,
      overlays: {
        note: $('#view-note').textContent ? rect($('#view-note')) : null,
        legend: rect($('#legend')),
        minimap: rect($('.cm-minimap')),
        focusBar: rect($('#focus-bar')),
      },
      details: rect(details),
      left: { expanded: $('#side-left .side-toggle').getAttribute('aria-expanded'), rect: rect($('#side-left')) },
      right: { expanded: $('#side-right .side-toggle').getAttribute('aria-expanded'), rect: rect($('#side-right')) },
    };
  });
}

const inside = (r, box, slack = 0.5) =>
  r.left >= box.left - slack &&
  r.top >= box.top - slack &&
  r.right <= box.right + slack &&
  r.bottom <= box.bottom + slack;
const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const screen = ({ width, height }) => ({ left: 0, top: 0, right: width, bottom: height });

/** The canvas fills the middle of the window, and every zoom button is on it and uncovered. */
function assertStage(m, label) {
  const vp = screen(m.viewport);
  assert.ok(m.scrollWidth <= m.viewport.width, `${label}: no horizontal scrollbar (${m.scrollWidth})`);
  assert.ok(inside(m.canvas, vp), `${label}: the canvas is inside the window ${JSON.stringify(m.canvas)}`);
  assert.ok(m.canvas.width >= 0.45 * m.viewport.width, `${label}: canvas width ${m.canvas.width}`);
  assert.ok(m.canvas.height >= 0.7 * m.viewport.height, `${label}: canvas height ${m.canvas.height}`);
  for (const b of m.buttons) {
    assert.ok(inside(b.rect, m.canvas), `${label}: ${b.id} is on the canvas`);
    assert.ok(b.onTop, `${label}: nothing covers ${b.id}`);
    for (const [name, r] of Object.entries(m.overlays))
      if (r) assert.ok(!overlap(b.rect, r), `${label}: ${name} overlaps ${b.id}`);
  }
  for (let i = 1; i < m.buttons.length; i++)
    assert.ok(!overlap(m.buttons[i - 1].rect, m.buttons[i].rect), `${label}: zoom buttons overlap`);
  const { note, minimap } = m.overlays;
  if (note && minimap) assert.ok(!overlap(note, minimap), `${label}: the minimap covers the view note`);
}

/** The graph is drawn inside the canvas and centered across its free width (it fits). */
function assertFitted(m, label) {
  assert.ok(inside(m.graph, m.canvas, 2), `${label}: the graph is inside the canvas`);
  const zoomLeft = Math.min(...m.buttons.map((b) => b.rect.left));
  const gapLeft = m.graph.left - m.canvas.left;
  const gapRight = zoomLeft - m.graph.right;
  assert.ok(Math.abs(gapLeft - gapRight) < 24, `${label}: the graph is centered (gaps ${gapLeft}, ${gapRight})`);
}

/** Details: a real height, inside the window, and its end can be scrolled to with the wheel. */
async function assertDetailsScroll(page, m, label) {
  assert.ok(m.details, `${label}: the details panel is shown`);
  assert.ok(m.details.height > 200, `${label}: details height ${m.details.height}`);
  assert.ok(inside(m.details, screen(m.viewport)), `${label}: details inside the window`);
  const panel = page.locator('.tab-panel[data-panel="details"]');
  const sizes = await panel.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
  assert.ok(sizes.scroll > sizes.client, `${label}: the long docs overflow the panel and scroll`);
  await page.mouse.move(m.details.left + m.details.width / 2, m.details.top + m.details.height / 2);
  for (let i = 0; i < 200; i++) {
    const atEnd = await panel.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1);
    if (atEnd) break;
    await page.mouse.wheel(0, 400);
  }
  const last = await page.evaluate(() => {
    const panel = document.querySelector('.tab-panel[data-panel="details"]').getBoundingClientRect();
    const end = document.querySelector('#details-doc').lastElementChild.getBoundingClientRect();
    return {
      text: document.querySelector('#details-doc').lastElementChild.textContent,
      inside: end.bottom <= panel.bottom + 1 && end.top >= panel.top,
    };
  });
  assert.ok(last.inside && last.text.includes('Paragraph 80'), `${label}: the end of the docs can be scrolled to`);
}

/** Collapses then expands `side` with its button; the canvas widens and narrows back, fitted. */
async function assertCollapse(page, side, before, label) {
  const toggle = page.locator(`#side-${side} .side-toggle`);
  await toggle.click();
  await frames(page);
  const collapsed = await measure(page);
  assert.equal(collapsed[side].expanded, 'false', `${label}: ${side} toggle says collapsed`);
  const gained = collapsed.canvas.width - before.canvas.width;
  assert.ok(gained > 150, `${label}: collapsing ${side} widens the canvas (by ${gained})`);
  assertStage(collapsed, `${label}, ${side} collapsed`);
  assertFitted(collapsed, `${label}, ${side} collapsed`);
  await shot(page, `${label}-${side}-collapsed`);
  await toggle.click();
  await frames(page);
  const back = await measure(page);
  assert.equal(back[side].expanded, 'true');
  assert.ok(Math.abs(back.canvas.width - before.canvas.width) < 1, `${label}: expanding ${side} gives the width back`);
  assertFitted(back, `${label}, ${side} expanded again`);
}

describe('layout', () => {
  for (const [width, height] of SIZES) {
    const label = `${width}x${height}`;
    test(`${label}: canvas, zoom buttons, details and side panels`, async () => {
      const { page, context, problems } = await open(width, height);
      try {
        let m = await measure(page);
        assertStage(m, label);
        // A narrow window starts with the source panel collapsed to its rail; a wider one with both open.
        assert.equal(m.left.expanded, String(width >= 1200), `${label}: source panel's first state`);
        assert.equal(m.right.expanded, 'true', `${label}: details panel open`);
        await shot(page, `${label}-start`);
        // A 4K window unscaled is no tiny-lettered page: its chrome and its fits are zoomed as a scaled screen's.
        const ui = width >= 3400 ? 2 : 1;
        assert.ok(m.textPx >= 13 * ui, `${label}: the panels' text is ${m.textPx} px`);
        assert.ok(m.labelPx >= 11 * ui - 0.01, `${label}: the graph's labels are ${m.labelPx} px`);

        await searchAndChoose(page, LONG);
        await frames(page);
        m = await measure(page);
        assert.ok(m.overlays.focusBar, `${label}: the focus bar is shown`);
        assertStage(m, `${label}, focused`);
        assertFitted(m, `${label}, focused`);
        await assertDetailsScroll(page, m, label);
        await shot(page, `${label}-details`);

        if (m.left.expanded === 'false') {
          // The rail's tabs open the panel at that tab.
          await page.click('#side-left .tab[data-tab="filters"]');
          await frames(page);
          assert.equal((await measure(page)).left.expanded, 'true', `${label}: a rail tab opens the panel`);
          assert.ok(await page.locator('#filters').isVisible(), `${label}: at the tab clicked`);
          await shot(page, `${label}-both-open`);
          m = await measure(page);
          assertStage(m, `${label}, both open`);
          await assertDetailsScroll(page, m, `${label}, both open`);
        }
        await assertCollapse(page, 'left', m, label);
        await assertCollapse(page, 'right', m, label);
        noProblems(problems);
      } finally {
        await context.close();
      }
    });
  }

  test('the keyboard toggles the panels, and the page remembers them', async () => {
    const { page, context } = await open(1440, 900);
    try {
      await page.locator('#cy').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('[');
      await page.keyboard.press(']');
      await frames(page);
      let m = await measure(page);
      assert.equal(m.left.expanded, 'false');
      assert.equal(m.right.expanded, 'false');
      assert.ok(m.left.rect.width < 60 && m.right.rect.width < 60, 'collapsed panels are rails');
      assertStage(m, 'both collapsed');
      await shot(page, '1440x900-both-collapsed');
      await page.reload();
      await page.waitForFunction(() => window.__cratemap);
      await idle(page);
      m = await measure(page);
      assert.equal(m.left.expanded, 'false', 'the source panel stays collapsed after a reload');
      assert.equal(m.right.expanded, 'false', 'the details panel stays collapsed after a reload');
      // Typing in the editor never toggles a panel.
      await page.keyboard.press('[');
      await frames(page);
      assert.equal((await measure(page)).left.expanded, 'true');
      await page.locator('#editor .cm-content').click();
      await page.keyboard.type('[]');
      assert.equal((await measure(page)).left.expanded, 'true', 'brackets typed in the editor stay there');
    } finally {
      await context.close();
    }
  });
});
