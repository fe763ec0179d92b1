// The nested-boxes packer (www/core/pack.js), run in Node: boxes contain their
// contents, siblings never overlap, captions fit, and it is deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packBoxes } from '../../www/core/pack.js';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A random module tree: boxes (with pad and caption) and leaves of varied sizes. */
function randomTree(seed, count) {
  const r = rng(seed);
  let id = 0;
  const make = (depth) => {
    const boxy = depth < 4 && r() < 0.3;
    const node = {
      id: `n${id++}`,
      name: `item${id}`,
      kind: r() < 0.5 ? 'function' : 'struct',
      w: 30 + Math.floor(r() * 200),
      h: 26 + Math.floor(r() * 10),
    };
    if (boxy) {
      Object.assign(node, { kind: 'module', pad: 14, caption: 20, minW: 40 + Math.floor(r() * 200), children: [] });
      const n = 1 + Math.floor(r() * 8);
      for (let i = 0; i < n && id < count; i++) node.children.push(make(depth + 1));
    }
    return node;
  };
  const roots = [];
  while (id < count) roots.push(make(0));
  return roots;
}

/** Outer rectangle (caption included) of every node, from the packer's output. */
function rects(tree, { leaves, boxes }) {
  const out = new Map();
  const walk = (n) => {
    if (n.children?.length) {
      const b = boxes.get(n.id);
      out.set(n.id, {
        x1: b.x - b.w / 2,
        x2: b.x + b.w / 2,
        y1: b.y - b.h / 2 - n.caption,
        y2: b.y + b.h / 2,
        frame: b,
      });
      n.children.forEach(walk);
    } else {
      const p = leaves.get(n.id);
      out.set(n.id, { x1: p.x - n.w / 2, x2: p.x + n.w / 2, y1: p.y - n.h / 2, y2: p.y + n.h / 2 });
    }
  };
  tree.forEach(walk);
  return out;
}

const EPS = 1e-6;
const overlap = (a, b) => a.x1 < b.x2 - EPS && b.x1 < a.x2 - EPS && a.y1 < b.y2 - EPS && b.y1 < a.y2 - EPS;

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`random tree ${seed}: contents inside their box, no sibling overlaps`, () => {
    const tree = randomTree(seed, 300);
    const packed = packBoxes(tree, 1.4);
    const r = rects(tree, packed);
    const check = (siblings, parent) => {
      for (let i = 0; i < siblings.length; i++) {
        const a = r.get(siblings[i].id);
        if (parent) {
          const f = r.get(parent.id).frame;
          const inner = {
            x1: f.x - f.w / 2 + parent.pad,
            x2: f.x + f.w / 2 - parent.pad,
            y1: f.y - f.h / 2 + parent.pad,
            y2: f.y + f.h / 2 - parent.pad,
          };
          assert.ok(
            a.x1 >= inner.x1 - EPS && a.x2 <= inner.x2 + EPS && a.y1 >= inner.y1 - EPS && a.y2 <= inner.y2 + EPS,
            `${siblings[i].id} inside ${parent.id}`,
          );
          assert.ok(f.w >= parent.minW - EPS, `${parent.id} is wide enough for its caption`);
        }
        for (let j = i + 1; j < siblings.length; j++)
          assert.ok(!overlap(a, r.get(siblings[j].id)), `${siblings[i].id} and ${siblings[j].id} overlap`);
      }
      for (const s of siblings) if (s.children?.length) check(s.children, s);
    };
    check(tree, null);
  });
}

test('the same tree packs the same way; the aspect ratio shapes the top level', () => {
  const a = packBoxes(randomTree(9, 200), 1.4);
  const b = packBoxes(randomTree(9, 200), 1.4);
  assert.deepEqual([...a.leaves], [...b.leaves]);
  assert.deepEqual([...a.boxes], [...b.boxes]);
  const extent = (tree, aspect) => {
    const r = [...rects(tree, packBoxes(tree, aspect)).values()];
    return {
      w: Math.max(...r.map((x) => x.x2)) - Math.min(...r.map((x) => x.x1)),
      h: Math.max(...r.map((x) => x.y2)) - Math.min(...r.map((x) => x.y1)),
    };
  };
  const flat = randomTree(10, 200).map((n) => ({ ...n, children: undefined }));
  const wide = extent(flat, 3),
    tall = extent(flat, 0.5);
  assert.ok(wide.w / wide.h > tall.w / tall.h, `wide ${JSON.stringify(wide)} vs tall ${JSON.stringify(tall)}`);
});

test('deep nesting is packed without recursion limits', () => {
  let node = { id: 'leaf', name: 'leaf', kind: 'function', w: 40, h: 26 };
  for (let d = 0; d < 20000; d++)
    node = { id: `m${d}`, name: `m${d}`, kind: 'module', w: 60, h: 26, pad: 14, caption: 20, children: [node] };
  const { leaves, boxes } = packBoxes([node], 1.4);
  assert.equal(boxes.size, 20000);
  assert.ok(Number.isFinite(leaves.get('leaf').x));
});
