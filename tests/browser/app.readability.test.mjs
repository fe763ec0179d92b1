// What a person sees at every fit (issue 17): labels readable (rendered font ≥ 11 px)
// for the selection and the focus, nothing a focus or an expansion brought in faded,
// a wheel that zooms, a minimap when the graph is bigger than the view, and exports
// without the selection's highlight and of a sensible size. On a generated graph
// (app.fixtures.mjs), large enough to need the minimap.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { idle, launch, openApp, startServer } from './app.helpers.mjs';
import { syntheticGraph } from './app.fixtures.mjs';

const READABLE_PX = 11;
const VIEWPORT = { width: 1280, height: 720 };
/** Screenshots of each state, to look at (CRATEMAP_SHOTS=dir keeps them). */
const SHOTS = process.env.CRATEMAP_SHOTS;

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

async function openWith(graph) {
  const { page, context, problems } = await openApp(browser, server.url, { viewport: VIEWPORT, waitForDefault: true });
  await page.evaluate((g) => window.__cratemap.loadGraph(g), graph);
  await page.waitForFunction((n) => window.__cratemap.graph?.nodes.length === n, graph.nodes.length);
  await idle(page);
  return { page, context, problems };
}

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/**
 * What the reader sees of the nodes on screen: each one's rendered label size, its
 * opacity, and whether `ids` (the selection or focus) are on screen and readable.
 */
function seen(page, ids = []) {
  return page.evaluate((ids) => {
    const cy = window.__cratemap.cy;
    const zoom = cy.zoom();
    const ext = cy.extent();
    const onScreen = (n) => {
      const p = n.position();
      return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2;
    };
    const px = (n) => n.pstyle('font-size').pfValue * zoom;
    const visible = cy.nodes().filter(onScreen);
    return {
      zoom,
      targets: ids.map((id) => {
        const n = cy.getElementById(id);
        if (n.empty()) return { id, drawn: false };
        // A box (an expanded module) is framed from its top left, where its caption is.
        const b = n.boundingBox({ includeLabels: false });
        const shown =
          n.isParent() || n.hasClass('box')
            ? onScreen({ position: () => ({ x: b.x1 + 1, y: b.y1 + 1 }) })
            : onScreen(n);
        return { id, drawn: true, onScreen: shown, px: px(n) };
      }),
      minPx: Math.min(...visible.map(px)),
      faded: cy
        .nodes()
        .filter((n) => n.effectiveOpacity() < 0.9)
        .map((n) => `${n.data('label')} (${n.effectiveOpacity().toFixed(2)})`),
      onScreen: visible.length,
      minimap: (() => {
        const m = document.querySelector('#cy .cm-minimap');
        if (!m || m.hidden) return null;
        const r = m.getBoundingClientRect();
        return { w: r.width, h: r.height, inWindow: r.right <= innerWidth && r.bottom <= innerHeight };
      })(),
    };
  }, ids);
}

function assertReadable(s, what) {
  for (const t of s.targets) {
    assert.ok(t.drawn && t.onScreen, `${what}: ${t.id} is on screen`);
    assert.ok(t.px >= READABLE_PX, `${what}: ${t.id}'s label is ${t.px.toFixed(1)} px`);
  }
  assert.ok(s.onScreen > 0, `${what}: something is on screen`);
  assert.ok(s.minPx >= READABLE_PX, `${what}: every label on screen is readable (smallest ${s.minPx.toFixed(1)} px)`);
  assert.deepEqual(s.faded, [], `${what}: nothing is faded`);
}

async function searchAndChoose(page, text) {
  await page.fill('#search-input', text);
  await page.waitForSelector('#search-results li[role="option"]');
  await page.keyboard.press('Enter');
  await idle(page);
}

