// Embed size and speed: what a documentation page with <cratemap-graph> costs.
//
//   npm run build && node bench/embed.mjs [CRATE_DIR] [--runs N]
//
// Size: the engine-less viewer, the full element, a precomputed graph of the
// crate, and the page `cratemap export --format html` writes, raw and gzipped
// (-9, what a static host sends with compression on).
// Speed: a page with two embeds of that graph (modules and types views) on a
// plain static server (no COOP/COEP), in headless Chromium: milliseconds from
// navigation start until both elements have drawn their graph and handle
// input, median and worst of N cold page loads; and the page's main-thread CPU
// time until then, which a loaded machine does not inflate.

import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { launch } from '../tests/browser/app.helpers.mjs';
import { startStaticServer, makeSite, cratemap, removeTempDirs } from '../tests/browser/embed.helpers.mjs';

function defaultCrate() {
  const registry = join(homedir(), '.cargo/registry/src');
  for (const index of existsSync(registry) ? readdirSync(registry) : []) {
    const dir = join(registry, index, 'tiny_http-0.12.0');
    if (existsSync(dir)) return dir;
  }
  throw new Error('pass a crate directory (tiny_http-0.12.0 is not in the cargo registry)');
}

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 7;
const crate = args[0] || defaultCrate();

const site = makeSite();
cratemap(['analyze', crate, '-o', join(site, 'graph.json')], { stdio: ['ignore', 'pipe', 'ignore'] });
cratemap(['export', crate, '--format', 'html', '-o', join(site, 'export.html')], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
const graph = JSON.parse(readFileSync(join(site, 'graph.json'), 'utf8'));

const kb = (n) => (n / 1024).toFixed(1);
const size = (label, path) => {
  const bytes = readFileSync(path);
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(`${label.padEnd(44)} ${kb(bytes.length).padStart(9)} KB ${kb(gz).padStart(9)} KB`);
  return gz;
};
console.log(`crate: ${crate}\ngraph: ${graph.nodes.length} nodes, ${graph.edges.length} edges\n`);
console.log(`${'file'.padEnd(44)} ${'raw'.padStart(12)} ${'gzip -9'.padStart(12)}`);
const viewerGz = size('embed/cratemap-viewer.js (no engine)', join(site, 'embed/cratemap-viewer.js'));
size('embed/cratemap-graph.js (entry, engine lazy)', join(site, 'embed/cratemap-graph.js'));
const graphGz = size('graph.json', join(site, 'graph.json'));
size('export.html (viewer + graph inline)', join(site, 'export.html'));
console.log(`\nprecomputed embed over the wire (viewer + graph): ${kb(viewerGz + graphGz)} KB gzipped`);

writeFileSync(
  join(site, 'two.html'),
  `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="./embed/cratemap-graph.js"></script></head><body>
<cratemap-graph src="graph.json" view="modules" readonly height="400"></cratemap-graph>
<cratemap-graph src="graph.json" view="types" readonly height="400"></cratemap-graph>
</body></html>`,
);
const server = await startStaticServer(site);
const browser = await launch();
const times = [];
const cpu = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  // The renderer main thread's CPU time (CDP `ThreadTime`): unlike wall time,
  // it does not grow when other processes take the cores.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const threadTime = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
  await page.goto(`${server.url}two.html`);
  const ms = await page.evaluate(async () => {
    const els = [...document.querySelectorAll('cratemap-graph')];
    await Promise.all(els.map((el) => el.ready));
    // One frame later the drawn graph is on screen and taps are handled.
    await new Promise((r) => requestAnimationFrame(() => r()));
    if (els.some((el) => el.cy.nodes().length === 0)) throw new Error('an embed drew nothing');
    return performance.now();
  });
  times.push(ms);
  // Not minus a reading before navigation: the page may get a fresh renderer,
  // whose counter starts at zero. Without subtracting, the figure errs high.
  cpu.push(await threadTime());
  await context.close();
}
await browser.close();
await server.close();
removeTempDirs();
const median = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
console.log(
  `\ntwo embeds interactive (ms from navigation start, ${runs} cold loads): median ${median(times).toFixed(0)}, worst ${times[runs - 1].toFixed(0)}`,
);
console.log(
  `main-thread CPU time until then (ms): median ${median(cpu).toFixed(0)}, worst ${cpu[runs - 1].toFixed(0)}`,
);
