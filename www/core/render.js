// The canvas: Cytoscape with compound nodes, a stylesheet derived from the theme,
// hierarchical (dagre) and force (fcose) layouts. Labels are drawn on the canvas,
// so no input text ever becomes markup here.

import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import { CONTAINER_KINDS, EDGE_STYLE, KIND_STYLE } from './kinds.generated.js';
import { Minimap } from './minimap.js';
import { packBoxes } from './pack.js';

cytoscape.use(dagre);
cytoscape.use(fcose);

const LARGE = 1500;
/**
 * Label sizes by level of detail: module and item boxes (and collapsed modules) are
 * larger and stay readable further out than leaves, and each level's labels drop out
 * at its own zoom (`min-zoomed-font-size`), so zooming out thins labels level by level.
 */
const FONT = { leaf: 11, box: 14, collapsed: 14 };
/** The smallest label a person reads without effort, in screen pixels. */
export const READABLE_PX = 11;
/** Fits never zoom out further than this (times the host's uiScale): leaf labels stay at READABLE_PX. */
export const READABLE_ZOOM = READABLE_PX / FONT.leaf;
/** Fits never zoom in further than this, times uiScale (a small graph would fill the screen). */
const MAX_FIT_ZOOM = 1.6;
/**
 * Wheel zoom: one notch (Chromium reports 100 px; Firefox 3 lines) zooms by 2^(1/3), so
 * three notches double the zoom; Cytoscape's own wheel zoom moves about 5% per notch.
 */
const NOTCH_PX = 100;
const NOTCH_FACTOR = 2 ** (1 / 3);
const DELTA_MODE_PX = [1, 33, 800];
/** Items drawn as boxes around their members get a tighter frame than modules. */
const ITEM_BOX_KINDS = [...CONTAINER_KINDS].filter((k) => k !== 'module');
/** Edge kinds by the arrow head they end in, when it is not the plain triangle. */
const ARROWS = {};
for (const [kind, style] of Object.entries(EDGE_STYLE)) {
  if (style.arrow === 'triangle') continue;
  ARROWS[style.arrow] ||= [];
  ARROWS[style.arrow].push(kind);
}

/** A box: a compound parent (force layout) or a flat box node (`boxes` layout). */
export function isBox(n) {
  return n.isParent() || n.hasClass('box');
}

/** The nodes directly inside a box, in either drawing. */
export function boxChildren(n) {
  return n.isParent()
    ? n.children()
    : n
        .cy()
        .nodes()
        .filter((c) => c.data('box') === n.id());
}

/**
 * `themeRoot` is the element whose CSS variables and `data-theme` style the canvas:
 * the page's root for the app, a Shadow DOM wrapper for the embeds.
 */
