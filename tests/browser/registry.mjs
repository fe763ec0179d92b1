// A sparse-index registry on 127.0.0.1, for the app's "Open a crate" tests: it speaks
// the protocol crates.io's index and download host speak to a page (`config.json` with
// `dl`, the index files, the `.crate` downloads, and CORS headers on each, as crates.io
// sends them), serving tests/fixtures/registry. Faults (a changed archive, a network
// that fails) are the test's own, through Playwright's routing, so this stays a plain
// registry.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve, sep } from 'node:path';
import { repoRoot } from './app.helpers.mjs';

const ROOT = resolve(repoRoot, 'tests/fixtures/registry');

/** Starts the registry: {index, requests, close}; `requests` lists the paths asked for. */
export async function startRegistry() {
  const requests = [];
  let origin = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push(path);
    const cors = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET' });
      res.end();
      return;
    }
    if (path === '/index/config.json') {
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ dl: `${origin}/dl` }));
      return;
    }
    const download = path.match(/^\/dl\/([A-Za-z0-9_-]+)\/([0-9A-Za-z.+-]+)\/download$/);
    const file = download ? resolve(ROOT, 'crates', `${download[1]}-${download[2]}.crate`) : resolve(ROOT, `.${path}`);
    if (!file.startsWith(ROOT + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, cors);
      res.end();
      return;
    }
    const type = download ? 'application/gzip' : 'text/plain';
    res.writeHead(200, { ...cors, 'Content-Type': type });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  return {
    index: `sparse+${origin}/index/`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}
