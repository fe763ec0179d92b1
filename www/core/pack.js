// The "boxes" layout: the module tree as nested boxes, each box's contents packed in
// rows (shelf packing), bottom-up. Deterministic, linear in the number of nodes, and
// compact, so the first view of a crate is readable without zooming. Pure data.

import { PACK_ORDER } from './kinds.generated.js';

/** Space between siblings inside a box. */
const GAP = 10;

/**
 * tree: [{id, name, kind, w, h, pad, caption, minW, children: [...]}] (the roots). A
 * node with children is a box: its size is its packed contents plus `pad` on every
 * side plus `caption` (the height of its title, drawn above it), and at least `minW`
 * wide so the title fits. `aspect` is the width/height
 * ratio wanted for the whole picture (the canvas's).
 * Returns {leaves: Map id -> {x, y} (centres), boxes: Map id -> {x, y, w, h} (centre and
 * size of the box's frame, its caption above it)}.
 */
export function packBoxes(tree, aspect = 1.4) {
  const size = new Map();
  const layouts = new Map();
  // Bottom-up sizes, iteratively (nesting depth comes from the input).
  const post = [];
  const stack = tree.map((n) => [n, false]);
  while (stack.length) {
    const [node, visited] = stack.pop();
    if (visited || !node.children?.length) {
      post.push(node);
      continue;
    }
    stack.push([node, true]);
    for (const c of node.children) stack.push([c, false]);
  }
  for (const node of post) {
    if (!node.children?.length) {
      size.set(node, { w: node.w, h: node.h });
      continue;
    }
    const inner = shelf(orderChildren(node.children, size), size, 1.6);
    layouts.set(node, inner);
    size.set(node, { w: Math.max(inner.w + 2 * node.pad, node.minW || 0), h: inner.h + 2 * node.pad + node.caption });
  }
  const top = shelf(orderChildren(tree, size), size, aspect);

  // Top-down positions: each placement gives the top-left corner of a node's outer box.
  const leaves = new Map();
  const boxes = new Map();
  const place = [];
  for (const p of top.placements) place.push([p.node, p.x, p.y]);
  while (place.length) {
    const [node, x, y] = place.pop();
    const s = size.get(node);
    const inner = layouts.get(node);
    if (!inner) {
      leaves.set(node.id, { x: x + s.w / 2, y: y + s.h / 2 });
      continue;
    }
    const frameH = s.h - node.caption;
    boxes.set(node.id, { x: x + s.w / 2, y: y + node.caption + frameH / 2, w: s.w, h: frameH });
    const ox = x + node.pad;
    const oy = y + node.caption + node.pad;
    for (const p of inner.placements) place.push([p.node, ox + p.x, oy + p.y]);
  }
  return { leaves, boxes };
}

/** A leaf's place in the reading order (PACK_ORDER); kinds not listed come last. */
const rank = (kind) => {
  const r = PACK_ORDER.indexOf(kind);
  return r < 0 ? PACK_ORDER.length : r;
};

/** Items first (grouped by kind, then by name), then boxes, tallest first: rows waste less. */
function orderChildren(children, size) {
  const leaves = children.filter((c) => !c.children?.length);
  const boxes = children.filter((c) => c.children?.length);
  leaves.sort((a, b) => rank(a.kind) - rank(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  boxes.sort((a, b) => size.get(b).h - size.get(a).h || size.get(b).w - size.get(a).w);
  return [...leaves, ...boxes];
}

/** Rows of at most `width` (chosen for the aspect ratio); returns placements and the extent. */
function shelf(nodes, size, aspect) {
  let area = 0,
    widest = 0;
  for (const n of nodes) {
    const s = size.get(n);
    area += (s.w + GAP) * (s.h + GAP);
    widest = Math.max(widest, s.w);
  }
  const width = Math.max(widest, Math.sqrt(area * aspect));
  const placements = [];
  let x = 0,
    y = 0,
    rowH = 0,
    maxW = 0;
  for (const n of nodes) {
    const s = size.get(n);
    if (x > 0 && x + s.w > width) {
      y += rowH + GAP;
      x = 0;
      rowH = 0;
    }
    placements.push({ node: n, x, y });
    x += s.w + GAP;
    rowH = Math.max(rowH, s.h);
    maxW = Math.max(maxW, x - GAP);
  }
  return { placements, w: maxW, h: nodes.length ? y + rowH : 0 };
}
