// Builds what the canvas shows from a GraphIndex: which nodes, nested in which boxes,
// which (possibly aggregated) edges. Pure data; no Cytoscape here.
//
// Large graphs stay usable because modules collapse: every node inside a collapsed
// module is represented by that module, and edges between representatives are merged
// with a count. Only the displayed elements ever reach the renderer.

import { CONTAINER_KINDS, KIND_STYLE, VIEWS } from './kinds.generated.js';

export const EXT_GROUP = 'g:ext';
/** What associated items belong to. */
const OWNER_KINDS = new Set(['impl', 'trait']);
/** Default number of displayed nodes the automatic expansion aims for. */
const DEFAULT_BUDGET = 40;
/** A hard limit for "expand all" and focus mode. */
export const MAX_DISPLAYED = 6000;

export function visibilityClass(v) {
  if (v === 'pub') return 'pub';
  if (v === 'private' || v === undefined || v === null) return 'private';
  return 'crate';
}

/**
 * The part of a view that does not depend on expansion or focus: which nodes take part
 * and the effective edges between them (lifted to containers, resolved through types).
 */
export function prepareView(index, viewName, filters) {
  const view = VIEWS[viewName];
  const n = index.n;
  const nodes = index.nodes;
  // filters.nodeKinds / edgeKinds are the view's own (each view keeps its choice).
  const kinds = filters.nodeKinds;
  const edgeKinds = filters.edgeKinds;
  const showTypes = kinds.has('type');

  // eligible: 1 = an item that is drawn, 2 = a module (a container that groups).
  const eligible = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    if (filters.hideTests && index.isTest[i]) continue;
    if (index.twinOf[i] >= 0) continue; // its cfg twin stands for it
    if (node.kind === 'module') {
      eligible[i] = 2;
      continue;
    }
    if (!kinds.has(node.kind)) continue;
    if (node.kind === 'external') {
      if (filters.hideExternal) continue;
    } else if (!filters.visibility.has(visibilityClass(node.visibility))) continue;
    eligible[i] = 1;
  }
  // An item is drawn where it lives: in a module, or inside a drawn item. Associated
  // items of a hidden impl or trait, and items local to a hidden function body, are
  // represented by that owner (they lift to it below) instead of surfacing in its module.
  // Methods are the exception: the calls view draws them without their impl, named
  // `Owner::method`.
  for (let k = 0; k < n; k++) {
    const i = index.order[k];
    const p = index.parent[i];
    if (eligible[i] !== 1 || p === -1 || eligible[p] === 1 || nodes[p].kind === 'module') continue;
    if (nodes[i].kind !== 'method' || !OWNER_KINDS.has(nodes[p].kind)) eligible[i] = 0;
  }

  // lift[i]: the nearest eligible ancestor-or-self (-1 when none, or hidden as a test).
  const lift = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const i = index.order[k];
    if (filters.hideTests && index.isTest[i]) continue;
    const p = index.parent[i];
    const twin = index.twinOf[i];
    if (eligible[i]) lift[i] = i;
    else if (twin >= 0 && eligible[twin]) lift[i] = twin;
    else if (nodes[i].kind !== 'type') lift[i] = p === -1 ? -1 : lift[p];
  }

  // Interned `type` nodes resolve to what they refer to (through type arguments too).
  const typeCache = new Map();
  const resolveType = (t, depth) => {
    if (typeCache.has(t)) return typeCache.get(t);
    typeCache.set(t, []);
    const out = new Set();
    for (const k of index.out[t]) {
      const e = index.edges[k];
      const target = nodes[e.t];
      if (e.kind === 'refers_to' || e.kind === 'alias_of') {
        if (target.kind === 'type') {
          if (depth < 4) for (const x of resolveType(e.t, depth + 1)) out.add(x);
        } else out.add(e.t);
      } else if (e.kind === 'type_arg' && depth < 4) {
        if (target.kind === 'type') for (const x of resolveType(e.t, depth + 1)) out.add(x);
        else out.add(e.t);
      }
    }
    const arr = [...out];
    typeCache.set(t, arr);
    return arr;
  };

  const eff = new Map(); // "s,t,kind" -> edge
  const add = (s, t, kind, confidence) => {
    if (s < 0 || t < 0 || s === t) return;
    const key = `${s},${t},${kind}`;
    const cur = eff.get(key);
    if (cur) {
      cur.count++;
      if (cur.confidence !== confidence)
        cur.confidence = rankConf(cur.confidence) <= rankConf(confidence) ? cur.confidence : confidence;
    } else eff.set(key, { s, t, kind, confidence, count: 1 });
  };
  for (const e of index.edges) {
    if (e.kind === 'contains' || !edgeKinds.has(e.kind)) continue;
    if (e.confidence && !filters.confidence.has(e.confidence)) continue;
    if (e.form && filters.form && !filters.form.has(e.form)) continue;
    const srcNode = nodes[e.s];
    if (srcNode.kind === 'type' && !showTypes) continue; // consumed by resolveType
    const s = lift[e.s];
    if (s < 0) continue;
    if (nodes[e.t].kind === 'type' && !showTypes) {
      for (const t of resolveType(e.t, 0)) add(s, lift[t], e.kind, e.confidence);
    } else add(s, lift[e.t], e.kind, e.confidence);
  }
  const edges = [...eff.values()];

  // Which eligible nodes are shown at all: externals only when some edge touches them.
  const touched = new Uint8Array(n);
  for (const e of edges) {
    touched[e.s] = 1;
    touched[e.t] = 1;
  }
  const shown = new Uint8Array(n);
  let externals = 0;
  for (let i = 0; i < n; i++) {
    if (eligible[i] !== 1) continue;
    if (nodes[i].kind === 'external' || nodes[i].kind === 'type') {
      if (!touched[i]) continue;
      if (nodes[i].kind === 'external') externals++;
    }
    shown[i] = 1;
  }
  // weight[i]: shown items in the subtree (itself included when it is an item).
  const weight = new Int32Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const i = index.order[k];
    if (shown[i]) weight[i] += 1;
    const p = index.parent[i];
    if (p !== -1) weight[p] += weight[i];
  }
  for (let i = 0; i < n; i++) {
    if (eligible[i] !== 2) continue;
    if (view.showEmptyModules || weight[i] > 0) shown[i] = 1;
  }
  // A module is shown only when its parent chain is shown too.
  for (let k = 0; k < n; k++) {
    const i = index.order[k];
    const p = index.parent[i];
    if (shown[i] && p !== -1 && !shown[p] && eligible[p] === 2) shown[i] = 0;
  }

  const adjOut = new Map(),
    adjIn = new Map();
  for (const e of edges) {
    if (!adjOut.has(e.s)) adjOut.set(e.s, []);
    adjOut.get(e.s).push(e);
    if (!adjIn.has(e.t)) adjIn.set(e.t, []);
    adjIn.get(e.t).push(e);
  }
  return { viewName, view, index, eligible, shown, weight, edges, externals, adjOut, adjIn, lift };
}

