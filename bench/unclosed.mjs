// How much of a file survives one missing `}` inside a block: real std files
// with the `}` that ends one method (or function) of an `impl`, `trait` or
// `mod` deleted, analyzed by one or more cratemap binaries.
//
//   cargo build --release --features cli
//   node bench/unclosed.mjs [files] [binary...]    # default: 300 files, target/release/cratemap
//
// For each file, the first `}` at 4 spaces of indentation that is followed
// (after blank lines) by another item at 4 spaces is replaced by an empty
// line (so no line moves). Kept: the items (nodes other than interned types
// and externals) of the intact file that the broken one still has, matched
// by kind and path.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from './serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [count = '300', ...binaries] = process.argv.slice(2);
if (!binaries.length) binaries.push(join(ROOT, 'target', 'release', 'cratemap'));
const std = join(
  execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim(),
  'lib/rustlib/src/rust/library',
);

const ITEM =
  /^ {4}(#\[|\/\/\/|(pub(\([^)]*\))? )?((const|unsafe|async|extern "[^"]*"|default) )*(fn|struct|enum|impl|trait|mod|const|static|type) )/;

/** The file with one block item's closing `}` removed, or null if it has none. */
function breakOne(text) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '    }') continue;
    let next = i + 1;
    while (next < lines.length && lines[next].trim() === '') next++;
    if (next < lines.length && ITEM.test(lines[next])) {
      lines[i] = '';
      return lines.join('\n');
    }
  }
  return null;
}

function items(binary, file) {
  const json = execFileSync(binary, ['analyze', file, '--format', 'json', '--threads', '1'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const graph = JSON.parse(json);
  return new Set(
    graph.nodes.filter((n) => n.kind !== 'type' && n.kind !== 'external').map((n) => `${n.kind} ${n.path}`),
  );
}

const candidates = [];
for (const path of await listFiles(std)) {
  if (!path.endsWith('.rs')) continue;
  const text = readFileSync(join(std, path), 'utf8');
  const broken = breakOne(text);
  if (broken) candidates.push({ path, text, broken });
}
// An even spread over the library, the same every run.
const step = Math.max(1, Math.floor(candidates.length / Number(count)));
const sample = candidates.filter((_, index) => index % step === 0).slice(0, Number(count));

const dir = mkdtempSync(join(tmpdir(), 'cratemap-unclosed-'));
try {
  for (const binary of binaries) {
    let total = 0;
    let kept = 0;
    let whole = 0;
    for (const { text, broken } of sample) {
      const intactFile = join(dir, 'intact.rs');
      const brokenFile = join(dir, 'broken.rs');
      writeFileSync(intactFile, text);
      writeFileSync(brokenFile, broken);
      const before = items(binary, intactFile);
      const after = items(binary, brokenFile);
      // The file's own module is named after the file.
      const rename = (item) => item.replace(/\bintact\b/, 'broken');
      const survived = [...before].filter((item) => after.has(rename(item))).length;
      total += before.size;
      kept += survived;
      if (survived === before.size) whole++;
    }
    console.log(
      `${binary}: ${sample.length} files (of ${candidates.length} with a candidate), ` +
        `${kept} of ${total} items kept (${((100 * kept) / total).toFixed(2)}%), ${whole} files with every item kept`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