function buildStylesheet(themeRoot = document.documentElement) {
  const computed = getComputedStyle(themeRoot);
  const cssVar = (name) => computed.getPropertyValue(name).trim();
  const text = cssVar('--text') || '#1d2330';
  const bg = cssVar('--bg') || '#f6f7f9';
  const muted = cssVar('--muted') || '#687385';
  const focus = cssVar('--focus') || '#2f6fde';
  const accent = cssVar('--accent') || '#b7410e';
  const dark = themeRoot.dataset.theme === 'dark';
  const font = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
  const style = [
    {
      selector: 'node',
      style: {
        width: 'data(w)',
        height: 'data(h)',
        label: 'data(label)',
        'font-family': font,
        'font-size': FONT.leaf,
        'font-weight': 600,
        color: '#ffffff',
        'text-valign': 'center',
        'text-halign': 'center',
        'text-max-width': 'data(tw)',
        'text-wrap': 'ellipsis',
        'background-color': 'data(color)',
        'border-width': 0,
        'min-zoomed-font-size': 8,
        shape: 'data(shape)',
        'overlay-opacity': 0,
        // Leaves above every edge: an edge between deeper nodes would otherwise be
        // drawn over a shallower leaf and its label.
        'z-compound-depth': 'top',
      },
    },
  ];
  style.push(
    {
      selector: 'node[kind="external"]',
      style: {
        'background-color': dark ? '#3a414d' : '#e7eaef',
        color: text,
        'border-width': 1,
        'border-style': 'dashed',
        'border-color': muted,
      },
    },
    { selector: 'node[vis="private"]', style: { 'background-opacity': 0.78 } },
    {
      selector: ':parent, node.box',
      style: {
        shape: 'round-rectangle',
        'background-color': dark ? '#222833' : '#ffffff',
        'background-opacity': dark ? 0.9 : 0.85,
        'border-width': 1.2,
        'border-color': dark ? '#465063' : '#c7ced8',
        color: muted,
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': FONT.box,
        'font-weight': 'bold',
        'text-max-width': 1000,
        padding: 14,
        'min-zoomed-font-size': 7,
        'z-compound-depth': 'auto',
      },
    },
    {
      selector: 'node[kind="module"]:parent, node.box[kind="module"]',
      style: { 'border-color': dark ? '#5a6478' : '#aeb7c4' },
    },
    {
      selector: [
        ...ITEM_BOX_KINDS.map((k) => `node[kind="${k}"]:parent`),
        ...ITEM_BOX_KINDS.map((k) => `node.box[kind="${k}"]`),
      ].join(', '),
      style: { 'border-style': 'dashed', padding: 8 },
    },
    {
      selector: 'node[kind="group"]',
      style: {
        'background-color': dark ? '#20252d' : '#f3f4f6',
        'border-style': 'dashed',
        'border-width': 1.2,
        'border-color': muted,
        color: muted,
      },
    },
    {
      selector: 'node.collapsed, node[kind="group"][?collapsed]',
      style: {
        shape: 'round-rectangle',
        'background-color': dark ? '#2c3340' : '#eef1f5',
        color: text,
        'border-width': 2,
        'border-color': dark ? '#7c879a' : '#8a94a6',
        'border-style': 'double',
        height: 34,
        'font-size': FONT.collapsed,
        'min-zoomed-font-size': 6,
      },
    },
    // Flat boxes: sized by the packer (no padding on top), behind edges and items,
    // outer boxes behind inner ones.
    { selector: 'node.box', style: { padding: 0, 'z-index-compare': 'manual', 'z-index': 'data(z)' } },
    // An item the engine could read only in part (a syntax error in it): a red dashed outline.
    {
      selector: 'node[?partial]',
      style: { 'border-width': 2.5, 'border-style': 'dashed', 'border-color': cssVar('--error') || '#c0262d' },
    },
    { selector: 'node.context', style: { 'border-style': 'dashed' } },
    { selector: 'node.focus-root', style: { 'border-width': 3, 'border-color': accent, 'border-style': 'solid' } },
    // The selection glows and its neighbours get an outline; nothing else changes, so
    // what a focus or an expansion brought in is never dimmed.
    {
      selector: 'node:selected',
      style: {
        'border-width': 3,
        'border-color': focus,
        'border-style': 'solid',
        'underlay-color': focus,
        'underlay-opacity': 0.35,
        'underlay-padding': 6,
      },
    },
    { selector: 'node.nb', style: { 'border-width': 2, 'border-color': focus, 'border-style': 'solid' } },
    {
      selector: 'edge',
      style: {
        width: 1.4,
        'curve-style': 'bezier',
        'z-index': 50,
        'line-color': 'data(color)',
        'target-arrow-color': 'data(color)',
        'line-style': 'data(ls)',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        opacity: 0.8,
        'font-family': font,
        'font-size': 9,
        color: text,
        'text-background-color': bg,
        'text-background-opacity': 0.85,
        'text-background-padding': 1,
        'min-zoomed-font-size': 8,
      },
    },
  );
  style.push(
    ...Object.entries(ARROWS).map(([arrow, kinds]) => ({
      selector: kinds.map((k) => `edge[kind="${k}"]`).join(', '),
      style: { 'target-arrow-shape': arrow },
    })),
    { selector: 'edge[confidence="inferred"]', style: { opacity: 0.6 } },
    { selector: 'edge[confidence="ambiguous"]', style: { 'line-style': 'dotted', opacity: 0.5 } },
    {
      selector: 'edge.aggregate',
      style: {
        width: 'mapData(count, 1, 60, 1.4, 7)',
        label: 'data(label)',
        'line-color': dark ? '#6f7a8c' : '#a7b0bd',
        'target-arrow-color': dark ? '#6f7a8c' : '#a7b0bd',
        'line-style': 'solid',
      },
    },
    { selector: 'edge.hl', style: { width: 2.8, opacity: 1, 'z-index': 60 } },
  );
  return style;
}

