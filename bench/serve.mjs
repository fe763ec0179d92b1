// A static file server for the engine's bench page and browser tests, on
// 127.0.0.1 only. The same files are served twice:
//   /isolated/<path>  with COOP `same-origin` + COEP `require-corp`, so the
//                     page is cross-origin isolated and gets the threaded build
//   /plain/<path>     without them, as on a documentation host
// and a corpus of source files in one response:
//   /<isolated|plain>/corpus/<name>  ->  u32 header length (LE), a JSON header
//                     {paths, sizes}, then the files' bytes back to back
// (one request instead of thousands keeps loading out of the measurements).
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, normalize, relative, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.ts': 'text/plain',
};

/**
 * The files under `dir` that the CLI reads (`.rs` and `Cargo.toml`, skipping
 * hidden, `target` and `node_modules` folders: see `vfs::read_path`), as
 * sorted relative paths.
 */
export async function listFiles(dir) {
  const found = [];
  async function walk(current) {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'target' && entry.name !== 'node_modules') await walk(full);
      } else if (entry.isFile() && (entry.name.endsWith('.rs') || entry.name === 'Cargo.toml')) {
        found.push(relative(dir, full).split(sep).join('/'));
      }
    }
  }
  await walk(dir);
  return found.sort();
}

/** Packs files into the corpus format described above. */
export async function packCorpus(dir, paths) {
  const contents = await Promise.all(paths.map((path) => readFile(join(dir, path))));
  const header = Buffer.from(JSON.stringify({ paths, sizes: contents.map((c) => c.length) }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([length, header, ...contents]);
}

/**
 * Starts the server. `corpora` maps a name to {dir, paths}.
 * Resolves with {url, close()}; `url` has no trailing slash.
 */
export async function startServer({ root, corpora = {}, port = 0 }) {
  const packed = new Map();
  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url, 'http://127.0.0.1');
      const [, scope, ...rest] = url.pathname.split('/');
      if (scope !== 'isolated' && scope !== 'plain') {
        response.writeHead(404).end('paths start with /isolated/ or /plain/');
        return;
      }
      const headers = { 'Cache-Control': 'no-store' };
      if (scope === 'isolated') {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      }
      if (rest[0] === 'corpus' && rest.length === 2) {
        const corpus = corpora[decodeURIComponent(rest[1])];
        if (!corpus) {
          response.writeHead(404, headers).end('no such corpus');
          return;
        }
        if (!packed.has(rest[1])) packed.set(rest[1], await packCorpus(corpus.dir, corpus.paths));
        response.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream' });
        response.end(packed.get(rest[1]));
        return;
      }
      const path = normalize(join(root, decodeURIComponent(rest.join('/'))));
      if (!path.startsWith(root) || !(await stat(path).catch(() => null))?.isFile()) {
        response.writeHead(404, headers).end('not found');
        return;
      }
      headers['Content-Type'] = TYPES[extname(path)] ?? 'application/octet-stream';
      response.writeHead(200, headers);
      response.end(await readFile(path));
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