/** Which modules to open at first: breadth first, while the display stays within budget. */
export function defaultExpansion(prep, budget = DEFAULT_BUDGET) {
  const { index, shown } = prep;
  const expanded = new Set();
  const units = directUnits(prep);
  const rootsShown = index.roots.filter((r) => shown[r] && index.nodes[r].kind !== 'external');
  let visible = rootsShown.length + (prep.externals ? 1 : 0);
  const queue = rootsShown.filter((r) => index.nodes[r].kind === 'module');
  // Always open the crate roots when there are only a few of them.
  while (queue.length) {
    const m = queue.shift();
    const u = units.get(m) || 0;
    const forced = index.parent[m] === -1 && rootsShown.length <= 3;
    if (!forced && visible - 1 + u > budget) continue;
    expanded.add(m);
    visible += u - 1;
    for (const c of index.children[m] || []) {
      if (shown[c] && index.nodes[c].kind === 'module') queue.push(c);
    }
  }
  if (prep.externals && (prep.externals <= 12 || visible + prep.externals <= budget)) expanded.add(EXT_GROUP);
  return expanded;
}

/** Expands every module, stopping before the display would exceed MAX_DISPLAYED. */
export function fullExpansion(prep) {
  const { index, shown } = prep;
  const units = directUnits(prep);
  const expanded = new Set();
  let visible = index.roots.filter((r) => shown[r]).length + (prep.externals ? 1 : 0);
  const queue = index.roots.filter((r) => shown[r] && index.nodes[r].kind === 'module');
  let truncated = false;
  while (queue.length) {
    const m = queue.shift();
    const u = units.get(m) || 0;
    if (visible - 1 + u > MAX_DISPLAYED) {
      truncated = true;
      continue;
    }
    expanded.add(m);
    visible += u - 1;
    for (const c of index.children[m] || []) if (shown[c] && index.nodes[c].kind === 'module') queue.push(c);
  }
  if (prep.externals && visible + prep.externals <= MAX_DISPLAYED) expanded.add(EXT_GROUP);
  return { expanded, truncated };
}

