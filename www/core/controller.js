// The view controller: one graph on one canvas, and what the reader does with it:
// switch views and layouts, filter, expand and collapse modules, reveal a node,
// focus on a neighbourhood, select. The app and each <cratemap-graph> drive one;
// they differ only in the chrome they draw around it, which the hooks update.

import { DetailsPanel } from './details.js';
import { defaultFilters, filtersFor } from './filters.js';
import { VIEWS } from './kinds.generated.js';
import { GraphIndex } from './model.js';
import { GraphCanvas } from './render.js';
import { applyChanges, describePlan, planReveal } from './reveal.js';
import {
  autoLayout,
  defaultExpansion,
  EXT_GROUP,
  flatten,
  fullExpansion,
  layoutElements,
  prepareView,
} from './view.js';

/** The view a graph opens in. */
const [OVERVIEW] = Object.keys(VIEWS);

export class ViewController {
  /**
   * `canvas`: the element Cytoscape draws in; `details`: the details panel's element.
   * `themeRoot`: where the canvas reads its colours (see render.js).
   * `focusDefaults`: depth and direction of a new focus.
   * Hooks, all optional:
   * - `insets()`: how far overlays reach into the canvas, for fits;
   * - `beforeDraw(elements)`: chrome that changes the canvas's free area (focus bar, legend, note);
   * - `afterDraw(elements)`: the rest of the chrome;
   * - `onSelect(idx, { explicit })`: the selection changed (null: none); `explicit` when the
   *   reader picked the node, not when a toggle or a focus kept it selected;
   * - `onView(view)`: the view changed;
   * - `onFocusDropped(idx)`: a focus was dropped because its node is not in the view;
   * - `onRevealSource(file, span)`: the details panel's location link;
   * - `onBusy(delta)`: +1 when drawing starts, -1 when it ends.
   */
  constructor({ canvas, details, themeRoot, focusDefaults = { depth: 1, dir: 'both' }, ...hooks }) {
    this.hooks = hooks;
    this.focusDefaults = focusDefaults;
    this.graph = null;
    this.index = null;
    /** Source texts by path, for snippets. */
    this.sources = new Map();
    this.view = OVERVIEW;
    this.layout = 'auto';
    this.filters = defaultFilters();
    /** View name -> Set of expanded node indices (and EXT_GROUP). */
    this.expandedByView = {};
    /** Expansions kept from the previous graph, added to each view's default. */
    this.carried = {};
    /** {idx, depth, dir} or null. */
    this.focus = null;
    this.selected = null;
    /** Why the selected node is not drawn and how to show it: {idx, reasons, actions, show}, or null. */
    this.notice = null;
    this.prep = null;
    this.timings = null;
    this.canvas = new GraphCanvas(
      canvas,
      {
        onSelect: (idx) => {
          if (idx === null || idx === undefined) this.select(null);
          else if (idx >= 0) this.select(idx);
        },
        onToggle: (idx) => this.toggle(idx),
        insets: hooks.insets,
      },
      { themeRoot },
    );
    this.details = new DetailsPanel(details, {
      onNavigate: (i) => this.reveal(i),
      onReveal: (file, span) => hooks.onRevealSource?.(file, span),
      onToggle: (i) => this.toggle(i),
      onFocus: (i) => this.setFocus(i),
    });
  }

  /**
   * Takes a new graph; `refresh` draws it. With `keepState`, the selection, focus and
   * expansions move to the same nodes in the new graph (matched by `GraphIndex.key`).
   * Returns whether there was a graph to carry them from.
   */
  load(graph, { sources = new Map(), keepState = false } = {}) {
    const old = this.index;
    const index = new GraphIndex(graph);
    const mapIdx = (i) => (old ? index.findByKey(old.key(i)) : -1);
    const selected = keepState && this.selected !== null ? mapIdx(this.selected) : -1;
    const focus = keepState && this.focus ? { ...this.focus, idx: mapIdx(this.focus.idx) } : null;
    const carried = {};
    if (keepState && old) {
      for (const [view, set] of Object.entries(this.expandedByView)) {
        const next = new Set();
        for (const i of set) {
          if (i === EXT_GROUP) next.add(i);
          else {
            const j = mapIdx(i);
            if (j >= 0) next.add(j);
          }
        }
        carried[view] = next;
      }
    }
    this.graph = graph;
    this.index = index;
    this.sources = sources;
    this.expandedByView = {};
    this.carried = carried;
    this.selected = selected >= 0 ? selected : null;
    this.focus = focus && focus.idx >= 0 ? focus : null;
    this.notice = null;
    return keepState && old !== null;
  }

