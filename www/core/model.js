// An index over a contract-v1 graph: the `contains` tree, adjacency, test/external flags.
// Everything works on dense indices (0..n-1), whatever the ids in the JSON are.

const SCHEMA = 'cratemap/graph@1';

/** Checks the shape of a graph object well enough that the UI can rely on it. */
function validateGraph(g) {
  if (!g || typeof g !== 'object') throw new Error('The graph is not a JSON object.');
  if (typeof g.schema !== 'string' || !g.schema.startsWith('cratemap/graph@')) {
    throw new Error('This is not a cratemap graph (the "schema" field is missing or unknown).');
  }
  if (g.schema !== SCHEMA) throw new Error(`Unsupported graph schema "${g.schema}"; this page reads ${SCHEMA}.`);
  for (const key of ['nodes', 'edges']) {
    if (!Array.isArray(g[key])) throw new Error(`The graph has no "${key}" array.`);
  }
  for (const key of ['crates', 'files', 'diagnostics']) if (!Array.isArray(g[key])) g[key] = [];
  if (!g.stats || typeof g.stats !== 'object') g.stats = {};
  return g;
}

/** Items named with their owner wherever they are drawn. */
const OWNED_KINDS = new Set(['method', 'variant', 'field']);

const TEST_CFG = /(^|[^A-Za-z0-9_])test([^A-Za-z0-9_]|$)/;

export class GraphIndex {
  constructor(graph) {
    this.graph = validateGraph(graph);
    const nodes = graph.nodes;
    const n = nodes.length;
    this.n = n;
    this.nodes = nodes;
    this.indexOfId = new Map();
    for (let i = 0; i < n; i++) this.indexOfId.set(nodes[i].id, i);

    // Edges resolved to indices; edges to unknown ids are dropped.
    const edges = [];
    for (const e of graph.edges) {
      const s = this.indexOfId.get(e.source);
      const t = this.indexOfId.get(e.target);
      if (s === undefined || t === undefined) continue;
      edges.push({ s, t, kind: e.kind, confidence: e.confidence || null, form: e.form || null, raw: e });
    }
    this.edges = edges;

    this.parent = new Int32Array(n).fill(-1);
    this.children = new Array(n);
    this.out = new Array(n);
    this.in = new Array(n);
    for (let i = 0; i < n; i++) {
      this.out[i] = [];
      this.in[i] = [];
    }
    for (let k = 0; k < edges.length; k++) {
      const e = edges[k];
      if (e.kind === 'contains') {
        if (this.parent[e.t] === -1 && e.s !== e.t) this.parent[e.t] = e.s;
      } else {
        this.out[e.s].push(k);
        this.in[e.t].push(k);
      }
    }
    // Break any accidental cycle in `contains` so tree walks terminate.
    for (let i = 0; i < n; i++) {
      let p = this.parent[i],
        steps = 0;
      while (p !== -1 && steps <= n) {
        if (p === i) {
          this.parent[i] = -1;
          break;
        }
        p = this.parent[p];
        steps++;
      }
    }
    this.roots = [];
    for (let i = 0; i < n; i++) {
      const p = this.parent[i];
      if (p === -1) this.roots.push(i);
      else {
        this.children[p] ||= [];
        this.children[p].push(i);
      }
    }

    // Test, bench and example crates count as tests as a whole (the "Hide tests" filter).
    const testRoots = new Set();
    // Crate roots other than libraries say what they are: a package's lib and bin share a name.
    this.crateKind = new Map();
    for (const c of graph.crates || []) {
      if (!this.indexOfId.has(c.module)) continue;
      const root = this.indexOfId.get(c.module);
      if (c.kind === 'test' || c.kind === 'bench' || c.kind === 'example') testRoots.add(root);
      if (typeof c.kind === 'string' && c.kind !== 'lib') this.crateKind.set(root, c.kind);
    }
    // Pre-order walk: parents before children.
    this.order = new Int32Array(n);
    this.depth = new Int32Array(n);
    this.isTest = new Uint8Array(n);
    let w = 0;
    const stack = [];
    for (let r = this.roots.length - 1; r >= 0; r--) stack.push(this.roots[r]);
    while (stack.length) {
      const i = stack.pop();
      this.order[w++] = i;
      const p = this.parent[i];
      this.depth[i] = p === -1 ? 0 : this.depth[p] + 1;
      this.isTest[i] = (p !== -1 && this.isTest[p]) || testRoots.has(i) || nodeLooksLikeTest(nodes[i]) ? 1 : 0;
      const ch = this.children[i];
      if (ch) for (let c = ch.length - 1; c >= 0; c--) stack.push(ch[c]);
    }

    this.twinOf = cfgTwins(this);
    this.files = new Map((graph.files || []).map((f) => [f.path, f]));
    this.kindCounts = {};
    for (const node of nodes) this.kindCounts[node.kind] = (this.kindCounts[node.kind] || 0) + 1;
    this.edgeKindCounts = {};
    this.callFormCounts = {};
    for (const e of edges) {
      this.edgeKindCounts[e.kind] = (this.edgeKindCounts[e.kind] || 0) + 1;
      if (e.form) this.callFormCounts[e.form] = (this.callFormCounts[e.form] || 0) + 1;
    }
    this._keys = null;
    this._byKey = null;
  }

