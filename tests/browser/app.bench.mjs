#!/usr/bin/env node
// Front-end benchmark in headless Chromium (Debian's), against the built app (www/dist):
//  1. time from clicking "Analyze" to the first rendered graph, for a ~1 MB crate and
//     for the standard library's `core`;
//  2. frame times while panning and zooming a view of about 5,000 elements;
//  3. a generated 20,000-node crate: Analyze → a first view whose labels are readable;
//  4. expanding a module of 500 items.
//
// Usage: npm run build && node tests/browser/app.bench.mjs [--crate DIR] [--core DIR] [--runs N] [--panzoom-only | --large-only | --interaction-only]
// Defaults: clap_builder from the cargo registry, `core` from the nightly rust-src.
import { readdirSync, existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { homedir, tmpdir } from 'node:os';
import { execSync } from 'node:child_process';
import { startServer, launch, openApp, idle } from './app.helpers.mjs';
import { syntheticGraph } from './app.fixtures.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};

function findRegistryCrate(prefix) {
  const base = join(homedir(), '.cargo/registry/src');
  if (!existsSync(base)) return null;
  for (const index of readdirSync(base)) {
    const hit = readdirSync(join(base, index))
      .filter((d) => d.startsWith(prefix))
      .sort()
      .pop();
    if (hit) return join(base, index, hit);
  }
  return null;
}
function findCore() {
  try {
    const sysroot = execSync('rustc --print sysroot', { encoding: 'utf8' }).trim();
    const dir = join(sysroot, 'lib/rustlib/src/rust/library/core');
    return existsSync(dir) ? dir : null;
  } catch {
    return null;
  }
}

const crateDir = opt('--crate', findRegistryCrate('clap_builder-'));
const coreDir = opt('--core', findCore());
const runs = Number(opt('--runs', 3));

const pct = (arr, p) => {
  const s = [...arr].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (arr) => pct(arr, 50);

async function firstGraph(page, dir, label) {
  // Upload the folder the way a user does; that first run also warms the engine up.
  await page.evaluate(() => {
    window.__benchBefore = window.__cratemap.graph;
  });
  await page.setInputFiles('#folder-input', dir);
  await page.waitForFunction(
    () => window.__cratemap.graph !== window.__benchBefore && window.__cratemap.run?.source === 'engine',
    null,
    { timeout: 300000 },
  );
  await idle(page);
  const info = await page.evaluate(() => ({
    files: window.__cratemap.graph.stats.files ?? window.__cratemap.graph.files.length,
    bytes: window.__cratemap.graph.stats.bytes,
    nodes: window.__cratemap.graph.nodes.length,
    edges: window.__cratemap.graph.edges.length,
  }));
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = await page.evaluate(async () => {
      const app = window.__cratemap;
      const before = app.graph;
      const t0 = performance.now();
      document.getElementById('analyze-button').click();
      await new Promise((res) => {
        const poll = () => (app.graph !== before ? res() : setTimeout(poll, 2));
        poll();
      });
      await app.idle();
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
      return {
        total: performance.now() - t0,
        engine: app.run.wallMs,
        drawn: app.cy.elements().length,
        engineInfo: app.run.engine,
      };
    });
    samples.push(r);
  }
  const total = median(samples.map((s) => s.total));
  const engineMs = median(samples.map((s) => s.engine));
  console.log(
    `${label}: ${info.files} files, ${(info.bytes / 1048576).toFixed(2)} MB, ${info.nodes} nodes, ${info.edges} edges; ` +
      `engine ${samples[0].engineInfo?.mode}/${samples[0].engineInfo?.threads} threads`,
  );
  console.log(
    `  analyze → first rendered graph: median ${total.toFixed(0)} ms (runs: ${samples.map((s) => s.total.toFixed(0)).join(', ')}); ` +
      `engine part ${engineMs.toFixed(0)} ms; drawn elements ${samples[0].drawn}`,
  );
  return { label, ...info, total, engineMs, mode: samples[0].engineInfo };
}

async function panZoom(page) {
  // A synthetic graph whose fully expanded Modules view has about 5,000 elements.
  let size = 6200; // about 0.8 elements per synthetic node once expanded
  let count = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    const t0 = Date.now();
    await page.evaluate((g) => window.__cratemap.loadGraph(g), syntheticGraph(size, { seed: 11 }));
    await page.evaluate(() => window.__cratemap.expandAll());
    await idle(page);
    count = await page.evaluate(() => window.__cratemap.cy.elements().length);
    console.error(`  synthetic graph of ${size} nodes: ${count} elements expanded (${Date.now() - t0} ms)`);
    if (Math.abs(count - 5000) < 600) break;
    size = Math.round((size * 5000) / count);
  }
  const box = await page.locator('#cy').boundingBox();
  // Start the drag on empty canvas: a drag that starts on a leaf moves the leaf instead.
  const empty = await page.evaluate(() => {
    const cy = window.__cratemap.cy;
    const leaves = cy.nodes().filter((n) => !n.hasClass('box') && !n.isParent());
    for (let fy = 0.5; fy < 0.9; fy += 0.05)
      for (let fx = 0.5; fx < 0.9; fx += 0.05) {
        const x = cy.width() * fx,
          y = cy.height() * fy;
        const hit = leaves.some((n) => {
          const b = n.renderedBoundingBox({ includeLabels: true });
          return x >= b.x1 - 4 && x <= b.x2 + 4 && y >= b.y1 - 4 && y <= b.y2 + 4;
        });
        if (!hit) return { x, y };
      }
    return { x: cy.width() / 2, y: cy.height() / 2 };
  });
  const cx = box.x + empty.x,
    cy = box.y + empty.y;
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    window.__frameLoop = true;
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (window.__frameLoop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => {
      last = t;
      requestAnimationFrame(tick);
    });
  });
  const viewport = () => page.evaluate(() => ({ pan: window.__cratemap.cy.pan(), zoom: window.__cratemap.cy.zoom() }));
  const v0 = await viewport();
  // Pan: drag in circles (boxes are not grabbable, so a drag anywhere pans). Zoom: wheel in and out.
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 240; i++) {
    const a = (i / 40) * Math.PI * 2;
    await page.mouse.move(cx + Math.cos(a) * 150, cy + Math.sin(a) * 100);
  }
  await page.mouse.up();
  const v1 = await viewport();
  if (v1.pan.x === v0.pan.x && v1.pan.y === v0.pan.y) throw new Error('the drag did not pan the view');
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, i % 20 < 10 ? -120 : 120);
    await page.waitForTimeout(16);
    if (i === 9 && (await viewport()).zoom === v1.zoom) throw new Error('the wheel did not zoom the view');
  }
  const frames = await page.evaluate(() => {
    window.__frameLoop = false;
    return window.__frames.slice(2);
  });

  const p50 = pct(frames, 50),
    p95 = pct(frames, 95),
    max = Math.max(...frames);
  console.log(
    `pan/zoom over ${count} elements: ${frames.length} frames, p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms`,
  );
  return { count, frames: frames.length, p50, p95, max };
}

