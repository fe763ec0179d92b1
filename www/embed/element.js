// <cratemap-graph>: an interactive cratemap graph for documentation pages.
//
//   <script type="module" src="cratemap-graph.js"></script>
//   <cratemap-graph src="graph.json" view="types" focus="my_crate::Parser" depth="2"></cratemap-graph>
//
// Where the graph comes from, first match wins:
//   src="graph.json"                    a precomputed graph (`cratemap analyze`); no wasm at all
//   <script type="application/json">    the same, inline (what `cratemap export --format html` writes),
//                                       with the sources for snippets in a second one marked `data-sources`
//   crate-src="my-crate.crate|.zip"     an archive, analyzed live by the wasm engine
//   <script type="text/rust" path=...>  inline sources, analyzed live
// Everything renders inside a shadow root, so the page's styles and the graph's
// never meet. Live analysis needs no special headers: without cross-origin
// isolation the engine runs its single-threaded build.

import { h, clear } from '../core/dom.js';
import { GraphViewer, buildParts } from './viewer.js';
import { OBSERVED, SOURCE_ATTRIBUTES, readOptions } from './options.js';
import themeCss from '../core/theme.css?inline';
import detailsCss from '../core/details.css?inline';
import embedCss from './embed.css?inline';

const REANALYZE_DELAY = 700;
/** Graph texts by absolute URL: embeds of one graph on a page fetch it once. */
const fetched = new Map();

function fetchGraphText(url, signal) {
  if (!fetched.has(url)) {
    const text = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.text();
    });
    fetched.set(url, text);
    // A failed fetch is not kept: the next try goes to the network again.
    text.catch(() => fetched.delete(url));
  }
  // Each embed may give up on its own; the shared fetch goes on for the others.
  return Promise.race([
    fetched.get(url),
    new Promise((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    }),
  ]);
}
// The shared theme is written for a whole page (`:root`); inside the shadow root
// the same variables hang off the viewer's root element instead.
const SHADOW_CSS = themeCss.replaceAll(':root', '.cm-root') + detailsCss + embedCss;

/** `{"files": [{path, text}]}` (as `cratemap export --sources` writes it) to [{path, bytes}]. */
function sourcesFromJson(json) {
  const enc = new TextEncoder();
  return (Array.isArray(json?.files) ? json.files : [])
    .filter((f) => typeof f?.path === 'string' && typeof f?.text === 'string')
    .map((f) => ({ path: f.path, bytes: enc.encode(f.text) }));
}

/**
 * Registers the element. `loadLive` imports the live-analysis module (live.js),
 * or is null in the engine-less viewer that `cratemap export` inlines.
 */