/** For each shown module: how many display units open up when it is expanded. */
function directUnits(prep) {
  const { index, shown } = prep;
  const units = new Map();
  for (let k = 0; k < index.n; k++) {
    const i = index.order[k];
    if (!shown[i]) continue;
    // The nearest module ancestor owns this unit (impls and traits open with their module).
    let p = index.parent[i];
    while (p !== -1 && index.nodes[p].kind !== 'module') p = index.parent[p];
    if (p !== -1) units.set(p, (units.get(p) || 0) + 1);
  }
  return units;
}

function rankConf(c) {
  return c === 'exact' ? 0 : c === 'inferred' ? 1 : c === 'ambiguous' ? 2 : -1;
}

/**
 * A label's width in the canvas's 11px semibold font, by character class: capitals,
 * digits and `_` are wider than the average letter (`MI_OPTION_PURGE_DELAY` overflowed
 * an average-width estimate), `i`, `l`, `.` and `:` narrower. No canvas here (Node runs this).
 */
function labelWidth(label, perChar) {
  let w = 0;
  for (const ch of String(label)) w += /[A-Z0-9_mwMW@%]/.test(ch) ? 1.2 : /[ijlt.,:;'|!()[\] ]/.test(ch) ? 0.5 : 0.95;
  return w * perChar;
}

/** What a shape leaves of its width for the label: pointed ends take about a height each. */
const SHAPE_INSET = { hexagon: 0.9, 'round-tag': 0.6, 'round-octagon': 0.5 };

/**
 * A node's size, and `tw`, the widest label it holds: longer labels end in an ellipsis
 * (the canvas shows the full name on hover).
 */
function nodeSize(label, kind) {
  if (kind === 'collapsed') {
    const w = Math.max(60, Math.min(320, Math.round(labelWidth(label, 8.4) + 30)));
    return { w, h: 34, tw: w - 20 };
  }
  const h = kind === 'trait' || kind === 'impl' ? 30 : 26;
  const inset = 16 + h * (SHAPE_INSET[KIND_STYLE[kind]?.shape] || 0);
  const w = Math.max(36, Math.min(280, Math.round(labelWidth(label, 7) + inset)));
  return { w, h, tw: w - inset + 4 };
}

/**
 * Elements for the canvas: overview (expansion) or focus (neighbourhood) mode.
 * Returns { nodes, edges, info }.
 */
export function layoutElements(prep, { expanded, focus = null }) {
  const out = focus ? focusElements(prep, focus) : overviewElements(prep, expanded);
  disambiguate(out, prep.index);
  return out;
}

/**
 * Items drawn with the same label (two `run`s) get their module's name in front, and
 * where that is not enough (cfg'd twins in one module), their line.
 */
function disambiguate(out, index) {
  const items = out.nodes.filter((n) => !n.data.collapsed && n.data.idx >= 0 && n.data.kind !== 'module');
  const repeated = () => {
    const count = new Map();
    for (const n of items) count.set(n.data.label, (count.get(n.data.label) || 0) + 1);
    return items.filter((n) => count.get(n.data.label) > 1);
  };
  for (const n of repeated()) {
    let m = index.parent[n.data.idx];
    while (m !== -1 && index.nodes[m].kind !== 'module') m = index.parent[m];
    if (m !== -1) n.data.label = `${index.label(m)}::${n.data.label}`;
  }
  for (const n of repeated()) {
    const line = index.nodes[n.data.idx].span?.start?.[0];
    if (line) n.data.label = `${n.data.label} :${line}`;
  }
  for (const n of items) Object.assign(n.data, nodeSize(n.data.label, n.data.kind));
}

/**
 * The layout "auto" means for these elements. Layered drawings read best for a focus
 * and for sparse overviews; a dense overview (many aggregated edges between collapsed
 * modules) turns into long crossing edges and dummy ranks in dagre, so it gets boxes.
 */
export function autoLayout(viewLayout, { nodes, edges }, { focus }) {
  if (viewLayout !== 'hierarchical' || focus) return viewLayout;
  const parents = new Set(nodes.map((n) => n.data.parent).filter(Boolean));
  const items = nodes.length - parents.size;
  return edges.length <= 1.5 * items && items <= 150 ? 'hierarchical' : 'boxes';
}

/**
 * For the hierarchical layout: no boxes. Open modules (and an open externals group)
 * are dropped, collapsed ones stay as nodes, and nothing has a parent. Dagre lays out
 * flat graphs well and fast; with compounds it is slow and tangled.
 */
export function flatten(out) {
  const parents = new Set(out.nodes.map((n) => n.data.parent).filter(Boolean));
  const nodes = [];
  for (const n of out.nodes) {
    const isBox = parents.has(n.data.id) && (n.data.kind === 'module' || n.data.kind === 'group');
    if (isBox) continue;
    const data = { ...n.data };
    delete data.parent;
    nodes.push({ ...n, data });
  }
  const kept = new Set(nodes.map((n) => n.data.id));
  const edges = out.edges.filter((e) => kept.has(e.data.source) && kept.has(e.data.target));
  return { nodes, edges, info: { ...out.info, displayed: nodes.length } };
}

function overviewElements(prep, expanded) {
  const { index, shown, weight } = prep;
  const n = index.n;
  const nodes = index.nodes;
  const rep = new Int32Array(n).fill(-1);
  const top = new Int32Array(n).fill(-1); // topmost collapsed module above i
  const extCollapsed = prep.externals > 0 && !expanded.has(EXT_GROUP);
  for (let k = 0; k < n; k++) {
    const i = index.order[k];
    const p = index.parent[i];
    if (p !== -1) {
      if (top[p] !== -1) top[i] = top[p];
      else if (shown[p] && nodes[p].kind === 'module' && !expanded.has(p)) top[i] = p;
    }
    if (!shown[i]) continue;
    if (top[i] !== -1) rep[i] = top[i];
    else if (nodes[i].kind === 'external' && p === -1 && extCollapsed)
      rep[i] = -2; // the externals group
    else rep[i] = i;
  }
  const out = { nodes: [], edges: [], info: { displayed: 0, collapsed: 0, aggregated: 0 } };
  const displayed = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (rep[i] === i) displayed[i] = 1;
  const dparent = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const i = index.order[k];
    const p = index.parent[i];
    if (p !== -1) dparent[i] = displayed[p] ? p : dparent[p];
  }
  if (prep.externals > 0) {
    out.nodes.push({
      data: {
        id: EXT_GROUP,
        label: extCollapsed ? `external  ·  ${prep.externals}` : 'external',
        kind: 'group',
        collapsed: extCollapsed,
        count: prep.externals,
        idx: -2,
        ...(extCollapsed ? nodeSize(`external  ·  ${prep.externals}`, 'collapsed') : {}),
      },
    });
  }
  for (let k = 0; k < n; k++) {
    const i = index.order[k];
    if (!displayed[i]) continue;
    const node = nodes[i];
    const isModule = node.kind === 'module';
    const collapsed = isModule && !expanded.has(i) && weight[i] > 0;
    const count = isModule ? weight[i] : 0;
    const label = collapsed ? `${index.label(i)}  ·  ${count}` : index.label(i);
    const data = {
      id: `n${i}`,
      idx: i,
      label,
      kind: node.kind,
      collapsed,
      count,
      vis: visibilityClass(node.visibility),
      partial: !!node.partial,
      ...nodeSize(label, collapsed ? 'collapsed' : node.kind),
    };
    const dp = dparent[i];
    if (dp !== -1) data.parent = `n${dp}`;
    else if (node.kind === 'external' && prep.externals > 0) data.parent = EXT_GROUP;
    out.nodes.push({ data, classes: collapsed ? 'collapsed' : '' });
    if (collapsed) out.info.collapsed++;
  }
  out.info.displayed = out.nodes.length;
  const agg = new Map();
  // An edge between a box and something inside it reads as noise: leave it out.
  const encloses = (outer, inner) => {
    if (outer < 0 || inner < 0) return false;
    for (let p = dparent[inner]; p !== -1; p = dparent[p]) if (p === outer) return true;
    return false;
  };
  for (const e of prep.edges) {
    const a = rep[e.s],
      b = rep[e.t];
    if (a === -1 || b === -1 || a === b) continue;
    if (encloses(a, b) || encloses(b, a)) continue;
    const real = a === e.s && b === e.t;
    const key = real ? `${a},${b},${e.kind}` : `${a},${b}`;
    const cur = agg.get(key);
    if (cur) {
      cur.count += e.count;
      cur.kinds.add(e.kind);
    } else
      agg.set(key, { a, b, kind: e.kind, kinds: new Set([e.kind]), count: e.count, confidence: e.confidence, real });
  }
  // Aggregates can be dense (every module calls every other): keep the strongest.
  let list = [...agg.values()];
  const cap = Math.max(120, out.nodes.length * 2);
  const aggregates = list.filter((e) => !e.real);
  if (aggregates.length > cap) {
    aggregates.sort((x, y) => y.count - x.count);
    const keep = new Set(aggregates.slice(0, cap));
    list = list.filter((e) => e.real || keep.has(e));
    out.info.weakHidden = aggregates.length - cap;
  }
  let k = 0;
  for (const e of list) {
    const src = e.a === -2 ? EXT_GROUP : `n${e.a}`;
    const tgt = e.b === -2 ? EXT_GROUP : `n${e.b}`;
    out.edges.push({
      data: {
        id: `e${k++}`,
        source: src,
        target: tgt,
        kind: e.kinds.size === 1 ? e.kind : 'mixed',
        count: e.count,
        label: e.count > 1 ? String(e.count) : '',
        confidence: e.real ? e.confidence || '' : '',
      },
      classes: e.real ? '' : 'aggregate',
    });
    if (!e.real) out.info.aggregated++;
  }
  return out;
}

