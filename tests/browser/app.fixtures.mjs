// Fixtures for the app tests: synthetic contract-v1 graphs and archives built in memory.

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic crate graph of about `target` nodes: nested modules holding structs,
 * traits, impls with methods, functions, calls and trait links.
 */
export function syntheticGraph(target = 50000, { seed = 7, name = 'synthetic' } = {}) {
  const rand = rng(seed);
  const nodes = [];
  const edges = [];
  const add = (kind, nm, path, parent, extra = {}) => {
    const id = nodes.length;
    const file = extra.file || 'src/lib.rs';
    nodes.push({
      id,
      kind,
      name: nm,
      path,
      file,
      span: { start: [1 + (id % 500), 0], end: [3 + (id % 500), 1] },
      visibility: extra.visibility || (rand() < 0.6 ? 'pub' : 'private'),
      ...extra.more,
    });
    if (parent !== null) edges.push({ source: parent, target: id, kind: 'contains' });
    return id;
  };
  const root = add('module', name, name, null, { visibility: 'pub' });
  const fns = [],
    types = [],
    traits = [];
  const ext = [];
  for (const e of [
    'std::vec::Vec',
    'std::string::String',
    'std::collections::HashMap',
    'core::fmt::Display',
    'std::sync::Arc',
  ]) {
    ext.push(add('external', e.split('::').pop(), e, null, { visibility: 'pub' }));
  }
  const modules = [root];
  // Breadth: ~ sqrt-ish tree so that the top level stays small.
  const perModule = 40;
  const moduleCount = Math.max(1, Math.round(target / perModule));
  for (let m = 1; m < moduleCount; m++) {
    const parent = modules[Math.floor(rand() * Math.min(modules.length, 1 + m / 6))];
    const pnode = nodes[parent];
    const nm = `m${m}`;
    modules.push(add('module', nm, `${pnode.path}::${nm}`, parent, { file: `src/${nm}.rs`, visibility: 'pub' }));
  }
  for (const m of modules) {
    const mp = nodes[m].path;
    const file = nodes[m].file;
    const s1 = add('struct', `S${m}`, `${mp}::S${m}`, m, {
      file,
      more: { signature: `pub struct S${m}`, doc: `Struct number ${m}.` },
    });
    types.push(s1);
    for (let f = 0; f < 3; f++) add('field', `f${f}`, `${mp}::S${m}::f${f}`, s1, { file });
    const t = add('trait', `T${m}`, `${mp}::T${m}`, m, { file, more: { signature: `pub trait T${m}` } });
    traits.push(t);
    const imp = add('impl', `impl T${m} for S${m}`, `${mp}::S${m}`, m, { file, visibility: 'pub' });
    edges.push({ source: imp, target: t, kind: 'implements' });
    edges.push({ source: imp, target: s1, kind: 'impl_for' });
    for (let k = 0; k < 6; k++)
      fns.push(
        add('method', `meth${k}`, `${mp}::S${m}::meth${k}`, imp, {
          file,
          more: { signature: `fn meth${k}(&self) -> usize` },
        }),
      );
    const items = Math.max(4, perModule - 14);
    for (let k = 0; k < items; k++) {
      const r = rand();
      if (r < 0.75)
        fns.push(
          add('function', `func_${m}_${k}`, `${mp}::func_${m}_${k}`, m, {
            file,
            more: { signature: `pub fn func_${m}_${k}(x: usize) -> usize` },
          }),
        );
      else if (r < 0.9) types.push(add('enum', `E${m}_${k}`, `${mp}::E${m}_${k}`, m, { file }));
      else add('const', `C${m}_${k}`.toUpperCase(), `${mp}::C${m}_${k}`, m, { file });
    }
  }
  const fnIndex = new Map(fns.map((f, i) => [f, i]));
  for (const f of fns) {
    const calls = 1 + Math.floor(rand() * 3);
    for (let c = 0; c < calls; c++) {
      const near = rand() < 0.7;
      const fi = fnIndex.get(f);
      const target = near
        ? fns[Math.min(fns.length - 1, Math.max(0, fi + Math.floor(rand() * 30) - 15))]
        : fns[Math.floor(rand() * fns.length)];
      if (target !== f)
        edges.push({ source: f, target, kind: 'calls', confidence: rand() < 0.8 ? 'exact' : 'inferred' });
    }
    if (rand() < 0.1)
      edges.push({ source: f, target: ext[Math.floor(rand() * ext.length)], kind: 'calls', confidence: 'exact' });
  }
  for (let i = 1; i < traits.length; i += 7)
    edges.push({ source: traits[i], target: traits[Math.floor(rand() * i)], kind: 'supertrait', confidence: 'exact' });
  const items = {};
  for (const n of nodes) items[n.kind] = (items[n.kind] || 0) + 1;
  const files = [...new Set(nodes.map((n) => n.file))].map((path) => ({ path, bytes: 1000, lines: 50, status: 'ok' }));
  return {
    schema: 'cratemap/graph@1',
    crates: [{ name, root: 'src/lib.rs', kind: 'lib', module: root }],
    files,
    nodes,
    edges,
    diagnostics: [],
    stats: {
      files: files.length,
      bytes: files.length * 1000,
      nodes: nodes.length,
      edges: edges.length,
      items,
      type_interner: { hits: 0, misses: 0 },
    },
  };
}

/** A ustar archive. entries: [{name, data?, type?: '0'|'1'|'2'|'5', linkname?, pax?}] */
export function makeTar(entries) {
  const blocks = [];
  const enc = new TextEncoder();
  const header = (name, size, type, linkname = '') => {
    const h = new Uint8Array(512);
    const put = (str, off, len) => h.set(enc.encode(str).subarray(0, len), off);
    put(name, 0, 100);
    put('0000644\0', 100, 8);
    put('0000000\0', 108, 8);
    put('0000000\0', 116, 8);
    put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12);
    put('00000000000\0', 136, 12);
    h.fill(32, 148, 156);
    h[156] = type.charCodeAt(0);
    put(linkname, 157, 100);
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    let sum = 0;
    for (const b of h) sum += b;
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    return h;
  };
  const pad = (data) => {
    const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
    out.set(data);
    return out;
  };
  for (const e of entries) {
    const data = e.data || new Uint8Array(0);
    if (e.pax) {
      const rec = (k, v) => {
        const body = ` ${k}=${v}\n`;
        let len = body.length;
        len += String(len + String(len).length).length;
        return `${len}${body}`;
      };
      const paxData = enc.encode(rec('path', e.name));
      blocks.push(header('PaxHeader', paxData.length, 'x'), pad(paxData));
    }
    blocks.push(
      header(
        e.pax ? 'short-name' : e.name,
        e.type && e.type !== '0' ? 0 : data.length,
        e.type || '0',
        e.linkname || '',
      ),
    );
    if (!e.type || e.type === '0') blocks.push(pad(data));
  }
  blocks.push(new Uint8Array(1024));
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const b of blocks) {
    out.set(b, off);
    off += b.length;
  }
  return out;
}