  /** Forgets the graph: an empty canvas and details panel. */
  clear() {
    Object.assign(this, {
      graph: null,
      index: null,
      prep: null,
      selected: null,
      focus: null,
      notice: null,
      expandedByView: {},
      carried: {},
    });
    this.canvas.cy.elements().remove();
    this.details.showEmpty();
  }

  /** The current view's expanded modules: its default expansion at first. */
  expanded() {
    if (!this.expandedByView[this.view]) {
      const set = defaultExpansion(this.prep);
      for (const i of this.carried[this.view] || []) set.add(i);
      this.expandedByView[this.view] = set;
    }
    return this.expandedByView[this.view];
  }

  /**
   * Rebuilds and redraws the view. `center`: an element id or node index to center on
   * instead of fitting; `frame`: what a fit shows when the view is too big to read
   * whole (by default the focus, else the selection).
   */
  async refresh({ fit = true, center = null, frame = null } = {}) {
    if (!this.index) return;
    this.hooks.onBusy?.(+1);
    try {
      const tm = { t0: performance.now() };
      this.prep = prepareView(this.index, this.view, filtersFor(this.filters, this.view));
      tm.prepare = performance.now() - tm.t0;
      const { shown, lift } = this.prep;
      if (this.focus && !shown[lift[this.focus.idx]] && !shown[this.focus.idx]) {
        const idx = this.focus.idx;
        this.focus = null;
        this.hooks.onFocusDropped?.(idx);
      }
      let elements = layoutElements(this.prep, { expanded: this.expanded(), focus: this.focus });
      const layout =
        this.layout === 'auto' ? autoLayout(VIEWS[this.view].layout, elements, { focus: this.focus }) : this.layout;
      if (layout === 'hierarchical') elements = flatten(elements);
      tm.elements = performance.now() - tm.t0;
      this.hooks.beforeDraw?.(elements);
      await this.canvas.show(elements, {
        layout,
        keepViewport: !fit && !center,
        fitTo: center,
        frame: frame ?? this.focus?.idx ?? this.selected,
      });
      tm.shown = performance.now() - tm.t0;
      if (this.selected !== null) this.canvas.select(this.selected);
      // The reader showed the hidden node some other way (the filters panel): the notice is void.
      if (this.notice && shown[this.notice.idx]) {
        this.notice = null;
        this.showDetails();
      }
      this.hooks.afterDraw?.(elements);
      tm.panels = performance.now() - tm.t0;
      this.timings = tm;
    } finally {
      this.hooks.onBusy?.(-1);
    }
  }

  /** Switches the view; `draw: false` only records it (a graph is about to arrive). */
  setView(view, { draw = true } = {}) {
    if (!VIEWS[view] || view === this.view) return;
    this.view = view;
    this.hooks.onView?.(view);
    if (draw) return this.refresh({ fit: true });
  }

  setLayout(layout) {
    this.layout = layout;
    return this.refresh({ fit: true });
  }

  isCollapsible(idx) {
    return this.index.node(idx).kind === 'module' && this.prep.weight[idx] > 0;
  }

  /** Selects a node (null: none) and shows its details. */
  select(idx) {
    this.selected = idx ?? null;
    if (this.notice && this.notice.idx !== this.selected) this.notice = null;
    this.canvas.select(this.selected);
    this.showDetails({ explicit: true });
  }

  /** Shows the selection's details (see the `onSelect` hook for `explicit`). */
  showDetails({ explicit = false } = {}) {
    const idx = this.selected;
    if (idx === null || !this.index) this.details.showEmpty();
    else {
      this.details.show(idx, {
        index: this.index,
        sources: this.sources,
        isCollapsible: !this.focus && this.isCollapsible(idx),
        isExpanded: this.expanded().has(idx),
        notice: this.notice?.idx === idx ? this.notice : null,
      });
    }
    this.hooks.onSelect?.(idx, { explicit });
  }

