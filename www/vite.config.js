// Vite config for the cratemap web app. Root is www/; output goes to www/dist.
import { defineConfig } from 'vite';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const wwwDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(wwwDir, '..');

// Cross-origin isolation: needed for SharedArrayBuffer (the threaded wasm build).
// CRATEMAP_NO_ISOLATION=1 serves without them, as a plain static host would.
const isolationHeaders =
  process.env.CRATEMAP_NO_ISOLATION === '1'
    ? { 'X-Content-Type-Options': 'nosniff' }
    : {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'same-origin',
        'X-Content-Type-Options': 'nosniff',
      };

// No 'unsafe-inline', no 'unsafe-eval'. Workers and wasm come from our own origin.
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:", // wasm-bindgen-rayon starts its pool workers from blob: URLs
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // Archives opened with ?url=: https anywhere, http only on this machine (input/remote.js).
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:* http://[::1]:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function listRust(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) listRust(full, out);
    else if (name.endsWith('.rs')) out.push(full);
  }
  return out;
}

/** `virtual:cratemap-self`: cratemap's own `Cargo.toml` and `src/**\/*.rs`, read at build time. */
function selfSource() {
  const id = 'virtual:cratemap-self';
  const resolved = `\0${id}`;
  return {
    name: 'cratemap-self-source',
    resolveId(source) {
      return source === id ? resolved : null;
    },
    load(loadId) {
      if (loadId !== resolved) return null;
      const paths = [];
      const manifest = join(repoRoot, 'Cargo.toml');
      if (existsSync(manifest)) paths.push(manifest);
      listRust(join(repoRoot, 'src'), paths);
      const files = paths.map((full) => {
        this.addWatchFile(full);
        return { path: relative(repoRoot, full).split(sep).join('/'), text: readFileSync(full, 'utf8') };
      });
      return `export default ${JSON.stringify(files)};`;
    },
  };
}

/** If the engine module is not there yet, build anyway with a stub that reports it. */
function engineFallback() {
  const stub = '\0cratemap-engine-missing';
  return {
    name: 'cratemap-engine-fallback',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.endsWith('engine/analyzer.js')) return null;
      const target = resolve(dirname(importer), source);
      return existsSync(target) ? null : stub;
    },
    load(loadId) {
      if (loadId !== stub) return null;
      return `export async function createAnalyzer() {
        throw new Error('The analysis engine is not part of this build (www/engine/analyzer.js is missing).');
      }`;
    },
  };
}

/** The CSP meta tag goes into the built page only: Vite's dev server injects inline styles. */
function cspMeta() {
  return {
    name: 'cratemap-csp',
    apply: 'build',
    transformIndexHtml() {
      return [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
      ];
    },
  };
}

// The sparse index "Open a crate" reads: a deployment's setting (README), overridden per
// page by `?registry=URL`. crates.io's own index unless the build says otherwise.
const REGISTRY = process.env.CRATEMAP_REGISTRY || 'sparse+https://index.crates.io/';

export default defineConfig({
  root: wwwDir,
  define: { __CRATEMAP_REGISTRY__: JSON.stringify(REGISTRY) },
  base: './',
  publicDir: join(wwwDir, 'public'),
  plugins: [engineFallback(), selfSource(), cspMeta()],
  worker: { format: 'es' },
  build: {
    outDir: join(wwwDir, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: { main: join(wwwDir, 'index.html') } },
  },
  server: { headers: isolationHeaders, fs: { allow: [repoRoot] } },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': CSP } },
});