export class GraphCanvas {
  constructor(container, handlers, { themeRoot } = {}) {
    this.container = container;
    this.handlers = handlers;
    this.themeRoot = themeRoot;
    this.cy = cytoscape({
      container,
      style: buildStylesheet(themeRoot),
      minZoom: 0.03,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    this.cy.on('tap', 'node', (ev) => handlers.onSelect?.(ev.target.data('idx'), ev.target));
    this.cy.on('tap', (ev) => {
      if (ev.target === this.cy) handlers.onSelect?.(null);
    });
    this.cy.on('dbltap', 'node', (ev) => handlers.onToggle?.(ev.target.data('idx'), ev.target));
    this.cy.on('select', 'node', (ev) => this.highlight(ev.target));
    this.cy.on('unselect', 'node', () => this.highlight(null));
    // Labels end in an ellipsis when they are longer than their node: the full name on hover.
    this.cy.on('mouseover', 'node', (ev) => container.setAttribute('title', ev.target.data('label')));
    this.cy.on('mouseout', 'node', () => container.removeAttribute('title'));
    this.minimap = new Minimap(this.cy, container);
    // The container follows its host's layout (the app's side panels, the window, an
    // embed's box): Cytoscape must be told, and a view the last fit left alone is refitted.
    this.size = { w: container.clientWidth, h: container.clientHeight };
    this.fitted = null;
    new ResizeObserver(() => this.resized()).observe(container);
    // Ahead of Cytoscape's wheel handler (on the container, so listen one level up, in
    // the capture phase): see NOTCH_FACTOR.
    container.parentNode.addEventListener('wheel', (ev) => this.wheelZoom(ev), { capture: true, passive: false });
  }

  wheelZoom(ev) {
    if (!this.container.contains(ev.target) || ev.target === this.minimap.el || !ev.deltaY) return;
    ev.preventDefault();
    ev.stopPropagation();
    const cy = this.cy;
    const px = Math.max(-3 * NOTCH_PX, Math.min(3 * NOTCH_PX, ev.deltaY * (DELTA_MODE_PX[ev.deltaMode] || 1)));
    const r = this.container.getBoundingClientRect();
    cy.stop(true, false);
    cy.zoom({
      level: cy.zoom() * NOTCH_FACTOR ** (-px / NOTCH_PX),
      renderedPosition: { x: ev.clientX - r.left, y: ev.clientY - r.top },
    });
    // What Cytoscape's handler does while the wheel turns: big views draw a cached
    // texture (textureOnViewport) until the wheel rests.
    const data = cy._private.renderer.data;
    data.wheelZooming = true;
    clearTimeout(data.wheelTimeout);
    data.wheelTimeout = setTimeout(() => {
      data.wheelZooming = false;
      cy._private.renderer.redrawHint('eles', true);
      cy._private.renderer.redraw();
    }, 150);
  }

  /**
   * Runs `draw` (an export) without the selection's highlight, which is the reader's
   * transient state and no part of the picture; the selection comes back afterwards.
   */
  withoutHighlight(draw) {
    const selected = this.cy.$(':selected');
    selected.unselect();
    this.cy.elements().boundingBox(); // Cytoscape restyles lazily: this brings the unselected style in
    try {
      return draw();
    } finally {
      selected.select();
    }
  }

  restyle() {
    this.cy.style(buildStylesheet(this.themeRoot));
  }

  /** Replace everything on the canvas and lay it out. Resolves when the layout is done. */
  /** `frame`: the element (id or node index) a fit frames when the whole view is too big to read. */
  async show({ nodes, edges }, { layout, keepViewport = false, fitTo = null, frame = null } = {}) {
    const cy = this.cy;
    const large = nodes.length + edges.length > LARGE;
    // Cheap interaction on big views: draw a cached texture while panning or zooming.
    cy._private.renderer.textureOnViewport = large;
    cy._private.renderer.hideEdgesOnViewport = nodes.length + edges.length > 4 * LARGE;
    const t0 = performance.now();
    // Colors and shapes travel in the data: a short stylesheet styles big views faster.
    for (const n of nodes) {
      const ks = KIND_STYLE[n.data.kind] || KIND_STYLE.external;
      n.data.color = ks.color;
      n.data.shape = ks.shape;
    }
    for (const e of edges) {
      const es = EDGE_STYLE[e.data.kind] || { color: '#9aa3b1', dashed: false };
      e.data.color = es.color;
      e.data.ls = es.dashed ? 'dashed' : 'solid';
    }
    cy.stop(true, false); // an unfinished center-on animation would undo the new fit
    cy.resize(); // the focus bar may have changed the container's size
    const tp = performance.now();
    const flat = layout === 'boxes' ? this.flatBoxes(nodes) : null;
    const packMs = performance.now() - tp;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(flat || nodes);
      cy.add(edges);
    });
    const t1 = performance.now();
    if (!flat) await this.runLayout(layout, nodes.length);
    this.timings = { add: t1 - t0 - packMs, layout: performance.now() - t1 + packMs };
    const t2 = performance.now();
    if (fitTo) this.centerOn(fitTo, false);
    else if (!keepViewport) this.fitClear(frame);
    this.timings.fit = performance.now() - t2;
    this.minimap.update();
  }

