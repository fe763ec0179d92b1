// The dependency tree the app builds from the index: cargo's version pick per
// requirement, features unified across dependents, optional and renamed dependencies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cargoRange, resolveDependencies, wanted } from '../../www/app/input/deps.js';

test('cargo requirements become node-semver ranges', () => {
  assert.equal(cargoRange('1.2.3'), '^1.2.3');
  assert.equal(cargoRange('0.3'), '^0.3');
  assert.equal(cargoRange('>= 1.2, < 1.5'), '>=1.2 <1.5');
  assert.equal(cargoRange('=0.4.1'), '=0.4.1');
  assert.equal(cargoRange('~1.2'), '~1.2');
  assert.equal(cargoRange('*'), '*');
});

const dep = (name, req, more = {}) => ({
  name,
  req,
  features: [],
  optional: false,
  default_features: true,
  target: null,
  kind: 'normal',
  ...more,
});
const entry = (name, vers, deps = [], features = {}, more = {}) => ({
  name,
  vers,
  deps,
  features,
  yanked: false,
  ...more,
});

/** A little registry: name -> entries, newest first, as `crateVersions` gives them. */
function registry(entries) {
  const byName = new Map();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  return async (name) => {
    const found = byName.get(name);
    if (!found) throw new Error(`There is no crate named ${name}`);
    return found;
  };
}

test('each requirement takes the greatest compatible version that is not yanked, shared where it fits', async () => {
  const versionsOf = registry([
    entry('b', '1.4.0', [], {}, { yanked: true }),
    entry('b', '1.3.0'),
    entry('b', '1.2.0'),
    entry('b', '0.9.0'),
    entry('c', '0.1.0', [dep('b', '1.2')]),
  ]);
  const root = entry('a', '1.0.0', [dep('b', '1'), dep('c', '0.1'), dep('oldb', '0.9', { package: 'b' })]);
  const { packages, notes } = await resolveDependencies(root, { versionsOf });
  assert.deepEqual(notes, []);
  assert.deepEqual(
    packages.map((p) => [p.entry.name, p.entry.vers, p.depth]),
    [
      ['b', '1.3.0', 1],
      ['b', '0.9.0', 1],
      ['c', '0.1.0', 1],
    ],
  );
  const b13 = packages.find((p) => p.entry.vers === '1.3.0');
  assert.deepEqual(
    b13.reqs.map((r) => r.from),
    ['a', 'c'],
    'c shares the 1.x that a chose',
  );
  assert.equal(packages[1].reqs[0].name, 'oldb', 'a renamed dependency keeps the name its dependent uses');
});

test('optional dependencies come only with a feature that turns them on', async () => {
  const features = { default: ['fast'], fast: ['dep:simd'], serde: ['serde/derive', 'log?/std'], extra: [] };
  const lib = entry(
    'lib',
    '1.0.0',
    [
      dep('simd', '1', { optional: true }),
      dep('serde', '1', { optional: true }),
      dep('log', '0.4', { optional: true }),
      dep('testing', '1', { kind: 'dev' }),
      dep('winapi', '0.3', { target: 'cfg(windows)' }),
    ],
    features,
  );
  const names = (list) => list.map((d) => d.package).sort();
  assert.deepEqual(names(wanted(lib, new Set(['default']))), ['simd'], 'default turns on fast, fast dep:simd');
  assert.deepEqual(names(wanted(lib, new Set())), [], 'no features, no optional dependency');
  const withSerde = wanted(lib, new Set(['serde']));
  assert.deepEqual(names(withSerde), ['serde'], 'serde/derive turns serde on; log?/std does not turn log on');
  assert.deepEqual([...withSerde[0].features].sort(), ['default', 'derive']);
  assert.deepEqual(
    names(wanted(lib, new Set(['serde', 'log']))),
    ['log', 'serde'],
    'an optional dependency is a feature',
  );
  const logFeatures = wanted(lib, new Set(['serde', 'log'])).find((d) => d.package === 'log').features;
  assert.ok(logFeatures.has('std'), 'log?/std applies once log is on');
});

test('features unify: a second dependent turning a feature on brings what it enables', async () => {
  const versionsOf = registry([
    entry('core', '1.0.0', [dep('extra', '1', { optional: true })], { more: ['dep:extra'] }),
    entry('extra', '1.0.0'),
    entry('mid', '1.0.0', [dep('core', '1', { features: ['more'] })]),
  ]);
  const root = entry('app', '1.0.0', [dep('core', '1'), dep('mid', '1')]);
  const { packages } = await resolveDependencies(root, { versionsOf });
  assert.deepEqual(
    packages.map((p) => p.entry.name),
    ['core', 'mid', 'extra'],
  );
  const direct = await resolveDependencies(root, { versionsOf, maxDepth: 1 });
  assert.deepEqual(
    direct.packages.map((p) => p.entry.name),
    ['core', 'mid'],
    'direct dependencies only',
  );
});

test('a dependency that cannot be had is a note, and the rest is kept', async () => {
  const versionsOf = registry([entry('b', '2.0.0')]);
  const root = entry('a', '1.0.0', [dep('b', '1'), dep('gone', '1'), dep('b', '2')]);
  const { packages, notes } = await resolveDependencies(root, { versionsOf });
  assert.deepEqual(
    packages.map((p) => `${p.entry.name} ${p.entry.vers}`),
    ['b 2.0.0'],
  );
  assert.equal(notes.length, 2);
  assert.match(notes[0], /b 1 \(a dependency of a\) is left out: no version that is not yanked matches/);
  assert.match(notes[1], /gone \(a dependency of a\) is left out: There is no crate named gone/);
});
