// Search ranking: which items a query finds, best first. Pure data over a GraphIndex,
// shared by the app's search box and any host that wants the same order.
//
// The order (issue #17): how the name matches (exact with case, exact without case,
// prefix, substring, then the path), then where the item lives (the library before
// binaries, examples, benches and tests; an item the engine does not define last),
// public before crate-visible before private, types and functions before other items
// and those before modules, then the shorter path, then path order.

import { visibilityClass } from './view.js';

/** Kinds a search never lists: interned types and `use` leaves stand for other items. */
const UNLISTED = new Set(['type', 'use']);

/** Target rank by crate kind; `file` is a loose file, read as a library. Tests inside a library rank as tests. */
const TARGET_RANK = { lib: 0, file: 0, bin: 1, example: 2, bench: 3, test: 4 };
const EXTERNAL_RANK = 5;
const VIS_RANK = { pub: 0, crate: 1, private: 2 };
const PRIMARY_KINDS = new Set(['struct', 'enum', 'union', 'trait', 'type_alias', 'function', 'method', 'macro']);

/** Per-index facts the ranking reads for every node, computed once per index. */
const prepared = new WeakMap();

function prepare(index) {
  let p = prepared.get(index);
  if (p) return p;
  const n = index.n;
  const rootRank = new Map();
  for (const c of index.graph.crates || []) {
    const root = index.indexOfId.get(c.module);
    if (root !== undefined) rootRank.set(root, TARGET_RANK[c.kind] ?? 0);
  }
  const target = new Uint8Array(n);
  // Pre-order: a node inherits its parent's target (index.order has parents first).
  for (let k = 0; k < n; k++) {
    const i = index.order[k];
    const parent = index.parent[i];
    let rank = parent === -1 ? (rootRank.get(i) ?? 0) : target[parent];
    if (index.isTest[i]) rank = Math.max(rank, TARGET_RANK.test);
    if (index.nodes[i].kind === 'external') rank = EXTERNAL_RANK;
    target[i] = rank;
  }
  const names = new Array(n);
  const lowerNames = new Array(n);
  const lowerPaths = new Array(n);
  const paths = new Array(n);
  const order = new Uint8Array(n); // visibility * 3 + kind class
  for (let i = 0; i < n; i++) {
    const node = index.nodes[i];
    names[i] = String(node.name ?? '');
    lowerNames[i] = names[i].toLowerCase();
    paths[i] = String(node.path ?? '');
    lowerPaths[i] = paths[i].toLowerCase();
    const kindClass = PRIMARY_KINDS.has(node.kind) ? 0 : node.kind === 'module' ? 2 : 1;
    order[i] = VIS_RANK[visibilityClass(node.visibility)] * 3 + kindClass;
  }
  p = { target, names, lowerNames, paths, lowerPaths, order };
  prepared.set(index, p);
  return p;
}

/**
 * The node indices that match `query`, best first, at most `limit`. A name matches
 * exactly (with case, then without), by prefix or by substring; failing that, the
 * path may contain the query.
 */
export function rankSearch(index, query, { limit = 30 } = {}) {
  const q = String(query ?? '').trim();
  if (!index || !q) return [];
  const needle = q.toLowerCase();
  const { target, names, lowerNames, paths, lowerPaths, order } = prepare(index);
  // Every criterion but path order folds into one number, so that a query matching most
  // of a big graph ("s") sorts typed numbers and compares paths only among the best.
  const hits = [];
  const keys = [];
  for (let i = 0; i < index.n; i++) {
    if (UNLISTED.has(index.nodes[i].kind)) continue;
    const name = lowerNames[i];
    let tier;
    if (names[i] === q) tier = 0;
    else if (name === needle) tier = 1;
    else if (name.startsWith(needle)) tier = 2;
    else if (name.includes(needle)) tier = 3;
    else if (lowerPaths[i].includes(needle)) tier = 4;
    else continue;
    hits.push(i);
    keys.push(((tier * 6 + target[i]) * 9 + order[i]) * 65536 + Math.min(paths[i].length, 65535));
  }
  let cut = Infinity;
  if (hits.length > limit) cut = Float64Array.from(keys).sort()[limit - 1];
  const best = [];
  for (let k = 0; k < hits.length; k++) if (keys[k] <= cut) best.push(k);
  best.sort((a, b) => {
    const pa = paths[hits[a]];
    const pb = paths[hits[b]];
    return keys[a] - keys[b] || (pa < pb ? -1 : pa > pb ? 1 : 0) || hits[a] - hits[b];
  });
  return best.slice(0, limit).map((k) => hits[k]);
}
