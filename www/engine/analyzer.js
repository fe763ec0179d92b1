// cratemap's engine API for pages: the front end, the embeds and anyone's
// scripts. Plain ES module, no dependencies: it works bundled (Vite, with
// `worker.format: 'es'`) and served as static files.
//
//   import { createAnalyzer } from './engine/analyzer.js';
//   const analyzer = createAnalyzer();
//   const graph = await analyzer.analyze(
//     [{ path: 'src/lib.rs', bytes: new TextEncoder().encode(source) }],
//     { onProgress: ({ phase, done, total }) => {}, signal },
//   );
//   console.log(await analyzer.info()); // {mode: 'threads', threads: 8, build: '...', maxDepth: 256}
//
// The analysis runs in a dedicated module Worker (worker.js). On a
// cross-origin isolated page (COOP `same-origin` + COEP `require-corp`) it
// uses the threaded build, whose rayon pool runs on further Workers;
// elsewhere, the single-threaded build. Either way the page's main thread
// only sends files and receives the graph.

/**
 * @typedef {{path: string, bytes: Uint8Array}} SourceFile
 * @typedef {{phase: string, done: number, total: number}} Progress
 * @typedef {{mode: 'threads'|'single', threads: number, build: string, maxDepth: number, fallbackReason?: string}} EngineInfo
 *   `maxDepth`: the default of `analyze`'s option of that name in this build.
 */

/** The largest `maxDepth` the engine takes (it is a u32 in wasm). */
const MAX_DEPTH_LIMIT = 2 ** 32 - 1;

/** Whether this page may run the threaded build. */
export function threadsSupported() {
  return (
    typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true && typeof Atomics === 'object'
  );
}

/**
 * Starts an analyzer. Its worker starts on first use.
 *
 * @param {{threads?: number}} [options] `threads`: size of the thread pool
 *   (default: the number of logical cores). 1 still uses the threaded
 *   build when possible, with one pool thread; 0 asks for the
 *   single-threaded build.
 */
export function createAnalyzer({ threads } = {}) {
  return new Analyzer(threads);
}

class Analyzer {
  #requestedThreads;
  /** The live engine: {worker, ready: Promise<EngineInfo>}, or null. */
  #engine = null;
  /** The call in flight: {id, resolve, reject, onProgress}. */
  #current = null;
  /** Settles when the previous call has finished: calls run one at a time. */
  #queue = Promise.resolve();
  #nextId = 1;
  #lastMemoryBytes = 0;

  constructor(threads) {
    this.#requestedThreads = threads;
  }

  /** @returns {Promise<EngineInfo & {memoryBytes: number}>} */
  async info() {
    const info = await this.#start().ready;
    return { ...info, memoryBytes: this.#lastMemoryBytes };
  }

  /**
   * Analyzes the files; resolves with the graph (contract `cratemap/graph@1`).
   *
   * @param {SourceFile[]} files
   * @param {{onProgress?: (progress: Progress) => void, signal?: AbortSignal, timings?: boolean, maxDepth?: number}} [options]
   *   `timings`: include `stats.threads` and `stats.phases_ms`.
   *   `maxDepth`: deepest nesting of code analyzed, in the engine's units
   *   (one per group and per operator of a chain); deeper code is left out
   *   with a diagnostic. The default (`info().maxDepth`) sits well below
   *   what the engine's stacks survive (BENCHMARKS.md, "Recovery and hostile
   *   input"): a much higher limit can crash the engine on hostile input.
   */
  analyze(files, options = {}) {
    const run = this.#queue.then(() => this.#run(files, options));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Stops the worker (and its thread pool); the next call starts afresh. */
  terminate() {
    this.#kill(new Error('the analyzer was terminated'));
  }

  async #run(files, { onProgress, signal, timings, maxDepth, abortForTest }) {
    signal?.throwIfAborted();
    if (maxDepth !== undefined && !(Number.isInteger(maxDepth) && maxDepth >= 1 && maxDepth <= MAX_DEPTH_LIMIT)) {
      throw new RangeError(`maxDepth must be an integer from 1 to ${MAX_DEPTH_LIMIT}, not ${maxDepth}`);
    }
    const paths = [];
    const contents = [];
    for (const file of files) {
      if (typeof file?.path !== 'string' || !(file.bytes instanceof Uint8Array)) {
        throw new TypeError('analyze() takes an array of {path: string, bytes: Uint8Array}');
      }
      paths.push(file.path);
      contents.push(file.bytes);
    }
    const engine = this.#start();
    await engine.ready;
    signal?.throwIfAborted();

    const id = this.#nextId++;
    const result = new Promise((resolve, reject) => {
      this.#current = { id, resolve, reject, onProgress };
    });
    const onAbort = () => this.#kill(signal.reason ?? abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    // Copied, not transferred: the caller keeps its buffers.
    engine.worker.postMessage({ type: 'analyze', id, paths, contents, timings, maxDepth, abortForTest });
    try {
      const json = await result;
      return JSON.parse(new TextDecoder().decode(json));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #start() {
    if (this.#engine) return this.#engine;
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'cratemap-engine' });
    const engine = { worker, ready: null };
    let readyHandlers;
    engine.ready = new Promise((resolve, reject) => {
      readyHandlers = { resolve, reject };
    });
    // Callers see the failure through their own calls; this only keeps an
    // unused rejected promise from being reported as unhandled.
    engine.ready.catch(() => {});

    worker.addEventListener('message', ({ data }) => {
      if (this.#engine !== engine) return;
      const current = this.#current?.id === data.id ? this.#current : null;
      switch (data.type) {
        case 'ready':
          readyHandlers.resolve({
            mode: data.mode,
            threads: data.threads,
            build: data.build,
            maxDepth: data.maxDepth,
            ...(data.fallbackReason ? { fallbackReason: data.fallbackReason } : {}),
          });
          break;
        case 'progress':
          if (current?.onProgress) {
            try {
              current.onProgress({ phase: data.phase, done: data.done, total: data.total });
            } catch (error) {
              // The page's callback failing must not lose the analysis.
              reportError(error);
            }
          }
          break;
        case 'result':
          this.#lastMemoryBytes = data.memoryBytes;
          if (current) {
            this.#current = null;
            current.resolve(data.json);
          }
          break;
        case 'error':
          // The engine may be broken after any error: replace it.
          this.#kill(new Error(`cratemap engine: ${data.message}`));
          break;
      }
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.#engine !== engine) return;
      const detail = event.message || 'the engine worker failed to load or crashed';
      this.#kill(new Error(`cratemap engine: ${detail}`));
    });
    worker.addEventListener('messageerror', () => {
      if (this.#engine === engine) this.#kill(new Error('cratemap engine: a message could not be read'));
    });

    const threads = this.#requestedThreads ?? (globalThis.navigator?.hardwareConcurrency || 4);
    const mode = threads >= 1 && threadsSupported() ? 'threads' : 'single';
    worker.postMessage({ type: 'init', mode, threads: Math.max(1, threads) });
    engine.rejectReady = (error) => readyHandlers.reject(error);
    this.#engine = engine;
    return engine;
  }

  /** Ends the current worker, failing what waits on it with `error`. */
  #kill(error) {
    const engine = this.#engine;
    if (!engine) return;
    this.#engine = null;
    engine.worker.terminate();
    engine.rejectReady(error);
    const current = this.#current;
    this.#current = null;
    current?.reject(error);
  }
}

function abortError() {
  return new DOMException('The analysis was cancelled.', 'AbortError');
}