  node(i) {
    return this.nodes[i];
  }

  /** A short label: methods, fields and associated items carry their owner, e.g. `Parser::parse`. */
  label(i) {
    const node = this.nodes[i];
    const name = node.name || '(anonymous)';
    if (this.crateKind.has(i)) return `${name} (${this.crateKind.get(i)})`;
    const owner = this.parent[i] === -1 ? null : this.nodes[this.parent[i]].kind;
    if (OWNED_KINDS.has(node.kind) || owner === 'impl' || owner === 'trait') {
      const segs = String(node.path || '').split('::');
      if (segs.length >= 2 && segs[segs.length - 1] === name) return `${segs[segs.length - 2]}::${name}`;
    }
    return name;
  }

  /**
   * A key that finds the same item again after re-analysis: kind and path, plus an
   * ordinal among items sharing both (impls, `use` leaves). No span, so an edit above
   * an item keeps its key.
   */
  key(i) {
    if (!this._keys) {
      this._keys = new Array(this.n);
      this._byKey = new Map();
      const seen = new Map();
      for (let j = 0; j < this.n; j++) {
        const base = `${this.nodes[j].kind}|${this.nodes[j].path}`;
        const ordinal = seen.get(base) || 0;
        seen.set(base, ordinal + 1);
        const k = `${base}|${ordinal}`;
        this._keys[j] = k;
        this._byKey.set(k, j);
      }
    }
    return i >= 0 && i < this.n ? this._keys[i] : null;
  }

  /** The index of the node with this key (see `key`), or -1. */
  findByKey(key) {
    if (!key) return -1;
    this.key(0);
    const hit = this._byKey.get(key);
    return hit === undefined ? -1 : hit;
  }

  /** The node an author means by a path: a definition before a `use` of it or a type naming it; -1 if none. */
  findByPath(path) {
    let fallback = -1;
    for (let i = 0; i < this.n; i++) {
      const node = this.nodes[i];
      if (node.path !== path) continue;
      if (node.kind !== 'use' && node.kind !== 'type') return i;
      if (fallback < 0) fallback = i;
    }
    return fallback;
  }

  /** The cfg twins that fold onto this node (see `cfgTwins`), in source order. */
  twinsOf(i) {
    const out = [];
    for (const c of this.children[this.parent[i]] || []) if (this.twinOf[c] === i) out.push(c);
    return out;
  }

  /**
   * Where a call to a trait's method may dispatch: for each impl of the trait, its
   * method of that name, or the impl itself when it keeps the trait's default.
   * Empty for anything but a trait's method.
   */
  dispatchTargets(i) {
    const owner = this.parent[i];
    if (this.nodes[i].kind !== 'method' || owner === -1 || this.nodes[owner].kind !== 'trait') return [];
    const out = [];
    for (const k of this.in[owner]) {
      const e = this.edges[k];
      if (e.kind !== 'implements') continue;
      const own = (this.children[e.s] || []).find((c) => this.nodes[c].name === this.nodes[i].name);
      out.push(own ?? e.s);
    }
    return out;
  }

  ancestors(i) {
    const out = [];
    for (let p = this.parent[i]; p !== -1; p = this.parent[p]) out.push(p);
    return out;
  }
}

/**
 * cfg twins: items of one kind and name under one parent that `cfg` alternatives
 * define (`#[cfg(unix)] struct Handle` and `#[cfg(windows)] struct Handle`). The views
 * draw one node for them, the first twin the reference build compiles (the engine
 * flags the others `cfg_off`), or the first twin when it compiles none. Modules are
 * left apart: a platform module holds a tree of its own. `twinOf[i]` is the twin that
 * stands for `i`, or -1.
 */
function cfgTwins(index) {
  const twinOf = new Int32Array(index.n).fill(-1);
  for (const list of index.children) {
    if (!list || list.length < 2) continue;
    const groups = new Map();
    for (const c of list) {
      const node = index.nodes[c];
      if (node.kind === 'module' || !node.name) continue;
      const key = `${node.kind} ${node.name}`;
      if (groups.has(key)) groups.get(key).push(c);
      else groups.set(key, [c]);
    }
    for (const group of groups.values()) {
      if (group.length < 2 || !group.some((c) => index.nodes[c].cfgs?.length)) continue;
      const kept = group.find((c) => !index.nodes[c].flags?.includes('cfg_off')) ?? group[0];
      for (const c of group) if (c !== kept) twinOf[c] = kept;
    }
  }
  return twinOf;
}

function nodeLooksLikeTest(node) {
  if (node.flags?.includes('test')) return true;
  if (node.cfgs?.some((c) => TEST_CFG.test(c))) return true;
  if (node.attrs?.some((a) => /^#\[(tokio::)?test\b/.test(a))) return true;
  return false;
}