describe('readable at every fit', () => {
  test('initial fit, expand all, search → focus at depths 1-3, expansion, selection', async () => {
    const graph = syntheticGraph(3000, { seed: 11, name: 'readable' });
    const { page } = await openWith(graph);
    assertReadable(await seen(page), 'initial fit');
    await shot(page, '1-initial');

    // Everything open: far bigger than the view, so the fit shows the top left, readable, and the minimap.
    await page.evaluate(() => window.__cratemap.expandAll());
    await idle(page);
    const all = await seen(page);
    assertReadable(all, 'expand all');
    assert.ok(all.minimap && all.minimap.w > 50 && all.minimap.inWindow, 'the minimap shows where the view is');
    await shot(page, '2-expand-all');

    // Search → focus on a struct: it and its neighbourhood readable, nothing faded, at every depth.
    await searchAndChoose(page, 'S12');
    const root = await page.evaluate(() => {
      const f = window.__cratemap.focus;
      return f && window.__cratemap.nodeByPath(f.path, f.kind);
    });
    assert.ok(root?.displayed, 'the chosen node is in focus and drawn');
    for (const depth of [1, 2, 3]) {
      if (depth > 1) {
        await page.click(`#focus-depth [data-depth="${depth}"]`);
        await idle(page);
      }
      const s = await seen(page, [root.id]);
      assertReadable(s, `focus depth ${depth}`);
      await shot(page, `3-focus-depth-${depth}`);
    }
    await page.click('#focus-clear');
    await idle(page);

    // Collapse all, then expand a module: the refit frames it, its children readable and not faded.
    await page.evaluate(() => document.getElementById('collapse-all').click());
    await idle(page);
    const mod = await page.evaluate(() => {
      const cy = window.__cratemap.cy;
      const n = cy.nodes('.collapsed').max((x) => Number(x.data('label').split('·')[1]) || 0).ele;
      return { id: n.id(), idx: n.data('idx') };
    });
    await page.evaluate((id) => window.__cratemap.cy.getElementById(id).emit('dbltap'), mod.id);
    await idle(page);
    const expanded = await seen(page);
    assertReadable(expanded, 'after expanding a module');
    const children = await page.evaluate((id) => window.__cratemap.boxContents(id).length, mod.id);
    assert.ok(children > 0, 'the module shows its children');
    await shot(page, '4-expanded');
    // The refit keeps the view clear of the note text at the top.
    const clear = await page.evaluate((id) => {
      const note = document.getElementById('view-note');
      if (!note.textContent) return true;
      const cy = window.__cratemap.cy;
      const top =
        cy.getElementById(id).renderedBoundingBox().y1 + document.getElementById('cy').getBoundingClientRect().top;
      return top >= note.getBoundingClientRect().bottom - 1;
    }, mod.id);
    assert.ok(clear, 'the expanded module starts below the note');

    // Selecting a node outlines it and its neighbours; nothing else changes opacity.
    const leaf = await page.evaluate(() => {
      const cy = window.__cratemap.cy;
      const n = cy.nodes().filter((x) => !x.isParent() && x.degree() > 0 && !x.hasClass('collapsed'))[0];
      n.emit('tap');
      return n.id();
    });
    await idle(page);
    const sel = await seen(page);
    assert.deepEqual(sel.faded, [], 'a selection fades nothing');
    assert.equal(
      (await page.evaluate((id) => window.__cratemap.cy.getElementById(id).pstyle('border-width').pfValue, leaf)) > 0,
      true,
    );
    await shot(page, '5-selected');
    await page.context().close();
  });

  test('the wheel reaches 2× zoom within 4 notches', async () => {
    const { page } = await openWith(syntheticGraph(800, { seed: 3, name: 'wheel' }));
    const box = await page.locator('#cy').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const z0 = await page.evaluate(() => window.__cratemap.cy.zoom());
    let notches = 0;
    let z = z0;
    while (z < 2 * z0 && notches < 10) {
      await page.mouse.wheel(0, -100);
      notches++;
      await page.waitForTimeout(30);
      z = await page.evaluate(() => window.__cratemap.cy.zoom());
    }
    assert.ok(z >= 2 * z0 - 1e-9 && notches <= 4, `${notches} notches zoomed ${z0.toFixed(2)} → ${z.toFixed(2)}`);
    await page.context().close();
  });

  test('a drag on an expanded module box pans the view', async () => {
    const { page } = await openWith(syntheticGraph(800, { seed: 3, name: 'pan' }));
    await page.evaluate(() => window.__cratemap.expandAll());
    await idle(page);
    // A point inside a box, clear of every leaf: what a person grabs to move the view.
    const spot = await page.evaluate(() => {
      const cy = window.__cratemap.cy;
      const leaves = cy.nodes().filter((n) => !n.hasClass('box'));
      const onLeaf = (x, y) =>
        leaves.some((n) => {
          const b = n.renderedBoundingBox({ includeLabels: true });
          return x >= b.x1 - 4 && x <= b.x2 + 4 && y >= b.y1 - 4 && y <= b.y2 + 4;
        });
      for (const box of cy.nodes('.box')) {
        const b = box.renderedBoundingBox({ includeLabels: false });
        for (let y = b.y1 + 20; y < Math.min(b.y2, cy.height()) - 4; y += 8)
          for (let x = b.x1 + 4; x < Math.min(b.x2, cy.width()) - 4; x += 8)
            if (x > 0 && y > 0 && !onLeaf(x, y)) return { x, y, box: box.data('label') };
      }
      return null;
    });
    assert.ok(spot, 'an expanded box has room clear of its leaves');
    const canvas = await page.locator('#cy').boundingBox();
    const pan0 = await page.evaluate(() => window.__cratemap.cy.pan());
    await page.mouse.move(canvas.x + spot.x, canvas.y + spot.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(canvas.x + spot.x + 8 * i, canvas.y + spot.y + 5 * i);
    await page.mouse.up();
    const pan1 = await page.evaluate(() => window.__cratemap.cy.pan());
    assert.ok(
      Math.abs(pan1.x - pan0.x - 80) < 2 && Math.abs(pan1.y - pan0.y - 50) < 2,
      `dragging on ${spot.box} moved the view by ${pan1.x - pan0.x}, ${pan1.y - pan0.y}`,
    );
    await page.context().close();
  });

  test('an exported PNG has no highlight and is of a sensible size', async () => {
    const { page } = await openWith(syntheticGraph(600, { seed: 5, name: 'export' }));
    await page.evaluate(() => window.__cratemap.expandAll());
    await idle(page);
    const grab = async () => {
      await page.click('#export-button');
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="png"]')]);
      return readFileSync(await dl.path());
    };
    const plain = await grab();
    await page.evaluate(() => {
      const cy = window.__cratemap.cy;
      cy.nodes()
        .filter((x) => !x.isParent() && x.degree() > 0)[0]
        .emit('tap');
    });
    await idle(page);
    assert.ok(await page.evaluate(() => window.__cratemap.cy.$('.hl').length > 0), 'the selection is highlighted');
    const selected = await grab();
    assert.ok(plain.equals(selected), 'the PNG is the same with and without a selection');
    assert.ok(
      await page.evaluate(() => window.__cratemap.cy.$('.hl').length > 0),
      'the highlight is back after the export',
    );
    const width = plain.readUInt32BE(16);
    const height = plain.readUInt32BE(20);
    const nodes = await page.evaluate(() => window.__cratemap.cy.nodes().length);
    assert.ok(Math.max(width, height) <= 4096, `PNG is ${width}×${height}`);
    assert.ok(plain.length < 3_000_000, `PNG of ${nodes} nodes is ${plain.length} bytes`);
    console.log(`PNG of ${nodes} nodes: ${width}×${height}, ${plain.length} bytes`);
    await page.context().close();
  });
});
