// The viewer inside one <cratemap-graph>: a canvas, a view switch, a focus bar and
// a details panel, all in the element's shadow root. It reuses the app's graph
// model, view builder, renderer and details panel; what it adds is a state
// machine small enough for a documentation page.

import { h, clear } from '../app/dom.js';
import { GraphIndex } from '../app/graph/model.js';
import { prepareView, defaultExpansion, layoutElements, EXT_GROUP } from '../app/graph/view.js';
import { GraphCanvas } from '../app/graph/render.js';
import { VIEWS } from '../app/graph/kinds.js';
import { DetailsPanel } from '../app/panels/details.js';
import { filtersFor } from '../app/panels/filters.js';

/** Finds the node an author means by a path: a definition before a `use` of it. */
export function findByPath(index, path) {
  let fallback = -1;
  for (let i = 0; i < index.n; i++) {
    const node = index.nodes[i];
    if (node.path !== path) continue;
    if (node.kind !== 'use' && node.kind !== 'type') return i;
    if (fallback < 0) fallback = i;
  }
  return fallback;
}

export class GraphViewer {
  /** `parts`: the shadow DOM elements this viewer drives (see element.js). */
  constructor(parts) {
    this.parts = parts;
    /** What the last show() could not honour (an unknown focus path, ...). */
    this.warnings = [];
    this.index = null;
    this.sources = new Map();
    this.options = null;
    this.view = 'modules';
    this.expanded = {};
    this.focus = null;
    this.selected = null;
    this.canvas = new GraphCanvas(
      parts.cy,
      {
        onSelect: (idx) => this.select(idx),
        onToggle: (idx) => this.toggle(idx),
      },
      { themeRoot: parts.root },
    );
    this.details = new DetailsPanel(parts.details, {
      onNavigate: (i) => this.reveal(i),
      onReveal: () => {},
      onToggle: (i) => this.toggle(i),
      onFocus: (i) => this.setFocus(i),
    });
    this.wire();
  }

  wire() {
    const { viewSwitch, focusBar } = this.parts;
    for (const b of viewSwitch.querySelectorAll('button'))
      b.addEventListener('click', () => this.setView(b.dataset.view));
    for (const b of focusBar.querySelectorAll('[data-depth]')) {
      b.addEventListener('click', () => {
        if (this.focus) {
          this.focus.depth = Number(b.dataset.depth);
          this.refresh();
        }
      });
    }
    focusBar.querySelector('.cm-focus-clear').addEventListener('click', () => this.clearFocus());
    this.parts.fit.addEventListener('click', () => this.canvas.fit());
    this.parts.closeDetails.addEventListener('click', () => this.select(null));
    this.parts.cy.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        if (!this.clearFocus()) this.select(null);
      }
    });
  }

  /** Shows a graph (contract v1) with the element's options; `sources` are for snippets. */
  async show(graph, sources, options, { keepState = false } = {}) {
    const previous = keepState && this.selected !== null ? this.index.node(this.selected).path : null;
    this.index = new GraphIndex(graph);
    this.sources = sources;
    this.options = options;
    this.view = options.view;
    this.expanded = {};
    this.focus = null;
    this.selected = null;
    this.warnings = [];
    this.details.showEmpty();
    this.parts.side.hidden = true;
    if (options.focus) {
      const idx = findByPath(this.index, options.focus);
      if (idx < 0) this.warnings.push(`focus: no item has the path "${options.focus}"`);
      else this.focus = { idx, depth: options.depth, dir: options.direction };
    }
    await this.refresh();
    if (previous) {
      const idx = findByPath(this.index, previous);
      if (idx >= 0) this.select(idx);
    }
  }

  layoutName() {
    const { layout } = this.options;
    return layout === 'auto' ? VIEWS[this.view].layout : layout;
  }

  expandedFor(prep) {
    this.expanded[this.view] ||= defaultExpansion(prep);
    return this.expanded[this.view];
  }

  async refresh({ fit = true, center = null } = {}) {
    if (!this.index) return;
    const filters = filtersFor(this.options.filters, this.view);
    const prep = prepareView(this.index, this.view, filters);
    this.prep = prep;
    if (this.focus && !prep.shown[prep.lift[this.focus.idx]] && !prep.shown[this.focus.idx]) {
      this.warnings.push(
        `focus: ${this.index.node(this.focus.idx).path} is not part of the ${VIEWS[this.view].title} view`,
      );
      this.focus = null;
    }
    const layout = this.layoutName();
    const elements = layoutElements(prep, {
      expanded: this.expandedFor(prep),
      focus: this.focus,
      flat: layout === 'hierarchical',
    });
    await this.canvas.show(elements, { layout, keepViewport: !fit && !center, fitTo: center });
    if (this.selected !== null) this.canvas.select(this.selected);
    this.updateChrome(elements);
  }

  updateChrome(elements) {
    const { viewSwitch, focusBar, message, note } = this.parts;
    for (const b of viewSwitch.querySelectorAll('button'))
      b.setAttribute('aria-checked', String(b.dataset.view === this.view));
    focusBar.hidden = !this.focus;
    if (this.focus) {
      focusBar.querySelector('.cm-focus-name').textContent = this.index.label(this.focus.idx);
      for (const b of focusBar.querySelectorAll('[data-depth]'))
        b.setAttribute('aria-checked', String(Number(b.dataset.depth) === this.focus.depth));
    }
    message.hidden = elements.nodes.length > 0;
    message.textContent = this.index.n ? 'Nothing to show with these filters.' : 'The input has no items.';
    note.textContent =
      `${elements.nodes.length} nodes · ${elements.edges.length} edges` +
      (elements.info.collapsed ? ' · double-click a module to open it' : '');
  }

  setView(view) {
    if (!VIEWS[view] || view === this.view || !this.index) return;
    this.view = view;
    this.refresh();
  }

  select(idx) {
    if (idx === null || idx === undefined || idx < 0) {
      this.selected = null;
      this.canvas.select(null);
      this.details.showEmpty();
      this.parts.side.hidden = true;
      return;
    }
    this.selected = idx;
    this.canvas.select(idx);
    const isCollapsible = !this.focus && this.index.node(idx).kind === 'module' && this.prep.weight[idx] > 0;
    this.details.show(idx, {
      index: this.index,
      sources: this.sources,
      isCollapsible,
      isExpanded: this.expandedFor(this.prep).has(idx),
    });
    this.parts.side.hidden = false;
  }

  async toggle(idx) {
    if (!this.index || this.focus) return;
    const key = idx === -2 ? EXT_GROUP : idx;
    if (idx !== -2 && !(this.index.node(idx).kind === 'module' && this.prep.weight[idx] > 0)) return;
    const expanded = this.expandedFor(this.prep);
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    await this.refresh({ fit: false, center: idx === -2 ? EXT_GROUP : idx });
    if (idx >= 0) this.select(idx);
  }

  async setFocus(idx) {
    this.focus = { idx, depth: this.focus?.depth || this.options.depth, dir: this.options.direction };
    await this.refresh();
    this.select(idx);
  }

  clearFocus() {
    if (!this.focus) return false;
    const idx = this.focus.idx;
    this.focus = null;
    this.reveal(idx);
    return true;
  }

  /** Opens the modules around a node and selects it. */
  async reveal(idx) {
    const expanded = this.expandedFor(this.prep);
    for (const a of this.index.ancestors(idx)) if (this.index.node(a).kind === 'module') expanded.add(a);
    if (this.index.node(idx).kind === 'external') expanded.add(EXT_GROUP);
    await this.refresh({ fit: false, center: idx });
    this.select(idx);
  }

  restyle() {
    this.canvas.restyle();
  }

  destroy() {
    this.canvas.cy.destroy();
    clear(this.parts.cy);
  }
}