  /**
   * Fits the graph into the part of the canvas that the overlays (view note, legend,
   * zoom buttons; `handlers.insets`) leave free, at most at MAX_FIT_ZOOM and never
   * below READABLE_ZOOM. A graph too big for that shows the `frame` element (centered
   * when it fits, else from its top left), or else the graph's top left; the minimap
   * shows where that is.
   */
  fitClear(frame = null) {
    const cy = this.cy;
    const bb = cy.elements().boundingBox();
    if (!cy.elements().length || !Number.isFinite(bb.w)) return;
    const ins = { top: 0, right: 0, bottom: 0, left: 0, ...this.handlers.insets?.() };
    const pad = 16;
    const w = Math.max(50, cy.width() - ins.left - ins.right - 2 * pad);
    const h = Math.max(50, cy.height() - ins.top - ins.bottom - 2 * pad);
    const ui = this.uiScale();
    const fitAll = Math.min(MAX_FIT_ZOOM * ui, w / Math.max(bb.w, 1), h / Math.max(bb.h, 1));
    const readable = READABLE_ZOOM * ui;
    const zoom = Math.max(fitAll, readable);
    const el = frame === null ? cy.collection() : this.element(frame);
    const box = fitAll >= readable || el.empty() ? bb : el.boundingBox();
    // Centered on an axis where the box fits, else from its start.
    const place = (free, size, start) => (size * zoom <= free ? (free - size * zoom) / 2 : 0) - start * zoom;
    cy.viewport({
      zoom,
      pan: { x: ins.left + pad + place(w, box.w, box.x1), y: ins.top + pad + place(h, box.h, box.y1) },
    });
    this.fitted = { frame, zoom: cy.zoom(), pan: { ...cy.pan() } };
  }

  /**
   * The host's zoom of its chrome (the app's `--ui`, above 1 on a big screen at one device
   * pixel per CSS pixel): fits scale with it, so labels read as the text around them does.
   */
  uiScale() {
    return Number.parseFloat(getComputedStyle(this.container).getPropertyValue('--ui')) || 1;
  }

  /** Whether the viewport is still where the last fit put it (the reader has not moved it). */
  stillFitted() {
    const f = this.fitted;
    const pan = this.cy.pan();
    return !!f && this.cy.zoom() === f.zoom && pan.x === f.pan.x && pan.y === f.pan.y;
  }

  /** The container changed size: a fitted view is fitted again, any other keeps its center. */
  resized() {
    const w = this.container.clientWidth;
    const h = this.container.clientHeight;
    const old = this.size;
    if (w === old.w && h === old.h) return;
    this.size = { w, h };
    const cy = this.cy;
    const refit = this.stillFitted();
    cy.resize();
    if (!w || !h) return; // hidden: fit when it shows again
    if (refit) this.fitClear(this.fitted.frame);
    else if (old.w && old.h) cy.panBy({ x: (w - old.w) / 2, y: (h - old.h) / 2 });
  }

  /** The element for an id or a node index (empty when it is not drawn). */
  element(idx) {
    return this.cy.getElementById(typeof idx === 'string' ? idx : `n${idx}`);
  }

  runLayout(name, count) {
    const cy = this.cy;
    let opts;
    if (name === 'hierarchical') {
      opts = {
        name: 'dagre',
        rankDir: 'LR',
        nodeSep: 14,
        rankSep: 70,
        edgeSep: 8,
        animate: false,
        fit: false,
        nodeDimensionsIncludeLabels: false,
      };
    } else {
      const big = count > 900;
      opts = {
        name: 'fcose',
        quality: big ? 'draft' : 'default',
        randomize: true,
        animate: false,
        fit: false,
        nodeRepulsion: () => 5200,
        idealEdgeLength: () => 70,
        edgeElasticity: () => 0.35,
        nestingFactor: 0.35,
        gravity: 0.35,
        gravityCompound: 1.2,
        gravityRangeCompound: 1.4,
        numIter: big ? 600 : 1000,
        tile: true,
        tilingPaddingVertical: 12,
        tilingPaddingHorizontal: 12,
        packComponents: true,
        nodeSeparation: 60,
        uniformNodeDimensions: false,
      };
    }
    return new Promise((resolve) => {
      const layout = cy.layout(opts);
      layout.one('layoutstop', () => resolve());
      try {
        layout.run();
      } catch (err) {
        console.warn('layout failed, falling back to grid', err);
        cy.layout({ name: 'grid', animate: false, fit: false }).run();
        resolve();
      }
    });
  }

