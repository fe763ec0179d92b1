// Our own SVG serializer for the current view (cytoscape-svg is GPL).
// Built with DOM APIs in an XML document and serialized by XMLSerializer, so labels
// are always escaped text.

import { toHex } from './dot.js';
import { isBox } from '../../core/render.js';

const NS = 'http://www.w3.org/2000/svg';

function polygon(shape, x, y, w, h) {
  const hw = w / 2,
    hh = h / 2;
  let pts;
  switch (shape) {
    case 'hexagon':
      pts = [
        [-hw, 0],
        [-hw * 0.6, -hh],
        [hw * 0.6, -hh],
        [hw, 0],
        [hw * 0.6, hh],
        [-hw * 0.6, hh],
      ];
      break;
    case 'round-diamond':
    case 'diamond':
      pts = [
        [0, -hh],
        [hw, 0],
        [0, hh],
        [-hw, 0],
      ];
      break;
    case 'round-tag':
    case 'tag':
      pts = [
        [-hw, -hh],
        [hw * 0.7, -hh],
        [hw, 0],
        [hw * 0.7, hh],
        [-hw, hh],
      ];
      break;
    case 'round-octagon':
    case 'octagon': {
      const a = 0.3;
      pts = [
        [-hw * (1 - a), -hh],
        [hw * (1 - a), -hh],
        [hw, -hh * (1 - a)],
        [hw, hh * (1 - a)],
        [hw * (1 - a), hh],
        [-hw * (1 - a), hh],
        [-hw, hh * (1 - a)],
        [-hw, -hh * (1 - a)],
      ];
      break;
    }
    default:
      return null;
  }
  return pts.map(([px, py]) => `${(x + px).toFixed(2)},${(y + py).toFixed(2)}`).join(' ');
}

function num(v, fallback = 0) {
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : fallback;
}

