#!/usr/bin/env node
// Measures the engine's throughput in MB/s on one corpus of real crates, in
// one run: native (the `cratemap` CLI, 1 and 2 threads), wasm
// single-threaded, and wasm threaded with 1, 2, ... pool threads (headless
// Chromium, Playwright).
//
//   node bench/run.mjs [--runs N] [--threads 1,2,4] [--skip-native] [--corpus DIR]
//
// Every configuration is set up and warmed up first; then each round runs
// every configuration once, so that a change in the machine's load (it is
// shared) hits all of them alike. Medians and best runs over the rounds: on
// a busy machine the best run is the one least slowed by others.
//
// Needs the wasm builds (scripts/build-wasm.sh) and Debian's chromium. The
// corpus is fetched with cargo into bench-out/ unless --corpus names a
// folder. Results go to stdout and to bench-out/wasm-bench.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { listFiles, startServer } from './serve.mjs';
import { launchBrowser } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench-out');

/** Crates whose sources make the corpus: big, real, varied (macros, generics, unsafe). */
const CORPUS_CRATES = {
  syn: '2',
  'regex-syntax': '0.8',
  'regex-automata': '0.4',
  serde: '1',
  serde_json: '1',
  tokio: '1',
  'rayon-core': '1',
  hashbrown: '0.15',
  clap_builder: '4',
};

function parseArgs(argv) {
  const args = { runs: 5, threads: [1, 2, 4], native: true, corpus: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') args.runs = Number(argv[++i]);
    else if (arg === '--threads') args.threads = argv[++i].split(',').map(Number);
    else if (arg === '--skip-native') args.native = false;
    else if (arg === '--corpus') args.corpus = resolve(argv[++i]);
    else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}

/** Downloads the corpus crates with cargo and copies their sources into bench-out/corpus. */
function prepareCorpus() {
  const dir = join(OUT, 'corpus');
  if (existsSync(join(dir, '.complete'))) return dir;
  const project = join(OUT, 'corpus-fetch');
  mkdirSync(join(project, 'src'), { recursive: true });
  const deps = Object.entries(CORPUS_CRATES)
    .map(([name, version]) => `${name} = "${version}"`)
    .join('\n');
  writeFileSync(
    join(project, 'Cargo.toml'),
    `[package]\nname = "corpus-fetch"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\n${deps}\n`,
  );
  writeFileSync(join(project, 'src', 'lib.rs'), '');
  const manifest = join(project, 'Cargo.toml');
  console.error('fetching the corpus crates with cargo...');
  execFileSync('cargo', ['fetch', '--manifest-path', manifest], { stdio: 'inherit' });
  const metadata = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--manifest-path', manifest], {
      maxBuffer: 64 << 20,
    }),
  );
  rmSync(dir, { recursive: true, force: true });
  for (const pkg of metadata.packages) {
    if (!(pkg.name in CORPUS_CRATES)) continue;
    const source = dirname(pkg.manifest_path);
    const target = join(dir, `${pkg.name}-${pkg.version}`);
    cpSync(join(source, 'src'), join(target, 'src'), { recursive: true });
    cpSync(join(source, 'Cargo.toml'), join(target, 'Cargo.toml'));
  }
  writeFileSync(join(dir, '.complete'), '');
  return dir;
}

function nativeBinary() {
  console.error('building the native CLI (release)...');
  execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  return join(ROOT, 'target', 'release', 'cratemap');
}