  /**
   * The `boxes` layout, drawn without Cytoscape compounds: its renderer spends seconds
   * per frame on a few thousand nested elements, so boxes are plain nodes sized and
   * placed by `packBoxes`, behind their contents (z-index by depth). `data.box` names
   * the enclosing box; see `isBox` and `boxChildren`.
   */
  flatBoxes(nodes) {
    const byId = new Map();
    for (const n of nodes)
      byId.set(n.data.id, {
        id: n.data.id,
        name: n.data.label,
        kind: n.data.kind,
        w: n.data.w || 60,
        h: n.data.h || 26,
        children: [],
      });
    const roots = [];
    for (const n of nodes) {
      const item = byId.get(n.data.id);
      const parent = n.data.parent && byId.get(n.data.parent);
      if (parent) parent.children.push(item);
      else roots.push(item);
    }
    for (const item of byId.values()) {
      if (!item.children.length) continue;
      item.pad = ITEM_BOX_KINDS.includes(item.kind) ? 8 : 14;
      item.caption = FONT.box + 8;
      item.minW = String(item.name).length * FONT.box * 0.62 + 12; // the bold caption
    }
    const r = this.container.getBoundingClientRect();
    const { leaves, boxes } = packBoxes(roots, r.width > 0 && r.height > 0 ? r.width / r.height : 1.4);
    const depth = new Map();
    return nodes.map((n) => {
      const data = { ...n.data };
      delete data.parent;
      if (n.data.parent) data.box = n.data.parent;
      const d = n.data.parent ? (depth.get(n.data.parent) ?? 0) + 1 : 0; // parents come first
      depth.set(n.data.id, d);
      const b = boxes.get(n.data.id);
      if (!b) return { ...n, data, position: leaves.get(n.data.id) || { x: 0, y: 0 } };
      return {
        ...n,
        data: { ...data, w: b.w, h: b.h, z: d },
        position: { x: b.x, y: b.y },
        classes: `${n.classes || ''} box`,
        // A box is the background of its children: dragging on it pans, as on empty canvas.
        grabbable: false,
        pannable: true,
      };
    });
  }

  highlight(node) {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements('.hl').removeClass('hl');
      cy.nodes('.nb').removeClass('nb');
      if (!node) return;
      const edges = node.connectedEdges();
      edges.addClass('hl');
      edges
        .connectedNodes()
        .difference(node)
        .filter((n) => !isBox(n))
        .addClass('nb');
    });
  }

  select(idx) {
    const cy = this.cy;
    cy.$(':selected').unselect();
    if (idx === null || idx === undefined) return null;
    const el = this.element(idx);
    if (el.nonempty()) el.select();
    return el.nonempty() ? el : null;
  }

  centerOn(idx, animate = true) {
    const el = this.element(idx);
    if (el.empty()) return;
    const zoom = Math.max(this.cy.zoom(), READABLE_ZOOM * this.uiScale());
    if (animate) this.cy.animate({ center: { eles: el }, zoom }, { duration: 250 });
    else {
      this.cy.zoom(zoom);
      this.cy.center(el);
    }
  }

  /** Arrow-key navigation: the nearest node in that direction from the selection. */
  neighbourInDirection(dir) {
    const cy = this.cy;
    const sel = cy.$('node:selected');
    if (sel.empty()) {
      const first = cy.nodes().filter((n) => !isBox(n))[0];
      return first || null;
    }
    const from = sel[0].renderedPosition();
    const v = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[dir];
    let best = null,
      bestScore = Infinity;
    cy.nodes().forEach((n) => {
      if (n === sel[0] || isBox(n)) return;
      const p = n.renderedPosition();
      const dx = p.x - from.x,
        dy = p.y - from.y;
      const along = dx * v[0] + dy * v[1];
      if (along <= 1) return;
      const across = Math.abs(dx * v[1] - dy * v[0]);
      const score = along + 2.5 * across;
      if (score < bestScore) {
        bestScore = score;
        best = n;
      }
    });
    return best;
  }

  zoomBy(factor) {
    const cy = this.cy;
    cy.stop(true, false); // a running center-on animation would undo this
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  /** The Fit button: frames the selection when the whole graph is too big to read. */
  fit() {
    this.cy.stop(true, false);
    const sel = this.cy.$('node:selected');
    this.fitClear(sel.nonempty() ? sel.id() : null);
  }
}