/** The neighbourhood of one node: depth 1-3, incoming, outgoing or both. */
function neighbourhood(prep, { idx, depth = 1, dir = 'both' }) {
  const { index } = prep;
  const start = prep.lift[idx] >= 0 ? prep.lift[idx] : idx;
  const seen = new Map([[start, 0]]);
  let frontier = [start];
  // A container in focus brings its direct contents along.
  if (CONTAINER_KINDS.has(index.nodes[start].kind)) {
    for (const c of index.children[start] || [])
      if (prep.shown[c] && !seen.has(c)) {
        seen.set(c, 1);
        frontier.push(c);
      }
  }
  for (let d = 1; d <= depth && frontier.length; d++) {
    const next = [];
    for (const i of frontier) {
      const lists = [];
      if (dir !== 'in') lists.push([prep.adjOut.get(i) || [], 't']);
      if (dir !== 'out') lists.push([prep.adjIn.get(i) || [], 's']);
      for (const [list, end] of lists) {
        for (const e of list) {
          const j = e[end];
          if (seen.has(j) || !prep.shown[j]) continue;
          if (seen.size >= MAX_DISPLAYED / 4) return { start, seen, truncated: true };
          seen.set(j, d);
          next.push(j);
        }
      }
    }
    frontier = next;
  }
  return { start, seen, truncated: false };
}