export function defineCratemapGraph({ loadLive }) {
  if (customElements.get('cratemap-graph')) return;

  class CratemapGraph extends HTMLElement {
    static observedAttributes = OBSERVED;

    #parts = null;
    #viewer = null;
    #graph = null;
    #files = [];
    #options = null;
    #loading = null;
    #abort = null;
    #timer = null;
    #darkQuery = null;
    /** The last live analysis: {ms, engine}. */
    #analyzed = null;
    #ready;
    #settle;

    constructor() {
      super();
      this.#ready = new Promise((resolve, reject) => {
        this.#settle = { resolve, reject };
      });
      this.#ready.catch(() => {});
    }

    /** Settles when the first graph is on screen (rejects if it cannot be shown). */
    get ready() {
      return this.#ready;
    }
    /** The graph shown (contract `cratemap/graph@1`), or null. */
    get graph() {
      return this.#graph;
    }
    /** Milliseconds the last draw took: {add, layout}, for benchmarks. */
    get timings() {
      return this.#viewer?.controller.canvas.timings ?? null;
    }
    /** The Cytoscape instance, for scripts and tests. */
    get cy() {
      return this.#viewer?.controller.canvas.cy ?? null;
    }
    /** The viewer's state: view, focus and selection, as paths. */
    get state() {
      const v = this.#viewer?.controller;
      if (!v?.index) return null;
      const path = (i) => (i === null || i === undefined ? null : v.index.node(i).path);
      return { view: v.view, focus: v.focus ? path(v.focus.idx) : null, selected: path(v.selected) };
    }

    connectedCallback() {
      if (this.#parts) return;
      const shadow = this.attachShadow({ mode: 'open' });
      this.#parts = buildParts(shadow, SHADOW_CSS);
      this.#viewer = new GraphViewer(this.#parts);
      this.#darkQuery = matchMedia('(prefers-color-scheme: dark)');
      this.#darkQuery.addEventListener('change', () => this.#applyLook());
      // Inline <script> children are parsed after the element itself: wait for them.
      if (document.readyState === 'loading')
        document.addEventListener('DOMContentLoaded', () => this.#load(), { once: true });
      else queueMicrotask(() => this.#load());
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (!this.#parts || oldValue === newValue || !this.#loading) return;
      if (SOURCE_ATTRIBUTES.has(name)) this.#load();
      else this.#loading = this.#loading.then(() => this.#rerender());
    }

    /** After an attribute change: the same graph, shown with the new options. */
    async #rerender() {
      if (!this.#graph) return;
      try {
        await this.#render({ keepState: true });
        this.#buildInput();
      } catch (error) {
        this.#status(error.message || String(error), 'error');
      }
    }

    #status(text, kind = '') {
      const el = this.#parts.status;
      el.textContent = text;
      el.classList.toggle('cm-error', kind === 'error');
    }

    #applyLook() {
      const { theme, height } = readOptions(this);
      const dark = theme === 'dark' || (theme === 'auto' && this.#darkQuery.matches);
      this.#parts.root.dataset.theme = dark ? 'dark' : 'light';
      this.style.setProperty('--cratemap-height', height);
      this.#viewer.restyle();
    }

    #load() {
      this.#abort?.abort();
      const abort = new AbortController();
      this.#abort = abort;
      this.#loading = this.#fetchAndShow(abort.signal).then(
        () => this.#settle.resolve(this),
        (error) => {
          if (abort.signal.aborted) return;
          this.#status(error.message || String(error), 'error');
          this.#settle.reject(error);
          this.dispatchEvent(new CustomEvent('cratemap-error', { detail: { message: error.message } }));
        },
      );
      return this.#loading;
    }

    async #fetchAndShow(signal) {
      this.#applyLook();
      this.#status('Loading…');
      const src = this.getAttribute('src');
      const crateSrc = this.getAttribute('crate-src');
      const inlineGraph = this.querySelector(':scope > script[type="application/json"]:not([data-sources])');
      const inlineSources = this.querySelector(':scope > script[type="application/json"][data-sources]');
      const rustScripts = [...this.querySelectorAll(':scope > script[type="text/rust"]')];
      this.#files = [];
      this.#analyzed = null;
      if (src) {
        const text = await fetchGraphText(new URL(src, document.baseURI).href, signal);
        try {
          this.#graph = JSON.parse(text);
        } catch (error) {
          throw new Error(`${src} is not JSON (${error.message})`);
        }
      } else if (inlineGraph) {
        this.#graph = JSON.parse(inlineGraph.textContent);
        if (inlineSources) this.#files = sourcesFromJson(JSON.parse(inlineSources.textContent));
      } else if (crateSrc || rustScripts.length) {
        const live = await this.#live();
        this.#status(crateSrc ? `Fetching ${crateSrc}…` : 'Analyzing…');
        this.#files = crateSrc
          ? await live.fetchArchive(new URL(crateSrc, document.baseURI).href, { signal })
          : live.inlineFiles(rustScripts);
        await this.#analyze(live, signal);
      } else {
        throw new Error(
          'Nothing to show: give src="graph.json", crate-src="crate.zip" or a <script type="text/rust"> child.',
        );
      }
      signal.throwIfAborted();
      await this.#render({ keepState: false });
      this.#buildInput();
    }

    async #live() {
      if (!loadLive)
        throw new Error('This viewer shows precomputed graphs only (it was built without the analysis engine).');
      return loadLive();
    }

    async #analyze(live, signal) {
      const started = performance.now();
      this.#status('Analyzing…');
      const { graph, engine } = await live.analyzeFiles(this.#files, { signal });
      this.#graph = graph;
      this.#analyzed = { ms: performance.now() - started, engine };
    }

    async #render({ keepState }) {
      this.#options = readOptions(this);
      this.#applyLook();
      const sources = new Map(this.#files.map((f) => [f.path, f.bytes]));
      await this.#viewer.show(this.#graph, sources, this.#options, { keepState });
      const g = this.#graph;
      const errors = (g.diagnostics || []).filter((d) => d.severity === 'error').length;
      const parts = [`${g.nodes.length} nodes, ${g.edges.length} edges`];
      if (this.#analyzed) parts.push(`analyzed in ${this.#analyzed.ms.toFixed(0)} ms (${this.#analyzed.engine.mode})`);
      if (errors) parts.push(`${errors} parse error${errors === 1 ? '' : 's'}`);
      const warnings = [...this.#options.problems, ...this.#viewer.warnings];
      if (warnings.length) parts.push(`ignored: ${warnings.join('; ')}`);
      this.#status(parts.join(' · '), warnings.length ? 'error' : '');
      this.dispatchEvent(
        new CustomEvent('cratemap-ready', { detail: { nodes: g.nodes.length, edges: g.edges.length } }),
      );
    }

    /** The input panel: the live sources, editable; edits re-analyze. Absent in read-only mode. */
    #buildInput() {
      const panel = clear(this.#parts.input);
      panel.hidden = this.#options.readonly || !this.#files.length || !loadLive;
      if (panel.hidden) return;
      const select = h(
        'select',
        { class: 'cm-file', 'aria-label': 'File' },
        this.#files.map((f) => h('option', { value: f.path, text: f.path })),
      );
      const area = h('textarea', { class: 'cm-code', spellcheck: 'false', 'aria-label': 'Rust source' });
      const dec = new TextDecoder();
      const open = () => {
        area.value = dec.decode(this.#files.find((f) => f.path === select.value)?.bytes ?? new Uint8Array());
      };
      select.addEventListener('change', open);
      area.addEventListener('input', () => {
        const file = this.#files.find((f) => f.path === select.value);
        if (!file) return;
        file.bytes = new TextEncoder().encode(area.value);
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.#reanalyze(), REANALYZE_DELAY);
      });
      panel.append(select, area);
      open();
    }

    async #reanalyze() {
      this.#abort?.abort();
      const abort = new AbortController();
      this.#abort = abort;
      try {
        await this.#analyze(await this.#live(), abort.signal);
        await this.#render({ keepState: true });
      } catch (error) {
        if (!abort.signal.aborted) this.#status(error.message || String(error), 'error');
      }
    }

    disconnectedCallback() {
      // A load in flight finishes (the element may be moved, not removed);
      // only a pending re-analysis of an edit is dropped.
      clearTimeout(this.#timer);
    }
  }

  customElements.define('cratemap-graph', CratemapGraph);
}
