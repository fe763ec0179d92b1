#!/usr/bin/env node
// Measures the engine's throughput in MB/s on one corpus of real crates, in
// one run: native (the `cratemap` CLI, 1 thread), wasm single-threaded, and
// wasm threaded with 1 and 2 pool threads (headless Chromium, Playwright).
//
//   node bench/run.mjs [--runs N] [--threads 1,2] [--skip-native] [--corpus DIR]
//
// Needs the wasm builds (scripts/build-wasm.sh) and Debian's chromium. The
// corpus is fetched with cargo into bench-out/ unless --corpus names a
// folder. Results go to stdout and to bench-out/wasm-bench.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  const args = { runs: 5, threads: [1, 2], native: true, corpus: null };
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

/** Wall time of the CLI on the corpus, 1 thread, JSON to /dev/null. */
function timeNative(binary, corpus, runs) {
  const times = [];
  for (let run = 0; run < runs + 1; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(binary, ['analyze', corpus, '--format', 'json', '--threads', '1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`cratemap failed: ${result.stderr}`);
    if (run > 0) times.push(ms);
  }
  return times;
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

  const rows = [];
  const row = (name, times, extra = {}) => {
    const ms = median(times);
    rows.push({ name, ms, mbPerS: mb / (ms / 1000), times, ...extra });
    console.log(`${name.padEnd(24)} ${(mb / (ms / 1000)).toFixed(2).padStart(7)} MB/s  median ${ms.toFixed(0)} ms  [${times.map((t) => t.toFixed(0)).join(', ')}]`);
  };

  if (args.native) row('native, 1 thread', timeNative(nativeBinary(), corpusDir, args.runs));

  const server = await startServer({ root: ROOT, corpora: { bench: { dir: corpusDir, paths } } });
  const browser = await launchBrowser();
  try {
    const runIn = async (scope, threads) => {
      const page = await browser.newPage();
      page.on('console', (message) => console.error(`[page] ${message.text()}`));
      await page.goto(`${server.url}/${scope}/bench/index.html`);
      await page.waitForFunction(() => window.benchReady === true);
      const result = await page.evaluate((options) => window.bench(options), { corpus: 'bench', threads, runs: args.runs });
      await page.close();
      return result;
    };
    const single = await runIn('plain', 0);
    row(`wasm single`, single.times, { info: single.info, nodes: single.nodes });
    for (const threads of args.threads) {
      const result = await runIn('isolated', threads);
      if (result.info.mode !== 'threads') throw new Error(`expected the threaded build, got ${JSON.stringify(result.info)}`);
      row(`wasm threads, ${threads} worker${threads > 1 ? 's' : ''}`, result.times, { info: result.info, nodes: result.nodes });
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
  const summary = { corpus: { dir: corpusDir, files: paths.length, bytes }, rows, sizes: wasmSizes() };
  const native = byName['native, 1 thread'];
  const one = byName['wasm threads, 1 worker'];
  const two = byName['wasm threads, 2 workers'];
  if (native) {
    summary.singleVsNative = byName['wasm single'].mbPerS / native.mbPerS;
    if (one) summary.threads1VsNative = one.mbPerS / native.mbPerS;
    console.log(`wasm single / native: ${(summary.singleVsNative * 100).toFixed(0)}% (target >= 45%)`);
  }
  if (one && two) {
    summary.twoVsOne = two.mbPerS / one.mbPerS;
    summary.twoVsSingle = two.mbPerS / byName['wasm single'].mbPerS;
    console.log(`threads 2 / threads 1: ${summary.twoVsOne.toFixed(2)}x, 2 workers / single: ${summary.twoVsSingle.toFixed(2)}x (target >= 1.6x)`);
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
