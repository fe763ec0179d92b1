// Search ranking (www/core/search.js) on the search fixture: the cases issue #17 saw
// ranked wrongly. tests/fixtures/search/searchfx.json is the engine's graph of the
// crate beside it (`cratemap analyze tests/fixtures/search/searchfx --pretty -o
// tests/fixtures/search/searchfx.json` rewrites it); tests/browser/app.search.test.mjs
// checks the same order as the app shows it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GraphIndex } from '../../www/core/model.js';
import { rankSearch } from '../../www/core/search.js';

const graph = JSON.parse(readFileSync(new URL('../fixtures/search/searchfx.json', import.meta.url), 'utf8'));
const index = new GraphIndex(graph);
const ranked = (q, limit) =>
  rankSearch(index, q, { limit }).map((i) => `${index.nodes[i].kind} ${index.nodes[i].path}`);

test('a struct Runtime ranks above the runtime modules; the library before the binary', () => {
  assert.deepEqual(ranked('Runtime'), [
    'struct searchfx::engine::Runtime',
    'module searchfx::runtime',
    'module searchfx::io::runtime',
    'module searchfx::net::runtime', // private: after the public ones
    'module runtime', // the binary
    'struct searchfx::engine::RuntimeBuilder', // prefix
    'function searchfx::runtime::runtime_handle',
    'struct searchfx::engine::MyRuntime', // substring
    'function runtime::main', // only the path matches
  ]);
});

test('a lowercase query finds the modules first: the exact case wins', () => {
  assert.deepEqual(ranked('runtime', 2), ['module searchfx::runtime', 'module searchfx::io::runtime']);
  assert.equal(ranked('runtime', 5)[4], 'struct searchfx::engine::Runtime');
});

test('a type Graph ranks above the test modules named graph', () => {
  assert.deepEqual(ranked('Graph'), [
    'struct searchfx::model::Graph',
    'module graph', // the integration test, public
    'module searchfx::tests::graph', // a #[cfg(test)] module, private
    'field searchfx::model::Graph::nodes', // only the path matches: the library first
    'function graph::builds',
  ]);
});

test('the library function ranks above the bench of the same name; functions before modules', () => {
  assert.deepEqual(ranked('parse'), [
    'function searchfx::model::parse',
    'function parse::parse',
    'module parse',
    'function parse::main',
  ]);
});

test('the tie-break is stable: shorter path, then path order, whatever the node order', () => {
  const shuffled = structuredClone(graph);
  shuffled.nodes.reverse();
  const other = new GraphIndex(shuffled);
  const paths = (ix) => rankSearch(ix, 'runtime').map((i) => `${ix.nodes[i].kind} ${ix.nodes[i].path}`);
  assert.deepEqual(paths(other), paths(index));
});

test('empty queries, blanks and no index find nothing; limit caps the list', () => {
  assert.deepEqual(rankSearch(index, ''), []);
  assert.deepEqual(rankSearch(index, '   '), []);
  assert.deepEqual(rankSearch(null, 'x'), []);
  assert.equal(rankSearch(index, 'e', { limit: 3 }).length, 3);
  assert.deepEqual(ranked('  Graph  ', 1), ['struct searchfx::model::Graph']);
});
