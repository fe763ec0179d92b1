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

/** The analyzer and corpus of this page's bench configuration. */
let subject = null;

/**
 * Starts an analyzer with `threads` for `corpus` and runs it once to warm
 * up (compilation, pool start, first memory growth). Returns the engine's
 * info and the corpus size.
 */
async function benchPrepare({ corpus, threads }) {
  const files = await loadCorpus(corpus);
  const analyzer = createAnalyzer({ threads });
  const info = await analyzer.info();
  await analyzer.analyze(files);
  subject = { analyzer, files };
  return { info, files: files.length, bytes: files.reduce((sum, file) => sum + file.bytes.length, 0) };
}

/**
 * One timed analysis: wall time in ms from the call to the parsed graph on
 * this thread (so the graph's transfer is included), the engine's phase
 * timings, the graph's size and the wasm memory afterwards.
 */
async function benchRun() {
  const start = performance.now();
  const graph = await subject.analyzer.analyze(subject.files, { timings: true });
  const ms = performance.now() - start;
  const { memoryBytes } = await subject.analyzer.info();
  return {
    ms,
    phases: graph.stats.phases_ms,
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    memoryBytes,
  };
}

Object.assign(window, { benchPrepare, benchRun, loadCorpus, createAnalyzer, threadsSupported });
window.benchReady = true;
