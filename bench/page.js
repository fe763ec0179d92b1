// The bench and test page's side: loads a corpus, runs the engine, and
// reports timings. run.mjs and tests/browser/engine.spec.mjs call these
// functions through Playwright's page.evaluate.
import { createAnalyzer, threadsSupported } from '../www/engine/analyzer.js';

const corpora = new Map();

/** Fetches a packed corpus (see serve.mjs) as [{path, bytes}]. */
async function loadCorpus(name) {
  if (!corpora.has(name)) {
    const buffer = await (await fetch(`../corpus/${encodeURIComponent(name)}`)).arrayBuffer();
    const headerLength = new DataView(buffer).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerLength)));
    let offset = 4 + headerLength;
    const files = header.paths.map((path, index) => {
      const bytes = new Uint8Array(buffer, offset, header.sizes[index]);
      offset += header.sizes[index];
      return { path, bytes };
    });
    corpora.set(name, files);
  }
  return corpora.get(name);
}

function log(line) {
  document.getElementById('log').textContent += `${line}\n`;
}

/**
 * Analyzes a corpus `runs` times after one warm-up run, in a fresh analyzer.
 * Returns the engine's info, the bytes, each run's wall time in ms (from the
 * call to the parsed graph on this thread), the graph's size and the wasm
 * memory after the first and the last run.
 */
async function bench({ corpus, threads, runs = 3, warmup = 1 }) {
  const files = await loadCorpus(corpus);
  const bytes = files.reduce((sum, file) => sum + file.bytes.length, 0);
  const analyzer = createAnalyzer({ threads });
  const info = await analyzer.info();
  const times = [];
  const memory = [];
  let graph;
  for (let run = 0; run < warmup + runs; run++) {
    const start = performance.now();
    graph = await analyzer.analyze(files);
    const ms = performance.now() - start;
    memory.push((await analyzer.info()).memoryBytes);
    if (run >= warmup) times.push(ms);
  }
  analyzer.terminate();
  log(`${corpus} ${info.mode} x${info.threads}: ${times.map((t) => t.toFixed(0)).join(' ')} ms`);
  return { info, bytes, files: files.length, times, memory, nodes: graph.nodes.length, edges: graph.edges.length };
}

Object.assign(window, { bench, loadCorpus, createAnalyzer, threadsSupported });
window.benchReady = true;
