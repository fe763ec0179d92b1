// Share links (source in the URL fragment), run in Node on the module the page uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'fflate';
import { encodeShare, decodeShare, MAX_SHARE_SOURCE } from '../../www/app/share.js';

const enc = new TextEncoder();
const b64url = (bytes) =>
  Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

test('a link round-trips files, view and focus', () => {
  const files = [
    { path: 'src/lib.rs', bytes: enc.encode('pub fn a() {}\n// ünïcode\n') },
    { path: 'src/b.rs', bytes: enc.encode('pub struct B;\n') },
  ];
  const frag = encodeShare(files, { view: 'types', focus: 'lib::B' });
  assert.match(frag, /^src=[A-Za-z0-9_-]+$/);
  const back = decodeShare(`#${frag}`);
  assert.deepEqual(
    back.files.map((f) => [f.path, new TextDecoder().decode(f.bytes)]),
    files.map((f) => [f.path, new TextDecoder().decode(f.bytes)]),
  );
  assert.equal(back.view, 'types');
  assert.equal(back.focus, 'lib::B');
});

test('inputs too big for a link are refused with a clear message', () => {
  const big = [{ path: 'src/lib.rs', bytes: new Uint8Array(MAX_SHARE_SOURCE + 1).fill(0x61) }];
  assert.throws(() => encodeShare(big), /links can carry up to/);
});

test('a decompression bomb in the fragment stops at the limit', () => {
  const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
  assert.throws(() => decodeShare(`#src=${b64url(bomb)}`), /expands to too much data/);
});

test('damaged or foreign fragments are reported, not thrown raw', () => {
  assert.equal(decodeShare('#view=modules'), null);
  assert.throws(() => decodeShare('#src=not-deflate-data'), /damaged/);
  assert.throws(() => decodeShare(`#src=${b64url(deflateSync(enc.encode('{"v":2}')))}`), /unknown format/);
});