let sharedSheet = null;

/**
 * Styles through a constructed stylesheet: one for every embed on the page, and
 * CSSOM is not "inline style", so pages with a strict CSP (`style-src 'self'`)
 * still style the graph. Browsers without constructable sheets get a <style>.
 */
function adoptStyles(shadow, css) {
  if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(css);
    }
    shadow.adoptedStyleSheets = [sharedSheet];
    return;
  }
  const style = h('style');
  style.textContent = css;
  shadow.append(style);
}

/** The shadow DOM skeleton. Returns the parts the viewer and the element use. */
export function buildParts(shadow, css) {
  adoptStyles(shadow, css);
  const views = Object.entries(VIEWS).map(([name, v]) =>
    h('button', { type: 'button', role: 'radio', 'data-view': name, 'aria-checked': 'false', text: v.title }),
  );
  const viewSwitch = h('div', { class: 'segmented small cm-views', role: 'radiogroup', 'aria-label': 'View' }, views);
  const fit = h('button', { type: 'button', class: 'btn small', title: 'Fit the graph', text: 'Fit' });
  const status = h('span', { class: 'cm-status small muted', role: 'status', 'aria-live': 'polite' });
  const focusBar = h(
    'div',
    { class: 'cm-focus-bar small', hidden: true },
    h('span', {}, 'Focus: ', h('strong', { class: 'cm-focus-name' })),
    h(
      'span',
      { class: 'segmented small', role: 'radiogroup', 'aria-label': 'Depth' },
      [1, 2, 3].map((d) =>
        h('button', {
          type: 'button',
          role: 'radio',
          'data-depth': String(d),
          'aria-checked': 'false',
          text: String(d),
        }),
      ),
    ),
    h('button', { type: 'button', class: 'btn small cm-focus-clear', text: 'Clear' }),
  );
  const cy = h('div', { class: 'cm-cy', tabindex: '0', 'aria-label': 'Graph' });
  const message = h('div', { class: 'cm-message', hidden: true });
  const note = h('div', { class: 'cm-note small muted' });
  const details = h('div', { class: 'details cm-details' });
  const closeDetails = h('button', {
    type: 'button',
    class: 'btn small cm-close',
    'aria-label': 'Close details',
    text: '×',
  });
  const side = h('aside', { class: 'cm-side', hidden: true, 'aria-label': 'Details' }, closeDetails, details);
  const input = h('div', { class: 'cm-input', hidden: true });
  const stage = h('div', { class: 'cm-stage' }, focusBar, cy, message, note);
  const root = h(
    'div',
    { class: 'cm-root' },
    h('div', { class: 'cm-toolbar' }, viewSwitch, fit, status),
    h('div', { class: 'cm-body' }, input, stage, side),
  );
  shadow.append(root);
  return { root, viewSwitch, fit, status, focusBar, cy, message, note, details, closeDetails, side, input };
}