/** Wall time in ms of one CLI run on the corpus, JSON to /dev/null. */
function timeNative(binary, corpus, threads) {
  const start = process.hrtime.bigint();
  const result = spawnSync(binary, ['analyze', corpus, '--format', 'json', '--threads', String(threads)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (result.status !== 0) throw new Error(`cratemap failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * CPU time in ms used so far by this process's descendants that are alive
 * (the browser and its renderers and workers), from /proc. The machine is
 * shared, so wall times under load say little about scaling; the CPU a run
 * costs says whether threads add work (contention, spinning) or only divide it.
 */
function descendantsCpuMs() {
  if (!existsSync('/proc/self/stat')) return NaN;
  const stats = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command, which is in parentheses and may hold spaces.
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.push({ pid: Number(entry), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  const children = new Map();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  let ticks = 0;
  const pending = [...(children.get(process.pid) ?? [])];
  while (pending.length) {
    const stat = pending.pop();
    ticks += stat.ticks;
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux port in use. */
const CLOCK_TICKS = 100;

/** A step that takes longer than this is reported as hung. */
const STEP_TIMEOUT_MS = 180_000;

/** `promise`, or an error naming `what` once STEP_TIMEOUT_MS have passed. */
async function withTimeout(promise, what, detail = async () => '') {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      async () => reject(new Error(`${what}: no answer after ${STEP_TIMEOUT_MS / 1000} s ${await detail()}`)),
      STEP_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function wasmSizes() {
  const sizes = {};
  for (const build of ['threads', 'single']) {
    const wasm = readFileSync(join(ROOT, 'www', 'engine', `pkg-${build}`, 'cratemap_bg.wasm'));
    sizes[build] = { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length };
  }
  return sizes;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const corpusDir = args.corpus ?? prepareCorpus();
  const paths = await listFiles(corpusDir);
  const bytes = paths.reduce((sum, path) => sum + statSync(join(corpusDir, path)).size, 0);
  const mb = bytes / 1e6;
  console.log(`corpus: ${corpusDir}: ${paths.length} files, ${mb.toFixed(2)} MB`);
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
  console.log(`load average at start: ${load()}`);

  /** name -> {run(): Promise<{ms, phases?}>, times: [], ...facts} */
  const configs = new Map();
  if (args.native) {
    const binary = nativeBinary();
    for (const threads of [1, 2]) {
      timeNative(binary, corpusDir, threads); // warm the page cache
      configs.set(`native, ${threads} thread${threads > 1 ? 's' : ''}`, {
        run: async () => ({ ms: timeNative(binary, corpusDir, threads) }),
      });
    }
  }

  const server = await startServer({ root: ROOT, corpora: { bench: { dir: corpusDir, paths } } });
  const browser = await launchBrowser();
  try {
    const open = async (name, scope, threads, expectedMode) => {
      const page = await browser.newPage();
      page.on('console', (message) => console.error(`[page] ${message.text()}`));
      await page.goto(`${server.url}/${scope}/bench/index.html`);
      await page.waitForFunction(() => window.benchReady === true, null, { polling: 100 });
      const prepared = await withTimeout(
        page.evaluate((options) => window.benchPrepare(options), { corpus: 'bench', threads }),
        `${name}: starting the engine and the warm-up run`,
      );
      if (prepared.info.mode !== expectedMode) throw new Error(`${name}: got ${JSON.stringify(prepared.info)}`);
      if (prepared.bytes !== bytes) throw new Error(`${name}: the page got ${prepared.bytes} bytes, not ${bytes}`);
      const run = async () => {
        const cpuBefore = descendantsCpuMs();
        const result = await withTimeout(
          page.evaluate(() => window.benchRun()),
          `${name}: a timed run`,
          async () => {
            const progress = await page.evaluate(() => window.benchProgress).catch(() => undefined);
            return `(last progress: ${JSON.stringify(progress)})`;
          },
        );
        return { ...result, cpuMs: descendantsCpuMs() - cpuBefore };
      };
      configs.set(name, { run, info: prepared.info });
    };
    await open('wasm single', 'plain', 0, 'single');
    for (const threads of args.threads) {
      await open(`wasm threads, ${threads} worker${threads > 1 ? 's' : ''}`, 'isolated', threads, 'threads');
    }

    for (let round = 0; round < args.runs; round++) {
      for (const config of configs.values()) {
        const result = await config.run();
        config.times ??= [];
        config.times.push(result.ms);
        if (result.phases) {
          config.phases ??= [];
          config.phases.push(result.phases);
        }
        if (result.cpuMs !== undefined) {
          config.cpu ??= [];
          config.cpu.push(result.cpuMs);
        }
        if (result.nodes)
          Object.assign(config, { nodes: result.nodes, edges: result.edges, memoryBytes: result.memoryBytes });
      }
      console.error(`round ${round + 1}/${args.runs} done`);
    }
  } finally {
    await browser.close();
    await server.close();
  }

  console.log(`load average at end: ${load()}`);
  const rows = [];
  for (const [name, config] of configs) {
    const ms = median(config.times);
    const bestMs = Math.min(...config.times);
    const row = { name, ms, mbPerS: mb / (ms / 1000), bestMs, bestMbPerS: mb / (bestMs / 1000), times: config.times };
    if (config.phases) {
      row.phasesMs = Object.fromEntries(
        Object.keys(config.phases[0]).map((phase) => [phase, median(config.phases.map((p) => p[phase]))]),
      );
    }
    if (config.cpu) row.cpuMs = median(config.cpu);
    for (const key of ['info', 'nodes', 'edges', 'memoryBytes']) if (config[key] !== undefined) row[key] = config[key];
    rows.push(row);
    const cpu = row.cpuMs === undefined ? '' : `  cpu ${row.cpuMs.toFixed(0)} ms`;
    const phases = row.phasesMs
      ? `  phases ${Object.entries(row.phasesMs)
          .map(([phase, value]) => `${phase} ${value.toFixed(0)}`)
          .join(', ')}`
      : '';
    console.log(
      `${name.padEnd(24)} ${row.mbPerS.toFixed(2).padStart(7)} MB/s  median ${ms.toFixed(0)} ms  best ${bestMs.toFixed(0)} ms (${row.bestMbPerS.toFixed(2)} MB/s)  [${config.times.map((t) => t.toFixed(0)).join(', ')}]${cpu}${phases}`,
    );
  }

  const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
  const summary = { corpus: { dir: corpusDir, files: paths.length, bytes }, rows, sizes: wasmSizes() };
  const native = byName['native, 1 thread'];
  const single = byName['wasm single'];
  const one = byName['wasm threads, 1 worker'];
  const two = byName['wasm threads, 2 workers'];
  if (native) {
    summary.singleVsNative = single.mbPerS / native.mbPerS;
    console.log(`wasm single / native 1 thread: ${(summary.singleVsNative * 100).toFixed(0)}% (target >= 45%)`);
    if (one) {
      summary.threads1VsNative = one.mbPerS / native.mbPerS;
      console.log(`wasm threads, 1 worker / native 1 thread: ${(summary.threads1VsNative * 100).toFixed(0)}%`);
    }
  }
  if (two) {
    summary.twoVsSingle = two.mbPerS / single.mbPerS;
    console.log(`wasm threads, 2 workers / wasm single: ${summary.twoVsSingle.toFixed(2)}x (target >= 1.6x)`);
    summary.bestTwoVsSingle = two.bestMbPerS / single.bestMbPerS;
    console.log(`  best runs: ${summary.bestTwoVsSingle.toFixed(2)}x`);
    if (one) {
      summary.twoVsOne = two.mbPerS / one.mbPerS;
      console.log(`wasm threads, 2 workers / 1 worker: ${summary.twoVsOne.toFixed(2)}x`);
      summary.bestTwoVsOne = two.bestMbPerS / one.bestMbPerS;
      console.log(`  best runs: ${summary.bestTwoVsOne.toFixed(2)}x`);
      // Work per run: 1.00 means a second thread adds no CPU cost, so on two
      // free cores the run would take (cpu / 2 + serial part) instead of cpu.
      summary.cpuTwoVsOne = two.cpuMs / one.cpuMs;
      console.log(`CPU per run, 2 workers / 1 worker: ${summary.cpuTwoVsOne.toFixed(2)}`);
    }
  }
  for (const [build, size] of Object.entries(summary.sizes)) {
    console.log(`${build}.wasm: ${size.raw} bytes raw, ${size.gzip} gzipped`);
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'wasm-bench.json'), JSON.stringify(summary, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