async function expansion(page) {
  // A module of 500 items, collapsed in the first view: time from the double-click
  // (the gesture that opens a box) until its children are laid out and painted.
  const dir = mkdtempSync(join(tmpdir(), 'cratemap-wide-'));
  mkdirSync(join(dir, 'src'));
  const items = [];
  for (let i = 0; i < 500; i++)
    items.push(i % 5 === 4 ? `    pub struct Item${i};` : `    pub fn item_${i}() -> usize { ${i} }`);
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "wide"\nversion = "0.1.0"\n');
  writeFileSync(join(dir, 'src/lib.rs'), `pub mod other { pub fn a() {} }\npub mod wide {\n${items.join('\n')}\n}\n`);
  await page.evaluate(() => {
    window.__benchBefore = window.__cratemap.graph;
  });
  await page.setInputFiles('#folder-input', dir);
  await page.waitForFunction(() => window.__cratemap.graph !== window.__benchBefore, null, { timeout: 60000 });
  await idle(page);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = await page.evaluate(async () => {
      const app = window.__cratemap;
      const hit = app.nodeByPath('wide::wide', 'module');
      if (!hit?.displayed) throw new Error('module wide is not drawn collapsed');
      const node = app.cy.getElementById(hit.id);
      const before = app.cy.elements().length;
      const t0 = performance.now();
      node.emit('dbltap');
      await app.idle();
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
      const ms = performance.now() - t0;
      const after = app.cy.elements().length;
      // Collapse it again for the next run.
      app.cy.getElementById(hit.id).emit('dbltap');
      await app.idle();
      return { ms, before, after };
    });
    if (r.after - r.before < 500) throw new Error(`expanding drew ${r.after - r.before} new elements, not 500`);
    samples.push(r);
  }
  const ms = median(samples.map((s) => s.ms));
  console.log(
    `expand a 500-item module: median ${ms.toFixed(0)} ms (runs: ${samples.map((s) => s.ms.toFixed(0)).join(', ')}); ` +
      `${samples[0].before} → ${samples[0].after} elements`,
  );
  return { ms, elements: samples[0].after };
}

