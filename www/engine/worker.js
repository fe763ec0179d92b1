// The engine's dedicated module Worker, started by analyzer.js. It loads one
// of the two wasm builds and runs one analysis at a time.
//
// Messages in:  {type: 'init', mode: 'threads'|'single', threads}
//               {type: 'analyze', id, paths, contents, timings, maxDepth, abortForTest}
// Messages out: {type: 'ready', mode, threads, build, maxDepth, fallbackReason?}
//               {type: 'progress', id, phase, done, total}
//               {type: 'result', id, json (Uint8Array, transferred), memoryBytes}
//               {type: 'error', id?, message}  (the engine is unusable after it)
//
// Runs as a Worker because the threaded build blocks in `Atomics.wait`,
// which a page's main thread may not do, and so that a long analysis never
// freezes the page.

/** Posts progress at most this often (ms), besides phase changes and the end. */
const PROGRESS_INTERVAL_MS = 50;

let engine = null;

// A pool thread (a nested Worker of this one) that traps ends up here. The
// engine thread has normally reported why already (the panic hook's
// message); the raw trap must not also surface on the page as an uncaught
// error, but if nothing was reported yet, this is the report.
self.addEventListener('error', (event) => {
  event.preventDefault();
  self.postMessage({ type: 'error', message: failureMessage(event.error ?? new Error(event.message)) });
});

self.addEventListener('message', ({ data }) => {
  if (data.type === 'init') {
    init(data).then(
      (ready) => self.postMessage({ type: 'ready', ...ready }),
      (error) => self.postMessage({ type: 'error', message: describe(error) }),
    );
  } else if (data.type === 'analyze') {
    analyze(data);
  }
});

async function init({ mode, threads }) {
  let fallbackReason;
  if (mode === 'threads') {
    try {
      // Static specifiers, so that bundlers (Vite) see and emit both builds.
      const pkg = await import('./pkg-threads/cratemap.js');
      const wasm = await pkg.default();
      await pkg.initThreadPool(threads);
      engine = { pkg, wasm, mode };
    } catch (error) {
      // A shared memory of this size, or workers for the pool, can be
      // refused even on an isolated page (32-bit devices, tight quotas).
      fallbackReason = `the threaded engine failed to start: ${describe(error)}`;
    }
  }
  if (!engine) {
    const pkg = await import('./pkg-single/cratemap.js');
    const wasm = await pkg.default();
    engine = { pkg, wasm, mode: 'single' };
  }
  const poolThreads = engine.pkg.engineInit();
  return {
    mode: engine.mode,
    threads: poolThreads,
    build: engine.pkg.engineBuild(),
    maxDepth: engine.pkg.defaultMaxDepth(),
    ...(fallbackReason ? { fallbackReason } : {}),
  };
}

function analyze({ id, paths, contents, timings, maxDepth, abortForTest }) {
  let lastPhase = null;
  let lastPost = 0;
  const onProgress = (phase, done, total) => {
    const now = performance.now();
    if (phase !== lastPhase || done === total || now - lastPost >= PROGRESS_INTERVAL_MS) {
      lastPhase = phase;
      lastPost = now;
      self.postMessage({ type: 'progress', id, phase, done, total });
    }
  };
  let json;
  try {
    json = engine.pkg.analyze(paths, contents, Boolean(timings), maxDepth, onProgress, Boolean(abortForTest));
  } catch (error) {
    self.postMessage({ type: 'error', id, message: failureMessage(error) });
    return;
  }
  // `json` is a fresh copy outside wasm memory: hand it over without a copy.
  self.postMessage({ type: 'result', id, json, memoryBytes: engine.wasm.memory.buffer.byteLength }, [json.buffer]);
}

/** What went wrong, as precisely as the engine can still tell. */
function failureMessage(error) {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    // V8's stack limit, hit by wasm on this thread (the single build).
    return `the engine ran out of stack (${error.message}): code nested too deeply for maxDepth`;
  }
  if (error instanceof WebAssembly.RuntimeError) {
    // A trap (a panic's abort, out of memory, a stack overflow) may leave
    // Rust's state half-updated, but the panic hook's message is plain data.
    let last = null;
    try {
      last = engine?.pkg.takeFailure();
    } catch {
      // The instance is beyond asking; the trap itself is all we know.
    }
    return last ?? `the engine aborted (${error.message}); it may have run out of memory`;
  }
  return describe(error);
}

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}
