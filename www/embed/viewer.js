// The viewer inside one <cratemap-graph>: the core's view controller with the
// embed's chrome (a view switch, a focus bar, a note, a details side panel), all in
// the element's shadow root. `show` applies the element's options to it.

import { ViewController } from '../core/controller.js';
import { h } from '../core/dom.js';
import { VIEWS } from '../core/kinds.generated.js';

export class GraphViewer {
  /** `parts`: the shadow DOM elements this viewer drives (see buildParts). */
  constructor(parts) {
    this.parts = parts;
    /** What the last show() could not honour (an unknown focus path, ...). */
    this.warnings = [];
    this.controller = new ViewController({
      canvas: parts.cy,
      details: parts.details,
      themeRoot: parts.root,
      beforeDraw: (elements) => this.updateChrome(elements),
      onSelect: (idx) => {
        parts.side.hidden = idx === null;
      },
      onFocusDropped: (idx) => {
        const c = this.controller;
        this.warnings.push(`focus: ${c.index.node(idx).path} is not part of the ${VIEWS[c.view].title} view`);
      },
    });
    this.wire();
  }

  wire() {
    const { viewSwitch, focusBar } = this.parts;
    const c = this.controller;
    for (const b of viewSwitch.querySelectorAll('button')) b.addEventListener('click', () => c.setView(b.dataset.view));
    for (const b of focusBar.querySelectorAll('[data-depth]')) {
      b.addEventListener('click', () => c.setFocusShape({ depth: Number(b.dataset.depth) }));
    }
    focusBar.querySelector('.cm-focus-clear').addEventListener('click', () => c.clearFocus());
    this.parts.fit.addEventListener('click', () => c.canvas.fit());
    this.parts.closeDetails.addEventListener('click', () => c.select(null));
    this.parts.cy.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !c.clearFocus()) c.select(null);
    });
  }

  /**
   * Shows a graph (contract v1) with the element's options; `sources` are for snippets.
   * With `keepState` (new options or a re-analysis) the selection and the open modules
   * stay; the view and the focus are always the options'.
   */
  async show(graph, sources, options, { keepState = false } = {}) {
    const c = this.controller;
    c.load(graph, { sources, keepState });
    c.view = options.view;
    c.layout = options.layout;
    c.filters = options.filters;
    c.focusDefaults = { depth: options.depth, dir: options.direction };
    c.focus = null;
    this.warnings = [];
    if (options.focus) {
      const idx = c.index.findByPath(options.focus);
      if (idx < 0) this.warnings.push(`focus: no item has the path "${options.focus}"`);
      else c.focus = { idx, depth: options.depth, dir: options.direction };
    }
    await c.refresh();
    c.showDetails();
  }

  updateChrome(elements) {
    const { viewSwitch, focusBar, message, note } = this.parts;
    const c = this.controller;
    for (const b of viewSwitch.querySelectorAll('button'))
      b.setAttribute('aria-checked', String(b.dataset.view === c.view));
    focusBar.hidden = !c.focus;
    if (c.focus) {
      focusBar.querySelector('.cm-focus-name').textContent = c.index.label(c.focus.idx);
      for (const b of focusBar.querySelectorAll('[data-depth]')) {
        b.setAttribute('aria-checked', String(Number(b.dataset.depth) === c.focus.depth));
      }
    }
    message.hidden = elements.nodes.length > 0;
    message.textContent = c.index.n ? 'Nothing to show with these filters.' : 'The input has no items.';
    note.textContent =
      `${elements.nodes.length} nodes · ${elements.edges.length} edges` +
      (elements.info.collapsed ? ' · double-click a module to open it' : '');
  }

  restyle() {
    this.controller.canvas.restyle();
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
    { class: 'cm-focus-bar strip small', hidden: true },
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
  const details = h('div', { class: 'details panel-column cm-details' });
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
    h('div', { class: 'cm-toolbar strip' }, viewSwitch, fit, status),
    h('div', { class: 'cm-body' }, input, stage, side),
  );
  shadow.append(root);
  return { root, viewSwitch, fit, status, focusBar, cy, message, note, details, closeDetails, side, input };
}
