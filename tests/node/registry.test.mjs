// The sparse-index client's rules, on the module the page uses: where the index keeps a
// name, which names and versions may go into a URL, which version cargo would pick, and
// the download URL `config.json`'s `dl` gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkIndexUrl,
  downloadUrl,
  indexPath,
  parseCrateSpec,
  parseIndex,
  pickVersion,
  readBody,
  stallGuard,
} from '../../www/app/input/registry.js';

test('index paths follow the registry layout, lower-cased', () => {
  assert.equal(indexPath('a'), '1/a');
  assert.equal(indexPath('Ab'), '2/ab');
  assert.equal(indexPath('syn'), '3/s/syn');
  assert.equal(indexPath('Serde_json'), 'se/rd/serde_json');
});

test('names and versions are checked before they reach a URL', () => {
  assert.deepEqual(parseCrateSpec(' serde '), { name: 'serde', version: null });
  assert.deepEqual(parseCrateSpec('serde@1.0.219'), { name: 'serde', version: '1.0.219' });
  for (const bad of ['', '../etc', 'a/b', '1abc', 'x'.repeat(65), 'ser de', 'a@b@c', '<img>'])
    assert.throws(() => parseCrateSpec(bad), /not a crate name/, bad);
  assert.throws(() => parseCrateSpec('serde@1.0'), /not a version/);
  assert.throws(() => parseCrateSpec('serde@latest'), /not a version/);
});

test('an index URL is https, or http on this machine', () => {
  assert.equal(checkIndexUrl('sparse+https://index.crates.io').href, 'https://index.crates.io/');
  assert.equal(checkIndexUrl('http://127.0.0.1:9000/index').href, 'http://127.0.0.1:9000/index/');
  assert.throws(() => checkIndexUrl('http://example.com/'), /must be https/);
  assert.throws(() => checkIndexUrl('not a url'), /not a registry index URL/);
});

const line = (vers, extra = {}) =>
  JSON.stringify({ name: 'demo', vers, deps: [], cksum: 'a'.repeat(64), features: {}, yanked: false, ...extra });

test('the newest release that is not yanked is picked; yanked and pre-releases only when asked', () => {
  const text = [
    line('1.2.0'),
    line('1.10.0', { yanked: true }),
    line('1.9.0'),
    line('2.0.0-rc.1'),
    'not json',
    line('bad'),
    '',
  ].join('\n');
  const versions = parseIndex(text, 'demo');
  assert.deepEqual(
    versions.map((v) => v.vers),
    ['2.0.0-rc.1', '1.10.0', '1.9.0', '1.2.0'],
  );
  assert.equal(pickVersion(versions, null, 'demo').vers, '1.9.0');
  assert.equal(pickVersion(versions, '1.10.0', 'demo').yanked, true);
  assert.throws(() => pickVersion(versions, '3.0.0', 'demo'), /has no version 3.0.0/);
  const allYanked = parseIndex(line('0.1.0', { yanked: true }), 'demo');
  assert.throws(() => pickVersion(allYanked, null, 'demo'), /Every version of demo is yanked/);
});

test('the download URL uses dl markers, or appends /{crate}/{version}/download', () => {
  const v = { name: 'Serde_json', vers: '1.0.1', cksum: 'c'.repeat(64) };
  assert.equal(
    downloadUrl('https://static.crates.io/crates', v),
    'https://static.crates.io/crates/Serde_json/1.0.1/download',
  );
  assert.equal(
    downloadUrl('https://m.example/{prefix}/{lowerprefix}/{crate}-{version}.crate?{sha256-checksum}', v),
    `https://m.example/Se/rd/se/rd/Serde_json-1.0.1.crate?${'c'.repeat(64)}`,
  );
});

test('a body is counted as it comes: too big, cut off, or stalled, each says so', async () => {
  const stream = (chunks, { hang = false } = {}) =>
    new ReadableStream({
      async pull(controller) {
        if (chunks.length) controller.enqueue(chunks.shift());
        else if (!hang) controller.close();
        else await new Promise(() => {});
      },
    });
  const ok = await readBody(new Response(stream([new Uint8Array(3), new Uint8Array(4)])), { maxBytes: 10, what: 'x' });
  assert.equal(ok.length, 7);
  await assert.rejects(
    readBody(new Response(stream([new Uint8Array(8), new Uint8Array(8)])), { maxBytes: 10, what: 'demo 1.0.0' }),
    /demo 1\.0\.0 is over 0 MB/,
  );
  const short = new Response(stream([new Uint8Array(5)]), { headers: { 'content-length': '9' } });
  await assert.rejects(readBody(short, { maxBytes: 10, what: 'demo' }), /demo broke off after 5 bytes/);
  const stall = stallGuard(null, 50);
  const hanging = await fetchLike(stream([new Uint8Array(1)], { hang: true }), stall.signal);
  await assert.rejects(readBody(hanging, { maxBytes: 10, what: 'demo', stall }), /demo stopped arriving/);
});

/** A Response whose body is `body` and fails as fetch's does when `signal` aborts. */
async function fetchLike(body, signal) {
  const reader = body.getReader();
  const aborted = new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
  );
  const wrapped = new ReadableStream({
    async pull(controller) {
      const step = await Promise.race([reader.read(), aborted]);
      if (step.done) controller.close();
      else controller.enqueue(step.value);
    },
  });
  return new Response(wrapped);
}
