#!/usr/bin/env node
// Which way of moving a 50,000-node graph from the engine's worker to the
// page is fastest? Builds bench/transfer (single-threaded wasm) and times
// each way in headless Chromium. Usage: node bench/transfer.mjs [--nodes N] [--runs N]
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';
import { launchBrowser } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const nodes = option('--nodes', 50_000);
const runs = option('--runs', 7);

// The single build's target dir and flags (scripts/build-wasm.sh), so that
// only this crate and cratemap itself compile again.
const targetDir = join(ROOT, 'target', 'wasm', 'single');
execFileSync(
  'cargo',
  [
    'build',
    '--release',
    '--target',
    'wasm32-unknown-unknown',
    '--manifest-path',
    join(ROOT, 'bench', 'transfer', 'Cargo.toml'),
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, CARGO_TARGET_DIR: targetDir, RUSTFLAGS: `-C link-arg=-zstack-size=${8 << 20}` },
  },
);
execFileSync(
  'wasm-bindgen',
  [
    '--target',
    'web',
    '--out-dir',
    join(ROOT, 'bench-out', 'transfer-pkg'),
    join(targetDir, 'wasm32-unknown-unknown', 'release', 'cratemap_transfer_bench.wasm'),
  ],
  { stdio: 'inherit' },
);

const server = await startServer({ root: ROOT });
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  page.on('console', (message) => console.error(`[page] ${message.text()}`));
  await page.goto(`${server.url}/plain/bench/transfer/index.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { polling: 100 });
  const results = await page.evaluate((options) => window.transferBench(options), { nodes, runs });
  console.log(`graph of ${nodes} nodes, ${2 * (nodes - 1)} edges; median of ${runs} runs`);
  for (const [method, { totalMs, convertMs, messageMs, parseMs }] of Object.entries(results)) {
    const cell = (label, ms) => `${label} ${ms.toFixed(1).padStart(7)} ms`;
    console.log(
      `${method.padEnd(26)} ${cell('total', totalMs)}   ${cell('convert', convertMs)}   ${cell('message', messageMs)}   ${cell('parse', parseMs)}`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
