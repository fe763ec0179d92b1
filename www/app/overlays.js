// What the page draws over and around the canvas for the view on it: the view
// switch, the focus bar, the note (counts), the legend and the stage message.

import { $, clear, h } from '../core/dom.js';
import { EDGE_STYLE, KIND_STYLE } from '../core/kinds.generated.js';

export function updateViewSwitch(view) {
  for (const b of document.querySelectorAll('#view-switch button')) {
    b.setAttribute('aria-checked', String(b.dataset.view === view));
  }
}

/** `focus`: {idx, depth, dir} or null; `index` labels its node. */
export function updateFocusBar(focus, index) {
  const bar = $('#focus-bar');
  if (!focus) {
    bar.hidden = true;
    return;
  }
  bar.hidden = false;
  $('#focus-name').textContent = index.label(focus.idx);
  for (const b of document.querySelectorAll('#focus-depth button')) {
    b.setAttribute('aria-checked', String(Number(b.dataset.depth) === focus.depth));
  }
  for (const b of document.querySelectorAll('#focus-dir button')) {
    b.setAttribute('aria-checked', String(b.dataset.dir === focus.dir));
  }
}

export function updateNote({ nodes, edges, info }) {
  const parts = [];
  parts.push(`${nodes.length.toLocaleString('en-US')} nodes · ${edges.length.toLocaleString('en-US')} edges shown`);
  if (info.collapsed)
    parts.push(`${info.collapsed} collapsed module${info.collapsed === 1 ? '' : 's'} (double-click to expand)`);
  if (info.truncated) parts.push('neighbourhood truncated');
  if (info.weakHidden) parts.push(`${info.weakHidden} weaker module links hidden`);
  $('#view-note').textContent = parts.join(' · ');
}

/** The kinds of the items and edges on screen, in the table's order. */
export function updateLegend({ nodes, edges }) {
  const legend = clear($('#legend'));
  const kinds = new Set(
    nodes
      .filter((n) => !n.data.collapsed && n.data.kind !== 'group' && n.data.kind !== 'module')
      .map((n) => n.data.kind),
  );
  const ekinds = new Set(edges.map((e) => e.data.kind).filter((k) => k !== 'mixed'));
  for (const k of Object.keys(KIND_STYLE)) {
    if (!kinds.has(k)) continue;
    const sw = h('span', { class: 'legend-swatch' });
    sw.style.backgroundColor = KIND_STYLE[k].color;
    legend.appendChild(h('span', { class: 'legend-item' }, sw, k.replace('_', ' ')));
  }
  for (const k of Object.keys(EDGE_STYLE)) {
    if (!ekinds.has(k)) continue;
    const line = h('span', { class: `legend-line${EDGE_STYLE[k].dashed ? ' dashed' : ''}` });
    line.style.borderTopColor = EDGE_STYLE[k].color;
    legend.appendChild(h('span', { class: 'legend-item' }, line, EDGE_STYLE[k].label));
  }
  // The styles render.js gives edges beyond their kind's: each one on screen is explained.
  const has = (test) => edges.some(test);
  const styles = [
    [has((e) => e.data.confidence === 'ambiguous'), 'dotted faint', 'ambiguous: one of several same-named methods'],
    [has((e) => e.data.confidence === 'inferred'), 'faint', 'inferred from a receiver type'],
    [has((e) => (e.classes || '').includes('aggregate')), 'grouped', 'links between modules (width: count)'],
  ];
  for (const [present, cls, text] of styles) {
    if (present)
      legend.appendChild(h('span', { class: 'legend-item' }, h('span', { class: `legend-line ${cls}` }), text));
  }
  if (nodes.some((n) => n.data.partial)) {
    const sw = h('span', { class: 'legend-swatch partial' });
    legend.appendChild(h('span', { class: 'legend-item' }, sw, 'partly read (syntax error)'));
  }
  legend.hidden = !legend.childNodes.length;
}

/** Shown when the view is empty; `index`: the graph, to say why. */
export function updateStageMessage({ nodes }, index) {
  $('#stage-message').hidden = nodes.length > 0;
  if (!nodes.length)
    $('#stage-message').textContent = index.n ? 'Nothing to show with the current filters.' : 'The input has no items.';
}

/** No graph: every overlay empty, and `message` on the stage. */
export function clearOverlays(message) {
  updateFocusBar(null);
  clear($('#legend')).hidden = true;
  $('#view-note').textContent = '';
  $('#stage-message').textContent = message;
  $('#stage-message').hidden = false;
}

/** How far the overlays on the canvas reach into it, in pixels from each side. */
export function overlayInsets() {
  const box = $('#cy').getBoundingClientRect();
  const note = $('#view-note');
  const legend = $('#legend');
  const zoom = $('.zoom-controls').getBoundingClientRect();
  return {
    top: note.textContent ? Math.max(0, note.getBoundingClientRect().bottom - box.top) : 0,
    bottom: legend.hidden ? 0 : Math.max(0, box.bottom - legend.getBoundingClientRect().top),
    right: Math.max(0, box.right - zoom.left),
    left: 0,
  };
}
