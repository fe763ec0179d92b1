// `window.__cratemap`: read-only hooks for the end-to-end tests and the benchmark page.

import { $ } from '../core/dom.js';
import { boxChildren } from '../core/render.js';
import * as engine from './engine.js';
import { idle } from './idle.js';

/** `expandAll()`: what the Expand all button does. */
export function testHooks(controller, session, { expandAll }) {
  const c = controller;
  const cy = () => c.canvas.cy;
  return {
    get cy() {
      return cy();
    },
    get graph() {
      return c.graph;
    },
    get view() {
      return c.view;
    },
    get selected() {
      return c.selected === null ? null : c.index.node(c.selected);
    },
    get focus() {
      return c.focus ? c.index.node(c.focus.idx) : null;
    },
    get run() {
      return session.run;
    },
    get timings() {
      return { ...c.timings, canvas: c.canvas.timings };
    },
    idle,
    labels() {
      return cy()
        .nodes()
        .map((n) => n.data('label'));
    },
    boxContents(id) {
      return boxChildren(cy().getElementById(id)).map((n) => n.data('label'));
    },
    nodeByPath(path, kind) {
      const i = c.index?.nodes.findIndex((n) => n.path === path && (!kind || n.kind === kind));
      return i >= 0 ? { idx: i, id: `n${i}`, displayed: cy().getElementById(`n${i}`).nonempty() } : null;
    },
    renderedPosition(path, kind) {
      const hit = this.nodeByPath(path, kind);
      if (!hit) return null;
      const el = cy().getElementById(hit.id);
      if (el.empty()) return null;
      const p = el.renderedPosition();
      const r = $('#cy').getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    },
    loadGraph: (graph) => session.setGraph(graph, { source: 'json' }),
    expandAll,
    crashNextRun: () => engine.crashNextRunForTest(),
  };
}