function focusElements(prep, focus) {
  const { index } = prep;
  const nodes = index.nodes;
  const { start, seen, truncated } = neighbourhood(prep, focus);
  const members = new Set(seen.keys());
  // Ancestors become (expanded) boxes so the reader keeps the module context.
  const boxes = new Set();
  for (const i of members) {
    for (let p = index.parent[i]; p !== -1; p = index.parent[p]) {
      if (members.has(p)) continue;
      if (nodes[p].kind === 'module' || prep.eligible[p] === 1) boxes.add(p);
    }
  }
  const all = new Set([...members, ...boxes]);
  const out = { nodes: [], edges: [], info: { displayed: 0, collapsed: 0, aggregated: 0, truncated } };
  let hasExt = false;
  for (let k = 0; k < index.n; k++) {
    const i = index.order[k];
    if (!all.has(i)) continue;
    const node = nodes[i];
    const label = index.label(i);
    const data = {
      id: `n${i}`,
      idx: i,
      label,
      kind: node.kind,
      collapsed: false,
      count: 0,
      vis: visibilityClass(node.visibility),
      partial: !!node.partial,
      ...nodeSize(label, node.kind),
    };
    let p = index.parent[i];
    while (p !== -1 && !all.has(p)) p = index.parent[p];
    if (p !== -1) data.parent = `n${p}`;
    else if (node.kind === 'external') {
      data.parent = EXT_GROUP;
      hasExt = true;
    }
    const classes = [];
    if (i === start) classes.push('focus-root');
    if (boxes.has(i)) classes.push('context');
    out.nodes.push({ data, classes: classes.join(' ') });
  }
  if (hasExt)
    out.nodes.unshift({ data: { id: EXT_GROUP, label: 'external', kind: 'group', collapsed: false, idx: -2 } });
  let k = 0;
  for (const e of prep.edges) {
    if (!members.has(e.s) || !members.has(e.t)) continue;
    out.edges.push({
      data: {
        id: `e${k++}`,
        source: `n${e.s}`,
        target: `n${e.t}`,
        kind: e.kind,
        count: e.count,
        label: e.count > 1 ? String(e.count) : '',
        confidence: e.confidence || '',
      },
    });
  }
  out.info.displayed = out.nodes.length;
  return out;
}
