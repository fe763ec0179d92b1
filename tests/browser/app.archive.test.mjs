// Archive reading (zip, .crate/.tar.gz, tar) and its limits, run in Node on the
// same modules the page uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync, gzipSync, strToU8 } from 'fflate';
import { readArchive, LIMITS } from '../../www/app/input/archive.js';
import { stripCommonRoot } from '../../www/app/input/paths.js';
import { makeTar } from './app.fixtures.mjs';

const lib = strToU8('pub fn hello() {}\n');

test('zip: keeps Rust sources and manifests, skips the rest', () => {
  const zip = zipSync({
    'demo/Cargo.toml': strToU8('[package]\nname="demo"\n'),
    'demo/src/lib.rs': lib,
    'demo/README.md': strToU8('hi'),
    'demo/target/x.rs': lib,
  });
  const files = stripCommonRoot(readArchive('demo.zip', zip));
  assert.deepEqual(files.map((f) => f.path).sort(), ['Cargo.toml', 'src/lib.rs']);
});

test('crate (.tar.gz): ustar with a shared root folder', () => {
  const tgz = gzipSync(
    makeTar([
      { name: 'demo-0.1.0/Cargo.toml', data: strToU8('[package]\nname="demo"\n') },
      { name: 'demo-0.1.0/src/lib.rs', data: lib },
    ]),
  );
  const files = stripCommonRoot(readArchive('demo-0.1.0.crate', tgz));
  assert.deepEqual(
    files.map((f) => f.path),
    ['Cargo.toml', 'src/lib.rs'],
  );
  assert.equal(new TextDecoder().decode(files[1].bytes), 'pub fn hello() {}\n');
});

test('tar: long names through pax records', () => {
  const long = `demo/${'a'.repeat(120)}/lib.rs`;
  const tar = makeTar([{ name: long, data: lib, pax: true }]);
  const files = readArchive('demo.tar', tar);
  assert.equal(files[0].path, long);
});

test('path traversal is refused (zip and tar)', () => {
  assert.throws(() => readArchive('evil.zip', zipSync({ '../evil.rs': lib })), /path traversal/);
  assert.throws(() => readArchive('evil.zip', zipSync({ 'a/../../evil.rs': lib })), /path traversal/);
  assert.throws(
    () => readArchive('evil.crate', gzipSync(makeTar([{ name: '../../etc/evil.rs', data: lib }]))),
    /path traversal/,
  );
  assert.throws(
    () => readArchive('evil.crate', gzipSync(makeTar([{ name: '/etc/evil.rs', data: lib }]))),
    /absolute path/,
  );
});

test('symlinks and hard links are skipped and reported', () => {
  const tar = makeTar([
    { name: 'd/src/lib.rs', data: lib },
    { name: 'd/src/link.rs', type: '2', linkname: '/etc/passwd' },
    { name: 'd/src/hard.rs', type: '1', linkname: 'd/src/lib.rs' },
  ]);
  const files = readArchive('d.crate', gzipSync(tar));
  assert.deepEqual(
    files.map((f) => f.path),
    ['d/src/lib.rs'],
  );
  assert.equal(files.problems.length, 2);
  assert.match(files.problems.join('\n'), /symbolic link/);
});

test('zip bomb: inflation stops at the limit, whatever the headers say', () => {
  const big = new Uint8Array(LIMITS.maxFileBytes + 1024 * 1024); // zeros compress ~1000:1
  const zip = zipSync({ 'src/lib.rs': big }, { level: 9 });
  assert.ok(zip.length < 100 * 1024, `bomb is ${zip.length} bytes`);
  assert.throws(() => readArchive('bomb.zip', zip), /zip bomb/);
  // Same content with a lying size in the central directory and local header.
  const lying = zip.slice();
  for (let i = 0; i + 4 < lying.length; i++) {
    const sig = lying[i] | (lying[i + 1] << 8) | (lying[i + 2] << 16) | (lying[i + 3] << 24);
    if (sig === 0x04034b50) {
      lying.set([16, 0, 0, 0], i + 22);
    }
    if (sig === 0x02014b50) {
      lying.set([16, 0, 0, 0], i + 24);
    }
  }
  assert.throws(() => readArchive('bomb.zip', lying), /zip bomb|corrupt|not a readable/);
});

test('gzip bomb: refused past the total limit', () => {
  const limits = { ...LIMITS, maxTotalBytes: 4 * 1024 * 1024 };
  const tgz = gzipSync(new Uint8Array(8 * 1024 * 1024), { level: 9 });
  assert.throws(() => readArchive('bomb.crate', tgz, limits), /decompression bomb/);
});

test('too many entries are refused', () => {
  const limits = { ...LIMITS, maxEntries: 10 };
  const entries = {};
  for (let i = 0; i < 20; i++) entries[`src/m${i}.rs`] = lib;
  assert.throws(() => readArchive('many.zip', zipSync(entries), limits), /more than 10 entries/);
  const tar = makeTar(Object.entries(entries).map(([name, data]) => ({ name, data })));
  assert.throws(() => readArchive('many.tar', tar, limits), /more than 10 entries/);
});

test('corrupt tar headers are reported', () => {
  const tar = makeTar([{ name: 'src/lib.rs', data: lib }]);
  tar[10] ^= 0xff; // breaks the checksum
  assert.throws(() => readArchive('bad.tar', tar), /checksum/);
  assert.throws(() => readArchive('x.crate', strToU8('not gzip at all')), /not a zip or gzip/);
});
