// What choosing a hidden item asks for (www/core/reveal.js), on the search fixture:
// exactly the filter or view it needs, with the reasons; tests/browser/app.search.test.mjs
// checks the notice and its "Show it" button in the app.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GraphIndex } from '../../www/core/model.js';
import { defaultFilters } from '../../www/core/filters.js';
import { describePlan, planReveal } from '../../www/core/reveal.js';

const graph = JSON.parse(readFileSync(new URL('../fixtures/search/searchfx.json', import.meta.url), 'utf8'));
const index = new GraphIndex(graph);
const find = (path, kind) => index.nodes.findIndex((n) => n.path === path && n.kind === kind);

function plan(path, kind, { view = 'modules', focus = true, filters = defaultFilters() } = {}) {
  const idx = find(path, kind);
  assert.ok(idx >= 0, `${kind} ${path} is in the fixture`);
  const p = planReveal(index, filters, view, idx, { focus });
  return { ...p, ...describePlan(index, view, idx, p) };
}

test('an item the filters leave alone needs nothing; a focus opens its natural view', () => {
  const p = plan('searchfx::model::Graph', 'struct');
  assert.deepEqual([p.view, p.changes, p.ask], ['types', [], false]);
  assert.equal(plan('searchfx::runtime', 'module').ask, false);
});

test('test code asks to show tests, and only that', () => {
  const p = plan('searchfx::tests::graph', 'module');
  assert.deepEqual([p.view, p.changes, p.ask], ['modules', [{ type: 'tests' }], true]);
  assert.deepEqual(p.reasons, ['it is test code, and tests are hidden']);
  assert.deepEqual(p.actions, ['show tests']);
});

test('a filtered visibility asks for that visibility (and tests for a bench)', () => {
  const filters = defaultFilters();
  filters.visibility.delete('private');
  const bin = plan('runtime::main', 'function', { filters });
  assert.deepEqual([bin.view, bin.changes], ['calls', [{ type: 'visibility', value: 'private' }]]);
  assert.deepEqual(bin.reasons, ['private items are filtered out']);
  const bench = plan('parse::main', 'function', { filters });
  assert.deepEqual(bench.changes, [{ type: 'tests' }, { type: 'visibility', value: 'private' }]);
});

test('a kind no view draws asks to add it to the current view', () => {
  const p = plan('searchfx::model::Graph::nodes', 'field');
  assert.deepEqual([p.view, p.changes], ['modules', [{ type: 'kind', value: 'field', owner: false }]]);
  assert.deepEqual(p.reasons, ['fields are filtered out of the Modules view']);
  // From the Calls view, which draws no structs either, switching views beats adding
  // both the field and its struct to the Calls view.
  const calls = plan('searchfx::model::Graph::nodes', 'field', { view: 'calls' });
  assert.deepEqual([calls.view, calls.changes], ['modules', [{ type: 'kind', value: 'field', owner: false }]]);
  assert.deepEqual(calls.reasons, [
    'the Calls view does not draw fields',
    'fields are filtered out of the Modules view',
  ]);
  const types = plan('searchfx::model::Graph::nodes', 'field', { view: 'types' });
  assert.deepEqual([types.view, types.changes], ['types', [{ type: 'kind', value: 'field', owner: false }]]);
});

test('a view that does not draw the kind offers the view that does, rather than a filter', () => {
  const p = plan('searchfx::model::LIMIT', 'const', { view: 'types', focus: false });
  assert.deepEqual([p.view, p.changes, p.ask], ['modules', [], true]);
  assert.deepEqual(p.reasons, ['the Types & traits view does not draw consts']);
  assert.deepEqual(p.actions, ['open the Modules view']);
  // Without a focus even a function's natural view is asked for.
  assert.equal(plan('searchfx::model::parse', 'function', { view: 'types', focus: false }).ask, true);
});

test('a cfg twin that is not compiled is represented by the one that is', () => {
  const twins = index.nodes.flatMap((n, i) => (n.path === 'searchfx::model::sleep' ? [i] : []));
  const off = twins.find((i) => index.nodes[i].flags?.includes('cfg_off'));
  const p = planReveal(index, defaultFilters(), 'modules', off, { focus: true });
  assert.equal(
    p.represent,
    twins.find((i) => i !== off),
  );
  assert.match(describePlan(index, 'modules', off, p).reasons[0], /cfg twin: the one at line \d+ is drawn for both/);
});