async function readableFirstView(page) {
  // A generated crate of about 20,000 nodes (`examples/synth.rs`), opened as a folder:
  // Analyze → first rendered graph, and whether that first view is readable (every label
  // on screen rendered at 11 px or more, and some on screen at all).
  const dir = mkdtempSync(join(tmpdir(), 'cratemap-20k-'));
  execSync(`cargo run --quiet --release --example synth -- ${dir} 1 100 9`, { stdio: 'inherit' });
  const r = await firstGraph(page, dir, 'synthetic crate');
  const seen = await page.evaluate(() => {
    const cy = window.__cratemap.cy;
    const ext = cy.extent();
    const labelled = cy.nodes().filter((n) => {
      const p = n.position();
      return n.data('label') && p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2;
    });
    const px = labelled.map((n) => n.pstyle('font-size').pfValue * cy.zoom());
    return { onScreen: labelled.length, minPx: Math.min(...px) };
  });
  if (seen.onScreen === 0 || seen.minPx < 11)
    throw new Error(`first view not readable: ${seen.onScreen} labels on screen, smallest ${seen.minPx} px`);
  console.log(`  first view: ${seen.onScreen} labels on screen, smallest ${seen.minPx.toFixed(1)} px`);
  return { ...r, ...seen };
}

async function largeGraph(page) {
  // A 50,000-node graph (as a graph JSON): time until its collapsed overview is drawn.
  await page.evaluate((g) => {
    window.__big = g;
  }, syntheticGraph(50000));
  const r = await page.evaluate(async () => {
    const t0 = performance.now();
    await window.__cratemap.loadGraph(window.__big);
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    return {
      ms: performance.now() - t0,
      nodes: window.__cratemap.graph.nodes.length,
      drawn: window.__cratemap.cy.elements().length,
    };
  });
  console.log(`${r.nodes}-node graph: collapsed overview drawn in ${r.ms.toFixed(0)} ms (${r.drawn} elements)`);
  return r;
}

const server = await startServer();
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url, { waitForDefault: true });
  const results = {};
  if (args.includes('--panzoom-only')) {
    console.log(JSON.stringify(await panZoom(page)));
    process.exit(0);
  }
  if (args.includes('--interaction-only')) {
    console.log(JSON.stringify({ expansion: await expansion(page), readable: await readableFirstView(page) }));
    process.exit(0);
  }
  if (args.includes('--large-only')) {
    console.log(JSON.stringify(await largeGraph(page)));
    process.exit(0);
  }
  if (crateDir) results.crate = await firstGraph(page, crateDir, crateDir.split('/').pop());
  else console.log('no ~1 MB crate found (pass --crate DIR)');
  if (coreDir) results.core = await firstGraph(page, coreDir, 'core (rust-src)');
  else console.log('no rust-src core found (pass --core DIR)');
  results.readable = await readableFirstView(page);
  results.expansion = await expansion(page);
  results.large = await largeGraph(page);
  results.panZoom = await panZoom(page);
  console.log(JSON.stringify(results));
} finally {
  await browser.close();
  await server.close();
}
