// A sparse-index registry on 127.0.0.1, for the app's "Open a crate" tests and its
// benchmark: it speaks the protocol crates.io's index and download host speak to a page
// (`config.json` with `dl`, the index files, the `.crate` downloads, and CORS headers on
// each, as crates.io sends them). The tests serve tests/fixtures/registry; the benchmark
// a partial mirror of the cargo cache (bench/registry.mjs). Faults (a changed archive, a
// network that fails) are the test's own, through Playwright's routing, so this stays a
// plain registry.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve, sep } from 'node:path';
import { repoRoot } from './app.helpers.mjs';

const ROOT = resolve(repoRoot, 'tests/fixtures/registry');

/** tests/fixtures/registry: `index/` in the index's layout, `crates/NAME-VERSION.crate`. */
export const FIXTURES = {
  indexFile: (path) => readIfFile(resolve(ROOT, 'index'), path),
  archive: (name, vers) => readIfFile(resolve(ROOT, 'crates'), `${name}-${vers}.crate`),
  names: () =>
    readdirSync(resolve(ROOT, 'index'), { recursive: true })
      .filter((p) => statSync(resolve(ROOT, 'index', p)).isFile())
      .map((p) => p.split(sep).pop()),
};

function readIfFile(root, rel) {
  const file = resolve(root, rel);
  return file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile() ? readFileSync(file) : null;
}

/**
 * Starts a registry serving `content` ({indexFile(path), archive(name, vers)}, each the
 * bytes or null, and `names()`, the crates its search API finds among): {index,
 * requests, close}; `requests` lists the paths asked for, with their queries.
 */
export async function startRegistry(content = FIXTURES) {
  const requests = [];
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    requests.push(path + url.search);
    const cors = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET' });
      res.end();
      return;
    }
    if (path === '/index/config.json') {
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ dl: `${origin}/dl`, api: origin }));
      return;
    }
    if (path === '/api/v1/crates') {
      // crates.io's search: {crates: [{name, max_version, description}]}.
      const q = (url.searchParams.get('q') || '').toLowerCase();
      const crates = (content.names?.() ?? [])
        .filter((n) => n.includes(q))
        .map((name) => ({ name, max_version: '0.0.0', description: `${name} from the loopback registry` }));
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ crates }));
      return;
    }
    const download = path.match(/^\/dl\/([A-Za-z0-9_-]+)\/([0-9A-Za-z.+-]+)\/download$/);
    const index = path.startsWith('/index/') ? path.slice('/index/'.length) : null;
    const body = download ? content.archive(download[1], download[2]) : index && content.indexFile(index);
    if (!body) {
      res.writeHead(404, cors);
      res.end();
      return;
    }
    res.writeHead(200, { ...cors, 'Content-Type': download ? 'application/gzip' : 'text/plain' });
    res.end(body);
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
