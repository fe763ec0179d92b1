// The wasm engine in headless Chromium: build choice, equality with the
// native CLI, progress, cancellation, crash recovery and bounded memory.
//
//   npm run test:engine
//
// Needs scripts/build-wasm.sh to have run and Debian's chromium. The ~5 MB
// input is a generated crate (`cargo run --example synth`), so the test
// depends on nothing outside the repository.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles, startServer } from '../../bench/serve.mjs';
import { launchBrowser } from '../../bench/browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');
/** The generated crate: 300 module files of 19 item groups, about 5.1 MB. */
const SYNTH = { seed: 5, files: 300, items: 19 };

for (const build of ['threads', 'single']) {
  if (!existsSync(join(ROOT, 'www', 'engine', `pkg-${build}`, 'cratemap_bg.wasm'))) {
    throw new Error(`www/engine/pkg-${build} is missing: run scripts/build-wasm.sh first`);
  }
}

// The fixture folders that are Rust corpora (`views/` holds the view cases, JSON only).
const fixtureNames = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => readdirSync(join(FIXTURES, name), { recursive: true }).some((path) => path.endsWith('.rs')))
  .sort();

/** Runs cargo in the repository (the dev profile `cargo test` already built). */
function cargo(args) {
  return execFileSync('cargo', args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** The CLI's JSON for a crate, as the contract's text. */
function nativeJson(dir) {
  return cargo(['run', '--quiet', '--', 'analyze', dir, '--format', 'json', '--threads', '1']).trim();
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

const synthDir = mkdtempSync(join(tmpdir(), 'cratemap-engine-synth-'));
/** The CLI's JSON for the generated crate, once both builds need it. */
let synthJson;
let server;
let browser;

before(async () => {
  cargo(['run', '--quiet', '--example', 'synth', '--', synthDir, ...Object.values(SYNTH).map(String)]);
  const corpora = { synth: { dir: synthDir, paths: await listFiles(synthDir) } };
  for (const name of fixtureNames) {
    const dir = join(FIXTURES, name);
    corpora[`fixture-${name}`] = { dir, paths: await listFiles(dir) };
  }
  server = await startServer({ root: ROOT, corpora });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(synthDir, { recursive: true, force: true });
});

/** A fresh page on the bench page, isolated (threads) or plain (single). */
async function openPage(scope) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${server.url}/${scope}/bench/index.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { polling: 100 });
  page.errors = errors;
  return page;
}

for (const [scope, mode] of [
  ['isolated', 'threads'],
  ['plain', 'single'],
]) {
  describe(`${mode} build (${scope} page)`, () => {
    let page;
    before(async () => {
      page = await openPage(scope);
      await page.evaluate(() => {
        window.analyzer = window.createAnalyzer({ threads: 2 });
      });
    });
    after(() => page.close());

    test(`is chosen, and reports its threads`, async () => {
      const info = await page.evaluate(() => window.analyzer.info());
      assert.equal(info.mode, mode, JSON.stringify(info));
      assert.match(info.build, new RegExp(`\\(${mode}, `));
      if (mode === 'threads') assert.equal(info.threads, 2);
      else assert.equal(info.threads, 1);
      assert.equal(await page.evaluate(() => window.threadsSupported()), mode === 'threads');
    });

    for (const name of fixtureNames) {
      test(`gives the CLI's exact JSON for tests/fixtures/${name}`, async () => {
        const expected = nativeJson(join(FIXTURES, name));
        const actual = await page.evaluate(async (corpus) => {
          const files = await window.loadCorpus(corpus);
          return JSON.stringify(await window.analyzer.analyze(files));
        }, `fixture-${name}`);
        // The CLI's text survives a JSON round trip unchanged, so comparing
        // the page's re-serialized graph compares bytes.
        assert.equal(JSON.stringify(JSON.parse(expected)), expected);
        assert.equal(actual, expected);
      });
    }

    test('reports progress, in order, ending with everything done', async () => {
      const events = await page.evaluate(async () => {
        const files = await window.loadCorpus('synth');
        const seen = [];
        await window.analyzer.analyze(files, { onProgress: (event) => seen.push(event) });
        return { seen, total: files.length };
      });
      const { seen, total } = events;
      assert.ok(seen.length >= 3, `only ${seen.length} progress events`);
      const phases = [...new Set(seen.map((event) => event.phase))];
      assert.ok(phases.includes('parse'), phases.join());
      for (const event of seen) {
        assert.equal(event.total, total);
        assert.ok(event.done >= 0 && event.done <= total);
      }
      const parse = seen.filter((event) => event.phase === 'parse').map((event) => event.done);
      assert.deepEqual(
        parse,
        [...parse].sort((a, b) => a - b),
        'parse progress went backwards',
      );
      assert.equal(seen.at(-1).done, total);
    });

    test('cancels with an AbortError, then analyzes again', async () => {
      const outcome = await page.evaluate(async () => {
        const files = await window.loadCorpus('synth');
        const controller = new AbortController();
        const started = performance.now();
        let error = null;
        try {
          await window.analyzer.analyze(files, {
            signal: controller.signal,
            onProgress: ({ done }) => done > 0 && controller.abort(),
          });
        } catch (caught) {
          error = { name: caught.name, message: caught.message };
        }
        const cancelMs = performance.now() - started;
        const already = new AbortController();
        already.abort();
        const early = await window.analyzer.analyze(files, { signal: already.signal }).catch((caught) => caught.name);
        const small = await window.loadCorpus('fixture-kinds');
        const graph = await window.analyzer.analyze(small);
        return { error, cancelMs, early, nodes: graph.nodes.length };
      });
      assert.deepEqual(outcome.error?.name, 'AbortError', JSON.stringify(outcome));
      assert.equal(outcome.early, 'AbortError');
      assert.ok(outcome.nodes > 0);
    });

    test('reports an engine that dies mid-run, and the next call succeeds', async () => {
      const errorsBefore = page.errors.length;
      const outcome = await page.evaluate(async () => {
        const files = await window.loadCorpus('synth');
        let message = null;
        try {
          await window.analyzer.analyze(files, { abortForTest: true });
        } catch (error) {
          message = error.message;
        }
        const graph = await window.analyzer.analyze(await window.loadCorpus('fixture-kinds'));
        return { message, nodes: graph.nodes.length, info: await window.analyzer.info() };
      });
      assert.match(
        outcome.message ?? '',
        /^cratemap engine: the engine panicked at .*: test abort requested by the caller$/,
      );
      assert.ok(outcome.nodes > 0);
      assert.equal(outcome.info.mode, mode);
      // Playwright reports exceptions in every worker as page errors: the
      // pool thread that panicked traps, uncaught, in its own Worker. That
      // one is expected; the page itself must stay clean (the last test).
      await new Promise((resolve) => setTimeout(resolve, 200));
      const traps = page.errors.splice(errorsBefore);
      assert.ok(
        traps.every((error) => /RuntimeError: unreachable/.test(String(error))),
        traps.map(String).join('\n'),
      );
    });

    test('cuts code nested just past the depth guard with a diagnostic, keeping the rest', async () => {
      const outcome = await page.evaluate(async () => {
        const { maxDepth } = await window.analyzer.info();
        // Blocks cost the most stack per level (BENCHMARKS.md, "Recovery and hostile input").
        const levels = maxDepth + 8;
        const source = `fn before() {}\nfn deep() { ${'{ '.repeat(levels)}${'} '.repeat(levels)}}\nstruct After;\n`;
        const files = [{ path: 'src/lib.rs', bytes: new TextEncoder().encode(source) }];
        const graph = await window.analyzer.analyze(files);
        const refused = [];
        for (const bad of [0, -1, 1.5, 2 ** 32, '9', Infinity]) {
          await window.analyzer.analyze(files, { maxDepth: bad }).catch((error) => refused.push(error.name));
        }
        const deeper = await window.analyzer.analyze(files, { maxDepth: maxDepth + 16 });
        return {
          maxDepth,
          nodes: graph.nodes
            .filter((node) => node.kind !== 'type')
            .map((node) => `${node.kind} ${node.path} ${Boolean(node.partial)}`),
          diagnostics: graph.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity}: ${d.message}`),
          status: graph.files.map((file) => file.status),
          refused,
          deeperDiagnostics: deeper.diagnostics.length,
        };
      });
      assert.equal(outcome.maxDepth, 256);
      assert.deepEqual(outcome.nodes, [
        'module lib false',
        'function lib::before false',
        'function lib::deep true',
        'struct lib::After false',
      ]);
      assert.equal(outcome.diagnostics.length, 1, outcome.diagnostics.join('\n'));
      assert.match(
        outcome.diagnostics[0],
        /^2:\d+ error: code nested deeper than 256 levels; the inside of this group is left out$/,
      );
      assert.deepEqual(outcome.status, ['partial']);
      assert.deepEqual(outcome.refused, Array(6).fill('RangeError'));
      // A raised limit is a real option: the same input is then whole.
      assert.equal(outcome.deeperDiagnostics, 0);
    });

    test('reports a stack overflow past a raised maxDepth instead of hanging, and the next call succeeds', async () => {
      const errorsBefore = page.errors.length;
      const outcome = await page.evaluate(async () => {
        // Far deeper than any wasm stack survives (BENCHMARKS.md), with the guard off.
        const levels = 100_000;
        const source = `fn deep() { ${'{ '.repeat(levels)}${'} '.repeat(levels)}}\n`;
        const files = [{ path: 'src/lib.rs', bytes: new TextEncoder().encode(source) }];
        let timer;
        const hang = new Promise((resolve) => {
          timer = setTimeout(() => resolve('no answer within 60 s'), 60_000);
        });
        const message = await Promise.race([
          window.analyzer.analyze(files, { maxDepth: 2 ** 32 - 1 }).then(
            () => 'it survived',
            (error) => error.message,
          ),
          hang,
        ]);
        clearTimeout(timer);
        const graph = await window.analyzer.analyze(await window.loadCorpus('fixture-kinds'));
        return { message, nodes: graph.nodes.length };
      });
      assert.match(outcome.message, /^cratemap engine: (a thread of )?the engine ran out of stack/);
      assert.ok(outcome.nodes > 0);
      // The dead thread's own uncaught trap, in its Worker (see the test above).
      await new Promise((resolve) => setTimeout(resolve, 200));
      const traps = page.errors.splice(errorsBefore);
      assert.ok(
        traps.every((error) => /Maximum call stack size exceeded/.test(String(error))),
        traps.map(String).join('\n'),
      );
    });

    test("keeps memory bounded over 20 analyses of ~5 MB, with the CLI's exact graph", async (t) => {
      const { bytes, memory, hashes } = await page.evaluate(async () => {
        const hash = async (graph) => {
          const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(graph)));
          return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
        };
        const files = await window.loadCorpus('synth');
        const analyzer = window.createAnalyzer({ threads: 2 });
        const memory = [];
        const hashes = [];
        for (let run = 0; run < 20; run++) {
          const graph = await analyzer.analyze(files);
          memory.push((await analyzer.info()).memoryBytes);
          if (run === 0 || run === 19) hashes.push(await hash(graph));
        }
        analyzer.terminate();
        return { bytes: files.reduce((sum, file) => sum + file.bytes.length, 0), memory, hashes };
      });
      assert.ok(bytes > 4.5e6, `input is only ${bytes} bytes`);
      t.diagnostic(
        `${bytes} bytes in; wasm memory after each run (MiB): ${memory.map((size) => (size / 2 ** 20).toFixed(0)).join(' ')}`,
      );
      const limit = memory[0] * 1.5;
      assert.ok(
        memory.every((size) => size <= limit),
        `wasm memory grew past 1.5x of ${memory[0]}: ${memory.join(', ')}`,
      );
      synthJson ??= nativeJson(synthDir);
      assert.deepEqual(hashes, [sha256(synthJson), sha256(synthJson)], "the graph differs from the CLI's");
    });

    test('raised no uncaught error on the page', () => {
      assert.deepEqual(page.errors.map(String), []);
    });
  });
}
