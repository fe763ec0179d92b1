// How deep each kind of nesting can go before a wasm build's stack gives
// out, with the depth guard off: the wasm half of `examples/stack_depth.rs`.
//
//   scripts/build-wasm.sh
//   node bench/stack_depth.mjs                      # both builds, the costly kinds
//   node bench/stack_depth.mjs blocks modules       # some kinds
//   BUILDS=single node bench/stack_depth.mjs        # one build
//
// Every attempt runs on a fresh engine (one pool thread in the threads
// build) with `maxDepth` at its largest. wasm has no guard page: an overflow
// can trap (V8's "Maximum call stack size exceeded", or `unreachable` /
// out of bounds when the linear-memory stack runs off its end) or silently
// corrupt memory. So an attempt survives only if the engine answers, in
// time, with exactly the graph the native CLI's code makes on a huge stack
// (`stack_depth --case`).
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { startServer } from './serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The kinds that cost the most stack per unit of the guard, natively. */
const DEFAULT_KINDS = ['blocks', 'parens', 'binary', 'generic_types', 'closures', 'modules', 'impl_in_fn'];
const BUILDS = (process.env.BUILDS ?? 'threads,single').split(',');
/** An attempt that takes longer than this counts as dead (a hung engine). */
const TIMEOUT_MS = 60_000;
/** Deeper than this is "deep enough"; natively no kind needs more. */
const CAP = 200_000;

const kinds = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_KINDS;

execFileSync('cargo', ['build', '--quiet', '--release', '--example', 'stack_depth'], { cwd: ROOT, stdio: 'inherit' });
const example = join(ROOT, 'target', 'release', 'examples', 'stack_depth');

/** `kind` nested `levels` deep: {source, units, graph (the native JSON)}. */
function makeCase(kind, levels) {
  return JSON.parse(execFileSync(example, ['--case', kind, String(levels)], { encoding: 'utf8', maxBuffer: 1 << 30 }));
}

const server = await startServer({ root: ROOT });
const browser = await launchBrowser();
const results = {};
try {
  for (const build of BUILDS) {
    const scope = build === 'threads' ? 'isolated' : 'plain';
    const page = await browser.newPage();
    await page.goto(`${server.url}/${scope}/bench/index.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { polling: 100 });
    results[build] = {};
    for (const kind of kinds) {
      const attempts = new Map();
      const attempt = async (levels) => {
        const testCase = makeCase(kind, levels);
        const outcome = await page.evaluate(probe, { source: testCase.source, timeoutMs: TIMEOUT_MS });
        if (outcome.mode && outcome.mode !== build) throw new Error(`expected the ${build} build, got ${outcome.mode}`);
        const why =
          outcome.error ?? (outcome.graph === testCase.graph ? null : 'the graph differs from the native one');
        attempts.set(levels, { units: testCase.units, why });
        console.error(`  ${build} ${kind} ${levels}: ${why ?? 'ok'}`);
        return why === null;
      };
      // Doubling, then a binary search to within 1%.
      let low = 0;
      let high = 16;
      while (high < CAP && (await attempt(high))) [low, high] = [high, Math.min(high * 2, CAP)];
      if (high === CAP && !attempts.has(CAP) && (await attempt(CAP))) low = CAP;
      while (low < CAP && high - low > Math.max(1, Math.floor(low / 100))) {
        const mid = Math.floor((low + high) / 2);
        if (await attempt(mid)) low = mid;
        else high = mid;
      }
      const died = low < CAP ? attempts.get(high) : null;
      results[build][kind] = {
        levels: low,
        units: low ? attempts.get(low).units : 0,
        diesAt: died ? { levels: high, units: died.units, how: died.why } : null,
      };
      const { levels, units } = results[build][kind];
      console.log(
        `${build.padEnd(8)} ${kind.padEnd(14)} ${`${levels} (${units})`.padStart(16)}  ${died ? `dies at ${high}: ${died.why}` : `>= ${CAP}`}`,
      );
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
for (const build of Object.keys(results)) {
  const smallest = Math.min(...Object.values(results[build]).map((r) => r.units));
  console.log(`${build}: smallest surviving depth ${smallest} units`);
}

/** Runs in the page: analyzes `source` on a fresh engine, guard off. */
async function probe({ source, timeoutMs }) {
  const analyzer = window.createAnalyzer({ threads: 1 });
  let timer;
  try {
    const { mode } = await analyzer.info();
    const files = [{ path: 'src/lib.rs', bytes: new TextEncoder().encode(source) }];
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const graph = await Promise.race([analyzer.analyze(files, { maxDepth: 2 ** 32 - 1 }), timeout]);
    return { mode, graph: JSON.stringify(graph) };
  } catch (error) {
    return { error: error.message };
  } finally {
    clearTimeout(timer);
    analyzer.terminate();
  }
}