export function toSvg(cy, { background = '#ffffff', title = 'cratemap graph' } = {}) {
  const doc = document.implementation.createDocument(NS, 'svg', null);
  const svg = doc.documentElement;
  const el = (name, attrs = {}, parent = svg) => {
    const e = doc.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
    parent.appendChild(e);
    return e;
  };
  const bb = cy.elements().boundingBox({ includeLabels: true });
  const pad = 20;
  const x0 = (Number.isFinite(bb.x1) ? bb.x1 : 0) - pad;
  const y0 = (Number.isFinite(bb.y1) ? bb.y1 : 0) - pad;
  const w = (Number.isFinite(bb.w) ? bb.w : 100) + 2 * pad;
  const h = (Number.isFinite(bb.h) ? bb.h : 100) + 2 * pad;
  svg.setAttribute('xmlns', NS);
  svg.setAttribute('viewBox', `${x0.toFixed(1)} ${y0.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}`);
  svg.setAttribute('width', Math.round(w));
  svg.setAttribute('height', Math.round(h));
  svg.setAttribute('font-family', 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif');
  el('title').textContent = title;
  el('rect', { x: x0, y: y0, width: w, height: h, fill: background });
  const defs = el('defs');
  const markers = new Map();
  const marker = (color) => {
    if (markers.has(color)) return markers.get(color);
    const id = `arrow${markers.size}`;
    const m = el(
      'marker',
      {
        id,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
        markerUnits: 'userSpaceOnUse',
      },
      defs,
    );
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: color }, m);
    markers.set(color, id);
    return id;
  };

  // Outer boxes first: flat boxes carry their depth, compound ones count ancestors.
  const depth = (n) => n.data('z') ?? n.ancestors().length;
  const nodes = cy
    .nodes()
    .toArray()
    .sort((a, b) => depth(a) - depth(b));
  const gBoxes = el('g', { class: 'boxes' });
  const gEdges = el('g', { class: 'edges' });
  const gNodes = el('g', { class: 'nodes' });

  for (const n of nodes) {
    const box = isBox(n);
    const group = box ? gBoxes : gNodes;
    const g = el('g', { class: 'node', 'data-kind': n.data('kind') }, group);
    el('title', {}, g).textContent = `${n.data('kind')}: ${n.data('label')}`;
    const fill = toHex(n.style('background-color'));
    const fillOpacity = num(n.style('background-opacity'), 1);
    const bw = num(n.style('border-width'));
    const stroke = bw > 0 ? toHex(n.style('border-color')) : 'none';
    const dash = n.style('border-style') === 'dashed' ? '5,3' : n.style('border-style') === 'dotted' ? '2,2' : null;
    const common = { fill, 'fill-opacity': fillOpacity, stroke, 'stroke-width': bw || null, 'stroke-dasharray': dash };
    const color = toHex(n.style('color'));
    const fontSize = num(n.style('font-size'), 11);
    const weight = n.style('font-weight');
    if (box) {
      const b = n.boundingBox({ includeLabels: false, includeOverlays: false });
      el('rect', { x: b.x1, y: b.y1, width: b.w, height: b.h, rx: 8, ...common }, g);
      const t = el(
        'text',
        {
          x: b.x1 + b.w / 2,
          y: b.y1 - 5,
          'text-anchor': 'middle',
          'font-size': fontSize,
          'font-weight': weight,
          fill: color,
        },
        g,
      );
      t.textContent = n.data('label');
    } else {
      const p = n.position();
      const nw = n.width(),
        nh = n.height();
      const poly = polygon(n.style('shape'), p.x, p.y, nw, nh);
      if (poly) el('polygon', { points: poly, 'stroke-linejoin': 'round', ...common }, g);
      else if (n.style('shape') === 'ellipse')
        el('ellipse', { cx: p.x, cy: p.y, rx: nw / 2, ry: nh / 2, ...common }, g);
      else
        el('rect', { x: p.x - nw / 2, y: p.y - nh / 2, width: nw, height: nh, rx: Math.min(6, nh / 3), ...common }, g);
      const t = el(
        'text',
        {
          x: p.x,
          y: p.y,
          'text-anchor': 'middle',
          'dominant-baseline': 'central',
          'font-size': fontSize,
          'font-weight': weight,
          fill: color,
        },
        g,
      );
      t.textContent = n.data('label');
    }
  }

  for (const e of cy.edges().toArray()) {
    if (e.source().empty() || e.target().empty()) continue;
    const s = e.sourceEndpoint(),
      t = e.targetEndpoint();
    if (![s.x, s.y, t.x, t.y].every(Number.isFinite)) continue;
    const cps = e.controlPoints() || [];
    let d = `M${s.x.toFixed(2)},${s.y.toFixed(2)}`;
    if (!cps.length) d += ` L${t.x.toFixed(2)},${t.y.toFixed(2)}`;
    else {
      for (let i = 0; i < cps.length; i++) {
        const c = cps[i];
        const next = i === cps.length - 1 ? t : { x: (c.x + cps[i + 1].x) / 2, y: (c.y + cps[i + 1].y) / 2 };
        d += ` Q${c.x.toFixed(2)},${c.y.toFixed(2)} ${next.x.toFixed(2)},${next.y.toFixed(2)}`;
      }
    }
    const color = toHex(e.style('line-color'));
    const style = e.style('line-style');
    const g = el('g', { class: 'edge', 'data-kind': e.data('kind') }, gEdges);
    el('title', {}, g).textContent = `${e.data('kind')}${e.data('count') > 1 ? ` ×${e.data('count')}` : ''}`;
    el(
      'path',
      {
        d,
        fill: 'none',
        stroke: color,
        'stroke-width': num(e.style('width'), 1.4),
        'stroke-opacity': num(e.style('opacity'), 1),
        'stroke-dasharray': style === 'dashed' ? '6,4' : style === 'dotted' ? '2,3' : null,
        'marker-end': e.style('target-arrow-shape') !== 'none' ? `url(#${marker(color)})` : null,
      },
      g,
    );
    const label = e.data('label');
    if (label) {
      const m = e.midpoint();
      const t2 = el(
        'text',
        {
          x: m.x,
          y: m.y,
          'text-anchor': 'middle',
          'dominant-baseline': 'central',
          'font-size': 9,
          fill: toHex(e.style('color')),
        },
        g,
      );
      t2.textContent = label;
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}`;
}
