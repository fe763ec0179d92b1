// Live analysis for embeds: sources from an archive (`crate-src`) or from inline
// `<script type="text/rust">` children, analyzed by the wasm engine. Loaded on
// demand, so a page that only shows precomputed graphs never fetches any wasm.
//
// One analyzer serves every embed on the page: the engine is a worker holding a
// 1-2 MB wasm module, and calls queue inside it. On a page that is not
// cross-origin isolated (any static host) the engine picks its single-threaded
// build by itself.

import { createAnalyzer } from '../engine/analyzer.js';
import { readArchive } from '../app/input/archive.js';
import { normalizePath, keepSourcePath, stripCommonRoot, tidyFiles, InputError } from '../app/input/paths.js';

let shared = null;

function analyzer() {
  shared ||= createAnalyzer();
  return shared;
}

/** Runs the engine on [{path, bytes}]; resolves with the graph and what the engine was. */
export async function analyzeFiles(files, { signal } = {}) {
  const a = analyzer();
  // Copies: the engine posts the buffers to its worker and the editor keeps its own.
  const graph = await a.analyze(
    files.map((f) => ({ path: f.path, bytes: f.bytes.slice() })),
    { signal },
  );
  return { graph, engine: await a.info() };
}

/** Fetches a `.crate`, `.zip` or `.tar.gz` and returns its Rust sources and manifests. */
export async function fetchArchive(url, { signal } = {}) {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const data = new Uint8Array(await response.arrayBuffer());
  const name = new URL(url, document.baseURI).pathname.split('/').pop() || 'archive';
  const files = tidyFiles(stripCommonRoot(readArchive(name, data)));
  if (!files.some((f) => f.path.endsWith('.rs'))) throw new InputError(`${name} holds no Rust sources.`);
  return files;
}

/**
 * Inline sources: each `<script type="text/rust">` child is one file, named by its
 * `path` attribute (default `src/lib.rs`, then `src/file2.rs`, ...).
 */
export function inlineFiles(scripts) {
  const enc = new TextEncoder();
  const files = [];
  scripts.forEach((script, i) => {
    const wanted = script.getAttribute('path') || (i === 0 ? 'src/lib.rs' : `src/file${i + 1}.rs`);
    const path = normalizePath(wanted);
    if (!path || !keepSourcePath(path))
      throw new InputError(`<script type="text/rust" path="${wanted}">: not a Rust source path`);
    files.push({ path, bytes: enc.encode(dedent(script.textContent)) });
  });
  return tidyFiles(files);
}

/** Inline code is indented with the page's HTML; spans must count from column 0 of the code. */
function dedent(text) {
  const lines = text
    .replace(/^\s*\n/, '')
    .replace(/\s+$/, '')
    .split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return `${lines.map((l) => l.slice(cut)).join('\n')}\n`;
}
