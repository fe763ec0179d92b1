// Shared setup for the embed tests: a plain static file server (no COOP/COEP, no
// special headers at all: what GitHub Pages or any docs host gives), the built
// embed bundle, the `cratemap` CLI, and generated fixtures.

import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync, mkdtempSync, mkdirSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { repoRoot } from './app.helpers.mjs';

export { repoRoot };
export const embedDist = resolve(repoRoot, 'www/dist/embed');

const made = [];

/** A fresh folder under the system temp dir, removed by `removeTempDirs()`. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `cratemap-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.zip': 'application/zip',
  '.crate': 'application/gzip',
};

/** Serves `root` on 127.0.0.1 with nothing but Content-Type; records every request path. */
export async function startStaticServer(root) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((r) => server.close(r)) };
}

/** The debug CLI, built if needed (cargo test has usually built it already). */
export function cratemapBin() {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'cratemap'], { cwd: repoRoot, stdio: 'inherit' });
  return resolve(repoRoot, 'target/debug/cratemap');
}

export function cratemap(args, options = {}) {
  return execFileSync(cratemapBin(), args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
}

/**
 * A site folder for the static server: the built embed under /embed/, the kinds
 * fixture as a precomputed graph (/kinds.json) and as a crate archive (/kinds.crate).
 */
export function makeSite() {
  if (!existsSync(join(embedDist, 'cratemap-graph.js'))) {
    throw new Error('www/dist/embed is missing: run `npm run build` first (npm run test:embed does).');
  }
  const site = tempDir('embed');
  cpSync(embedDist, join(site, 'embed'), { recursive: true });
  const fixture = resolve(repoRoot, 'tests/fixtures/kinds');
  cratemap(['analyze', fixture, '-o', join(site, 'kinds.json')]);
  // A .crate is what crates.io serves: a gzipped tar with one `name-version/` folder.
  const stage = tempDir('crate');
  cpSync(fixture, join(stage, 'kinds-0.1.0'), { recursive: true });
  execFileSync('tar', ['czf', join(site, 'kinds-0.1.0.crate'), '-C', stage, 'kinds-0.1.0']);
  return site;
}

export function writePage(site, name, body, { head = '' } = {}) {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,">${head}
<script type="module" src="./embed/cratemap-graph.js"></script></head><body>${body}</body></html>`;
  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, name), html);
  return name;
}
