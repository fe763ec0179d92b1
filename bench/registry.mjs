// "Open a crate" in headless Chromium, timed from the moment the page is asked for a
// crate to its graph on screen, against a registry on loopback that mirrors the cargo
// cache (the index lines of every version whose archive the cache holds, as cargo's own
// partial mirrors do), so that network time is loopback time; it is reported apart.
//   node bench/registry.mjs [NAME@VERSION[+deps] ...] [--runs N]
// Needs `npm run build` and the crates in ~/.cargo/registry (run `cargo fetch` on a
// project that uses them). Each run is a fresh browser profile: nothing cached.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { launch, startServer } from '../tests/browser/app.helpers.mjs';
import { startRegistry } from '../tests/browser/registry.mjs';

const CARGO = process.env.CARGO_HOME || join(homedir(), '.cargo');
const sub = (dir) => (existsSync(dir) ? readdirSync(dir).map((d) => join(dir, d)) : []);
const INDEXES = sub(join(CARGO, 'registry/index')).map((d) => join(d, '.cache'));
const CACHES = sub(join(CARGO, 'registry/cache'));

function archive(name, vers) {
  for (const dir of CACHES) {
    const file = join(dir, `${name}-${vers}.crate`);
    if (existsSync(file)) return readFileSync(file);
  }
  return null;
}

/**
 * An index file from cargo's cache of it (a version byte, a u32, then NUL-separated
 * fields: an etag, then version and JSON line pairs), with only the versions whose
 * archive is in the cache.
 */
function indexFile(path) {
  for (const dir of INDEXES) {
    const file = join(dir, path.toLowerCase());
    if (!file.startsWith(dir) || !existsSync(file)) continue;
    const fields = readFileSync(file).subarray(5).toString('utf8').split('\0');
    const lines = [];
    for (let i = 1; i + 1 < fields.length; i += 2) {
      const line = fields[i + 1];
      const { name, vers } = JSON.parse(line);
      if (existsSync(CACHES.map((d) => join(d, `${name}-${vers}.crate`)).find(existsSync) ?? '')) lines.push(line);
    }
    return lines.length ? Buffer.from(`${lines.join('\n')}\n`) : null;
  }
  return null;
}

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
const cases = args.length ? args : ['regex-syntax@0.8.12', 'axum@0.8.4+deps'];

const app = await startServer();
const registry = await startRegistry({ indexFile, archive });
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('| crate | packages | sources | open → graph (median, min–max) | of it on the loopback network |');
console.log('|---|---|---|---|---|');
for (const spec of cases) {
  const [crate, deps] = spec.split('+');
  const hash = `crate=${crate}${deps ? '&deps=all' : ''}`;
  const walls = [];
  const nets = [];
  let shape = '';
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${app.url}?registry=${encodeURIComponent(registry.index)}`);
    await page.waitForFunction(() => window.__cratemap);
    await page.evaluate(() => window.__cratemap.idle());
    const result = await page.evaluate(async (h) => {
      performance.clearResourceTimings();
      const before = window.__cratemap.graph;
      const t0 = performance.now();
      location.hash = h;
      while (window.__cratemap.graph === before) await new Promise((r) => setTimeout(r, 10));
      await window.__cratemap.idle();
      const wall = performance.now() - t0;
      const net = performance
        .getEntriesByType('resource')
        .filter((e) => /\/(index|dl)\//.test(e.name))
        .map((e) => [e.startTime, e.responseEnd]);
      const first = Math.min(...net.map((n) => n[0]));
      const last = Math.max(...net.map((n) => n[1]));
      const g = window.__cratemap.graph;
      return {
        wall,
        net: last - first,
        // One library per package.
        crates: g.crates.filter((c) => c.kind === 'lib').length,
        bytes: g.stats.bytes,
        banner: document.querySelector('#banner').hidden ? '' : document.querySelector('#banner').textContent,
      };
    }, hash);
    if (result.banner) throw new Error(`${spec}: ${result.banner}`);
    walls.push(result.wall);
    nets.push(result.net);
    shape = `| ${spec} | ${result.crates} | ${(result.bytes / 1048576).toFixed(1)} MB |`;
    await context.close();
  }
  const s = (ms) => (ms / 1000).toFixed(2);
  console.log(
    `${shape} ${s(median(walls))} s (${s(Math.min(...walls))}–${s(Math.max(...walls))}) | ${s(median(nets))} s |`,
  );
}
await browser.close();
await registry.close();
await app.close();
