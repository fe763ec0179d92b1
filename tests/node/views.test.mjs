// The view rules' shared fixtures (tests/fixtures/views/*.json), run against the
// front end's view builder; tests/views.rs runs the same cases against the Rust
// export's. `UPDATE_VIEW_FIXTURES=1 npm run test:views` rewrites the expectations
// from what the front end does (it is what users see): review the diff.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { GraphIndex } from '../../www/core/model.js';
import { prepareView, layoutElements, fullExpansion, flatten } from '../../www/core/view.js';
import { VIEWS } from '../../www/core/kinds.generated.js';
import { defaultFilters, filtersFor } from '../../www/core/filters.js';

const dir = new URL('../fixtures/views/', import.meta.url);
const update = Boolean(process.env.UPDATE_VIEW_FIXTURES);

/** What the front end selects for one case, named by node ids. */
function observe(graph, options) {
  const index = new GraphIndex(structuredClone(graph));
  const view = options.view;
  const filters = defaultFilters();
  if (options.nodeKinds) filters.perView[view].nodeKinds = new Set(options.nodeKinds);
  if (options.edgeKinds) filters.perView[view].edgeKinds = new Set(options.edgeKinds);
  if (options.visibility) filters.visibility = new Set(options.visibility);
  filters.hideExternal = Boolean(options.hideExternal);
  filters.hideTests = !options.showTests;
  const prep = prepareView(index, view, filtersFor(filters, view));
  const id = (i) => index.nodes[i].id;
  const edge = (s, kind, t, count) => `${id(s)} -${kind}-> ${id(t)} ×${count}`;
  const out = {
    shown: [...Array(index.n).keys()]
      .filter((i) => prep.shown[i])
      .map(id)
      .sort((a, b) => a - b),
    edges: prep.edges.map((e) => edge(e.s, e.kind, e.t, e.count)).sort(),
  };
  let focus = null;
  if (options.focus) {
    const idx = index.findByPath(options.focus);
    focus = { idx, depth: options.depth ?? 1, dir: options.direction ?? 'both' };
  }
  const boxed = layoutElements(prep, { expanded: fullExpansion(prep).expanded, focus });
  if (focus) {
    // A focus draws its neighbourhood, and the boxes around it as context.
    const classes = (n) => (n.classes || '').split(' ');
    const members = boxed.nodes.filter((n) => n.data.idx >= 0 && !classes(n).includes('context'));
    out.start = id(members.find((n) => classes(n).includes('focus-root')).data.idx);
    out.members = members.map((n) => id(n.data.idx)).sort((a, b) => a - b);
  }
  const elements = VIEWS[view].layout === 'hierarchical' ? flatten(boxed) : boxed;
  const items = elements.nodes.filter((n) => n.data.idx >= 0 && n.data.kind !== 'module');
  const byElement = new Map(items.map((n) => [n.data.id, n.data.idx]));
  out.drawn = Object.fromEntries(items.map((n) => [String(id(n.data.idx)), n.data.label]));
  out.drawnEdges = elements.edges
    .filter((e) => byElement.has(e.data.source) && byElement.has(e.data.target))
    .map((e) => edge(byElement.get(e.data.source), e.data.kind, byElement.get(e.data.target), e.data.count))
    .sort();
  return out;
}

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const url = new URL(file, dir);
  const fixture = JSON.parse(readFileSync(url, 'utf8'));
  if (update) {
    for (const c of fixture.cases) c.expect = observe(fixture.graph, c.options);
    writeFileSync(url, `${JSON.stringify(fixture, null, 1)}\n`);
  }
  for (const c of fixture.cases) {
    test(`${file}: ${c.name}`, () => {
      assert.deepEqual(observe(fixture.graph, c.options), c.expect);
    });
  }
}