  /** Expands or collapses a module (or the externals group, -2) and keeps it selected. */
  async toggle(idx) {
    if (!this.index || this.focus) return;
    const key = idx === -2 ? EXT_GROUP : idx;
    if (idx !== -2 && !this.isCollapsible(idx)) return;
    const expanded = this.expanded();
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    await this.refresh({ fit: true, frame: key });
    if (idx >= 0) {
      this.selected = idx;
      this.canvas.select(idx);
      this.showDetails();
    }
  }

  /** Opens every module (as far as MAX_DISPLAYED allows) or closes them all. Resolves with whether it stopped short. */
  async expandAll(all) {
    if (!this.index) return false;
    this.focus = null;
    let truncated = false;
    if (all) {
      const full = fullExpansion(this.prep);
      this.expandedByView[this.view] = full.expanded;
      truncated = full.truncated;
    } else {
      this.expandedByView[this.view] = new Set();
    }
    await this.refresh({ fit: true });
    return truncated;
  }

  #newFocus(idx) {
    return {
      idx,
      depth: this.focus?.depth || this.focusDefaults.depth,
      dir: this.focus?.dir || this.focusDefaults.dir,
    };
  }

  /**
   * Brings a node on screen: a view where it takes part (with `focus`, the view that
   * answers questions about its kind), its modules expanded, selected; with `focus`,
   * its neighbourhood. When that needs a filter or a view the reader did not ask for
   * (`planReveal`), the node is only selected, and the details panel says why it is
   * hidden with a "Show it" button that makes exactly those changes.
   */
  async reveal(idx, { focus = false } = {}) {
    if (!this.index) return;
    const plan = planReveal(this.index, this.filters, this.view, idx, { focus });
    if (plan.represent === undefined && plan.view && !plan.ask) return this.#show(idx, plan, { focus });
    const { reasons, actions } = describePlan(this.index, this.view, idx, plan);
    const canShow = plan.represent !== undefined || plan.view;
    this.notice = { idx, reasons, actions, show: canShow ? () => this.#show(idx, plan, { focus }) : null };
    this.select(idx);
  }

  /** Carries out a reveal's plan: its filter changes and view, then the node framed and selected. */
  async #show(idx, plan, { focus }) {
    this.notice = null;
    if (plan.represent !== undefined) return this.reveal(plan.represent, { focus });
    const node = this.index.node(idx);
    applyChanges(this.filters, plan);
    if (plan.view !== this.view) this.setView(plan.view, { draw: false });
    this.prep = prepareView(this.index, this.view, filtersFor(this.filters, this.view));
    const expanded = this.expanded();
    for (const a of this.index.ancestors(idx)) if (this.index.node(a).kind === 'module') expanded.add(a);
    if (node.kind === 'external') expanded.add(EXT_GROUP);
    this.selected = idx;
    if (focus) this.focus = this.#newFocus(idx);
    await this.refresh({ fit: !!focus, center: focus ? null : idx });
    if (!focus) this.canvas.centerOn(idx);
    this.select(idx);
  }

  /** Shows the neighbourhood of a node (depth and direction as the last focus had them). */
  async setFocus(idx) {
    if (idx === null || idx < 0) return;
    this.focus = this.#newFocus(idx);
    this.selected = idx;
    await this.refresh({ fit: true });
    this.canvas.select(idx);
    this.showDetails();
  }

  /** Changes the focus's depth (1-3) or direction (in, out, both). */
  setFocusShape({ depth = this.focus?.depth, dir = this.focus?.dir }) {
    if (!this.focus) return;
    Object.assign(this.focus, { depth, dir });
    return this.refresh({ fit: true });
  }

  /** Leaves focus mode, revealing the node that was in focus. Returns whether there was a focus. */
  clearFocus() {
    if (!this.focus) return false;
    const idx = this.focus.idx;
    this.focus = null;
    this.reveal(idx);
    return true;
  }
}
