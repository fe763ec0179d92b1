// The only place that talks to the analysis engine (www/engine/analyzer.js).
// The engine module is loaded lazily so the page shows up before wasm is fetched.

const START_TIMEOUT_MS = 45000;

let analyzerPromise = null;
let lastInfo = null;
let crashNext = false;

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function getAnalyzer() {
  if (!analyzerPromise) {
    analyzerPromise = (async () => {
      const mod = await import('../engine/analyzer.js');
      const a = await mod.createAnalyzer({});
      // info() waits for the worker and the wasm: a start that hangs is reported.
      lastInfo = await withTimeout(
        Promise.resolve(a.info()),
        START_TIMEOUT_MS,
        `the engine did not start within ${START_TIMEOUT_MS / 1000} s (its worker or wasm could not load)`,
      );
      return a;
    })();
    // A failed start is not cached: the next call tries again.
    analyzerPromise.catch(() => {
      analyzerPromise = null;
    });
  }
  return analyzerPromise;
}

/** Starts loading the engine in the background. */
export function warmUp() {
  return getAnalyzer()
    .then(() => info())
    .catch(() => null);
}

/** Runs one analysis. Rejects with an Error whose message is fit to show. */
export async function analyze(files, { onProgress, signal } = {}) {
  const abortForTest = crashNext;
  crashNext = false;
  let a;
  try {
    a = await getAnalyzer();
  } catch (err) {
    throw friendly(err, 'The analysis engine could not start');
  }
  try {
    // timings: the stats panel shows per-phase times and the threads used.
    const graph = await a.analyze(files, { onProgress, signal, timings: true, abortForTest });
    try {
      lastInfo = await a.info();
    } catch {
      /* keep the previous */
    }
    return graph;
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw friendly(err, 'The analysis failed');
  }
}

/** Makes the next run panic inside the engine, as a real bug would (end-to-end tests only). */
export function crashNextRunForTest() {
  crashNext = true;
}

/** {mode, threads, build} of the running engine, or null before it started. */
export function info() {
  return lastInfo;
}

function friendly(err, prefix) {
  const msg = (err && (err.message || String(err))) || 'unknown error';
  const e = new Error(`${prefix}: ${msg}`);
  e.cause = err;
  e.crashed = /worker|crash|terminated|out of memory|unreachable|abort|died/i.test(msg);
  return e;
}
