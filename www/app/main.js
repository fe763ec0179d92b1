// cratemap web app: wires input, engine, views and panels together.

import './theme.css';
import { h, $, clear, formatBytes } from './dom.js';
import * as engine from './engine.js';
import { EXAMPLES, DEFAULT_EXAMPLE, exampleFiles } from './examples.js';
import { SourceEditor } from './input/editor.js';
import { collectInput, entriesFromFileList, entriesFromDataTransfer } from './input/files.js';
import { normalizePath, keepSourcePath } from './input/paths.js';
import { GraphIndex } from './graph/model.js';
import {
  prepareView,
  defaultExpansion,
  fullExpansion,
  layoutElements,
  autoLayout,
  flatten,
  EXT_GROUP,
  MAX_DISPLAYED,
} from './graph/view.js';
import { GraphCanvas, boxChildren } from './graph/render.js';
import { VIEWS, KIND_STYLE, EDGE_STYLE } from './graph/kinds.js';
import { DetailsPanel } from './panels/details.js';
import { DiagnosticsPanel } from './panels/diagnostics.js';
import { StatsPanel } from './panels/stats.js';
import { FiltersPanel, defaultFilters, filtersFor } from './panels/filters.js';
import { Search } from './panels/search.js';
import { toSvg } from './export/svg.js';
import { toDot } from './export/dot.js';
import { download, baseName } from './export/download.js';
import { encodeShare, decodeShare } from './share.js';
import { isServed, loadServed, watchServed } from './served.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const REANALYZE_DELAY = 700;

const state = {
  files: [],
  sources: new Map(),
  currentFile: null,
  graph: null,
  index: null,
  view: 'modules',
  layout: 'auto',
  filters: defaultFilters(),
  expanded: {}, // view -> Set of node indices (and EXT_GROUP)
  carried: {}, // expansions kept from the previous analysis of the same input
  focus: null, // {idx, depth, dir}
  selected: null,
  prep: null,
  controller: null,
  run: {},
  busy: 0,
  generation: 0,
  problems: [],
};

let canvas, editor, details, diagnostics, stats, filtersPanel, search;
let reanalyzeTimer = null;
const idleWaiters = [];

// ---------------------------------------------------------------- status, banner, progress

function setStatus(text, kind = '') {
  const el = $('#status');
  el.textContent = text;
  el.className = `status${kind ? ` ${kind}` : ''}`;
}

function showBanner(message, kind = 'error') {
  const b = $('#banner');
  b.className = `banner${kind === 'info' ? ' info' : ''}`;
  $('.banner-text', b).textContent = message;
  b.hidden = false;
}

function hideBanner() {
  $('#banner').hidden = true;
}

let toastTimer = null;
function toast(message) {
  const t = $('#toast');
  t.textContent = message;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    t.hidden = true;
  }, 2600);
}

function progress(p) {
  const bar = $('#progress');
  if (p === null) {
    bar.hidden = true;
    bar.classList.remove('indeterminate');
    return;
  }
  bar.hidden = false;
  const fill = $('.progress-fill', bar);
  if (p === undefined || !Number.isFinite(p)) {
    bar.classList.add('indeterminate');
    fill.style.width = '';
    bar.removeAttribute('aria-valuenow');
  } else {
    bar.classList.remove('indeterminate');
    fill.style.width = `${Math.round(p * 100)}%`;
    bar.setAttribute('aria-valuenow', String(Math.round(p * 100)));
  }
}

function busy(delta) {
  state.busy += delta;
  if (state.busy <= 0) {
    state.busy = 0;
    while (idleWaiters.length) idleWaiters.shift()();
  }
}

// ---------------------------------------------------------------- workspace (the input files)

function setFiles(files, { label, keepEditor = false } = {}) {
  state.files = files;
  state.sources = new Map(files.map((f) => [f.path, f.bytes]));
  const select = $('#file-select');
  clear(select);
  for (const f of files) select.appendChild(h('option', { value: f.path, text: f.path }));
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  $('#file-count').textContent = files.length
    ? `${files.length} file${files.length === 1 ? '' : 's'} · ${formatBytes(total)}`
    : '';
  if (!keepEditor) {
    const preferred =
      ['src/lib.rs', 'src/main.rs'].find((p) => state.sources.has(p)) ||
      files.find((f) => f.path.endsWith('.rs'))?.path ||
      files[0]?.path;
    openInEditor(preferred || null);
  }
  if (label) setStatus(label);
}

function openInEditor(path) {
  state.currentFile = path;
  const select = $('#file-select');
  if (path) select.value = path;
  const bytes = path ? state.sources.get(path) : null;
  editor.setText(bytes ? dec.decode(bytes) : '');
}

function onEditorChange(text) {
  if (!state.currentFile) {
    // Typing into an empty workspace starts a pasted single-file crate.
    state.currentFile = 'src/lib.rs';
    state.files = [{ path: 'src/lib.rs', bytes: enc.encode(text) }];
    setFiles(state.files, { keepEditor: true });
    $('#file-select').value = 'src/lib.rs';
  }
  const bytes = enc.encode(text);
  state.sources.set(state.currentFile, bytes);
  const f = state.files.find((x) => x.path === state.currentFile);
  if (f) f.bytes = bytes;
  clearTimeout(reanalyzeTimer);
  reanalyzeTimer = setTimeout(() => analyze({ reason: 'edit' }), REANALYZE_DELAY);
}

// ---------------------------------------------------------------- analysis

async function analyze({ reason = 'click' } = {}) {
  clearTimeout(reanalyzeTimer);
  if (!state.files.length) {
    setStatus('Nothing to analyze: paste code or open files.');
    return;
  }
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  const gen = ++state.generation;
  let t0 = performance.now();
  busy(+1);
  $('#analyze-button').disabled = true;
  progress(undefined);
  const total = state.files.reduce((n, f) => n + f.bytes.length, 0);
  setStatus(`Analyzing ${state.files.length} file${state.files.length === 1 ? '' : 's'} (${formatBytes(total)})…`);
  try {
    if (!engine.info()) {
      // The first run waits for the engine; its start-up is not analysis time.
      setStatus('Starting the analysis engine…');
      await engine.warmUp();
      if (gen !== state.generation) return;
      setStatus(`Analyzing ${state.files.length} file${state.files.length === 1 ? '' : 's'} (${formatBytes(total)})…`);
      t0 = performance.now();
    }
    // Copies: the engine may transfer the buffers to its worker.
    const input = state.files.map((f) => ({ path: f.path, bytes: f.bytes.slice() }));
    const graph = await engine.analyze(input, {
      signal: controller.signal,
      onProgress: ({ phase, done, total: all } = {}) => {
        if (gen !== state.generation) return;
        progress(all ? done / all : undefined);
        if (phase) setStatus(`Analyzing: ${phase}${all ? ` ${done}/${all}` : ''}…`);
      },
    });
    if (gen !== state.generation) return;
    const wallMs = performance.now() - t0;
    hideBanner();
    await setGraph(graph, { source: 'engine', wallMs, t0, keepState: reason === 'edit' });
  } catch (err) {
    if (gen !== state.generation) return;
    if (err && err.name === 'AbortError') {
      setStatus('Analysis cancelled.');
      return;
    }
    console.error(err);
    const msg = err?.crashed
      ? `${err.message}\nThe analysis worker stopped. Press Analyze to run again; a fresh worker will be started.`
      : err?.message || String(err);
    showBanner(msg);
    setStatus('Analysis failed.', 'error');
  } finally {
    if (gen === state.generation) {
      progress(null);
      $('#analyze-button').disabled = false;
      state.controller = null;
    }
    busy(-1);
  }
}

/** Shows a graph: from the engine or from a graph JSON file. */
async function setGraph(graph, { source, wallMs = 0, t0 = performance.now(), keepState = false } = {}) {
  busy(+1);
  try {
    const old = state.index;
    const index = new GraphIndex(graph);
    // Carry selection, focus and expansions over when the same nodes still exist.
    const mapIdx = (i) => (old ? index.findByKey(old.key(i)) : -1);
    const selected = keepState && state.selected !== null ? mapIdx(state.selected) : -1;
    const focus = keepState && state.focus ? { ...state.focus, idx: mapIdx(state.focus.idx) } : null;
    const expanded = {};
    if (keepState && old) {
      for (const [view, set] of Object.entries(state.expanded)) {
        const next = new Set();
        for (const i of set) {
          if (i === EXT_GROUP) next.add(i);
          else {
            const j = mapIdx(i);
            if (j >= 0) next.add(j);
          }
        }
        expanded[view] = next;
      }
    }
    state.graph = graph;
    state.index = index;
    // Carried expansions are added to the new default, not used instead of it.
    state.expanded = {};
    state.carried = expanded;
    state.selected = selected >= 0 ? selected : null;
    state.focus = focus && focus.idx >= 0 ? focus : null;
    state.run = { source, wallMs, engine: source === 'engine' ? engine.info() : null };
    search.setIndex(index);
    diagnostics.show(graph, state.problems);
    await refresh({ fit: !keepState || !old }); // a first graph (after New) is fitted too
    state.run.renderMs = performance.now() - t0;
    stats.show(graph, state.run);
    updateEngineInfo();
    const s = graph.stats || {};
    const errs = graph.diagnostics.filter((d) => d.severity === 'error').length;
    const files = s.files ?? graph.files.length;
    setStatus(
      `${graph.nodes.length.toLocaleString('en-US')} nodes, ${graph.edges.length.toLocaleString('en-US')} edges from ${files} file${files === 1 ? '' : 's'}` +
        (wallMs ? ` in ${wallMs.toFixed(0)} ms` : '') +
        (errs ? ` · ${errs} error${errs === 1 ? '' : 's'} (see Diagnostics)` : ''),
    );
    if (state.selected !== null) showDetails(state.selected);
    else details.showEmpty();
  } finally {
    busy(-1);
  }
}

// ---------------------------------------------------------------- views

function currentExpanded() {
  if (!state.expanded[state.view]) {
    const set = defaultExpansion(state.prep);
    for (const i of state.carried?.[state.view] || []) set.add(i);
    state.expanded[state.view] = set;
  }
  return state.expanded[state.view];
}

function layoutFor(elements) {
  return state.layout === 'auto'
    ? autoLayout(VIEWS[state.view].layout, elements, { focus: state.focus })
    : state.layout;
}

async function refresh({ fit = true, center = null } = {}) {
  if (!state.index) return;
  busy(+1);
  try {
    const tm = { t0: performance.now() };
    state.prep = prepareView(state.index, state.view, filtersFor(state.filters, state.view));
    tm.prepare = performance.now() - tm.t0;
    if (state.focus && !state.prep.shown[state.prep.lift[state.focus.idx]] && !state.prep.shown[state.focus.idx])
      state.focus = null;
    let elements = layoutElements(state.prep, { expanded: currentExpanded(), focus: state.focus });
    const layout = layoutFor(elements);
    if (layout === 'hierarchical') elements = flatten(elements);
    tm.elements = performance.now() - tm.t0;
    // The bars and overlays first: they decide the canvas's free area for the fit.
    updateFocusBar();
    updateLegend(elements);
    updateNote(elements);
    await canvas.show(elements, { layout, keepViewport: !fit && !center, fitTo: center });
    tm.shown = performance.now() - tm.t0;
    if (state.selected !== null) canvas.select(state.selected);
    filtersPanel.render(state.filters, state.view, state.index);
    tm.panels = performance.now() - tm.t0;
    state.timings = tm;
    $('#stage-message').hidden = elements.nodes.length > 0;
    if (!elements.nodes.length)
      $('#stage-message').textContent = state.index.n
        ? 'Nothing to show with the current filters.'
        : 'The input has no items.';
  } finally {
    busy(-1);
  }
}

function updateNote({ nodes, edges, info }) {
  const parts = [];
  parts.push(`${nodes.length.toLocaleString('en-US')} nodes · ${edges.length.toLocaleString('en-US')} edges shown`);
  if (info.collapsed)
    parts.push(`${info.collapsed} collapsed module${info.collapsed === 1 ? '' : 's'} (double-click to expand)`);
  if (info.truncated) parts.push('neighbourhood truncated');
  if (info.weakHidden) parts.push(`${info.weakHidden} weaker module links hidden`);
  $('#view-note').textContent = parts.join(' · ');
}

function updateLegend({ nodes, edges }) {
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
  legend.hidden = !legend.childNodes.length;
}

/** How far the overlays on the canvas reach into it, in pixels from each side. */
function overlayInsets() {
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

function setView(view) {
  if (!VIEWS[view] || view === state.view) return;
  state.view = view;
  for (const b of document.querySelectorAll('#view-switch button'))
    b.setAttribute('aria-checked', String(b.dataset.view === view));
  refresh({ fit: true });
}

function isCollapsible(idx) {
  const node = state.index.node(idx);
  return node.kind === 'module' && state.prep.weight[idx] > 0;
}

async function toggle(idx) {
  if (!state.index || state.focus) return;
  const expanded = currentExpanded();
  const key = idx === -2 ? EXT_GROUP : idx;
  if (idx !== -2 && !isCollapsible(idx)) return;
  if (expanded.has(key)) expanded.delete(key);
  else expanded.add(key);
  await refresh({ fit: false, center: idx === -2 ? EXT_GROUP : idx });
  if (idx >= 0) {
    state.selected = idx;
    canvas.select(idx);
    showDetails(idx);
  }
}

async function expandAll(all) {
  if (!state.index) return;
  state.focus = null;
  if (all) {
    const { expanded, truncated } = fullExpansion(state.prep);
    state.expanded[state.view] = expanded;
    if (truncated) toast(`Expanded as far as ${MAX_DISPLAYED.toLocaleString('en-US')} nodes allow.`);
  } else {
    state.expanded[state.view] = new Set();
  }
  await refresh({ fit: true });
}

// ---------------------------------------------------------------- selection, focus, details

function showDetails(idx) {
  if (idx === null || idx < 0 || !state.index) {
    details.showEmpty();
    return;
  }
  const expanded = currentExpanded();
  details.show(idx, {
    index: state.index,
    sources: state.sources,
    isCollapsible: !state.focus && isCollapsible(idx),
    isExpanded: expanded.has(idx),
  });
}

function select(idx) {
  state.selected = idx;
  if (idx === null || idx < 0) {
    details.showEmpty();
    return;
  }
  selectTab('details');
  showDetails(idx);
}

/** Brings a node on screen: a view where it takes part, its modules expanded, selected. */
async function reveal(idx, { focus = false } = {}) {
  if (!state.index) return;
  const node = state.index.node(idx);
  const inView = (view) => prepareView(state.index, view, filtersFor(state.filters, view)).shown[idx];
  // Focusing picks the view that answers questions about this kind of node.
  const natural = {
    function: 'calls',
    method: 'calls',
    macro: 'calls',
    struct: 'types',
    enum: 'types',
    union: 'types',
    trait: 'types',
    impl: 'types',
    type_alias: 'types',
  }[node.kind];
  if (focus && natural && natural !== state.view && inView(natural)) setViewSilently(natural);
  else if (!state.prep.shown[idx]) {
    const candidates = ['modules', 'types', 'calls'].filter((v) => v !== state.view);
    const other = candidates.find(inView);
    if (other) setViewSilently(other);
    else if (!state.filters.perView[state.view].nodeKinds.has(node.kind)) {
      state.filters.perView[state.view].nodeKinds.add(node.kind);
      if (node.kind === 'external') state.filters.hideExternal = false;
    }
  }
  state.prep = prepareView(state.index, state.view, filtersFor(state.filters, state.view));
  const expanded = currentExpanded();
  for (const a of state.index.ancestors(idx)) if (state.index.node(a).kind === 'module') expanded.add(a);
  if (node.kind === 'external') expanded.add(EXT_GROUP);
  state.selected = idx;
  if (focus) state.focus = { idx, depth: state.focus?.depth || 1, dir: state.focus?.dir || 'both' };
  await refresh({ fit: !!focus, center: focus ? null : idx });
  canvas.select(idx);
  if (!focus) canvas.centerOn(idx);
  select(idx);
}

function setViewSilently(view) {
  state.view = view;
  for (const b of document.querySelectorAll('#view-switch button'))
    b.setAttribute('aria-checked', String(b.dataset.view === view));
}

function setFocus(idx) {
  if (idx === null || idx < 0) return;
  state.focus = { idx, depth: state.focus?.depth || 1, dir: state.focus?.dir || 'both' };
  state.selected = idx;
  refresh({ fit: true }).then(() => {
    canvas.select(idx);
    showDetails(idx);
  });
}

function clearFocus() {
  if (!state.focus) return false;
  const idx = state.focus.idx;
  state.focus = null;
  reveal(idx);
  return true;
}

function updateFocusBar() {
  const bar = $('#focus-bar');
  if (!state.focus) {
    bar.hidden = true;
    return;
  }
  bar.hidden = false;
  $('#focus-name').textContent = state.index.label(state.focus.idx);
  for (const b of document.querySelectorAll('#focus-depth button'))
    b.setAttribute('aria-checked', String(Number(b.dataset.depth) === state.focus.depth));
  for (const b of document.querySelectorAll('#focus-dir button'))
    b.setAttribute('aria-checked', String(b.dataset.dir === state.focus.dir));
}

function revealSource(file, span) {
  if (!state.sources.has(file)) {
    toast(`The source of ${file} is not loaded.`);
    return;
  }
  selectTab('source');
  if (state.currentFile !== file) openInEditor(file);
  const start = span?.start || [1, 0];
  const end = span?.end || start;
  editor.revealLines(start[0], end[0], start[1]);
}

// ---------------------------------------------------------------- tabs, menus, theme

function selectTab(name) {
  const tab = document.querySelector(`.tab[data-tab="${name}"]`);
  if (!tab) return;
  const bar = tab.parentElement;
  const side = bar.parentElement;
  for (const t of bar.querySelectorAll('.tab')) t.setAttribute('aria-selected', String(t === tab));
  for (const p of side.querySelectorAll('.tab-panel')) p.hidden = p.dataset.panel !== name;
}

function setupMenu(menuId, onPick) {
  const menu = document.getElementById(menuId);
  const button = $('button', menu);
  const list = $('.menu-list', menu);
  const close = () => {
    list.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('click', (e) => {
    e.stopPropagation();
    const open = list.hidden;
    document.querySelectorAll('.menu-list').forEach((l) => {
      l.hidden = true;
    });
    list.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  });
  list.addEventListener('click', (e) => {
    const item = e.target.closest('button');
    if (!item) return;
    close();
    onPick(item);
  });
  document.addEventListener('click', (e) => {
    if (!menu.contains(e.target)) close();
  });
  return close;
}

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem('cratemap-theme', theme);
  } catch {
    /* private mode */
  }
  canvas?.restyle();
  editor?.setDark(theme === 'dark');
}

function updateEngineInfo() {
  const i = engine.info();
  $('#engine-info').textContent = i
    ? `engine: ${i.mode}${i.threads ? `, ${i.threads} thread${i.threads === 1 ? '' : 's'}` : ''}${crossOriginIsolated ? '' : ' (page not cross-origin isolated)'}`
    : '';
}

// ---------------------------------------------------------------- input actions

async function loadEntries(entries) {
  if (!entries.length) return;
  try {
    setStatus('Reading input…');
    const { files, problems, graphText, name } = await collectInput(entries);
    if (graphText !== undefined) {
      await openGraphText(graphText, name);
      return;
    }
    state.problems = problems;
    $('#example-select').value = '';
    setFiles(files, { label: `Loaded ${files.length} files.` });
    await analyze();
  } catch (err) {
    console.error(err);
    showBanner(err.message || String(err));
    setStatus('Could not read the input.', 'error');
  }
}

async function openGraphText(text, name = 'graph.json') {
  let graph;
  try {
    graph = JSON.parse(text);
  } catch (err) {
    throw new Error(`${name} is not valid JSON (${err.message}).`);
  }
  state.controller?.abort();
  state.generation++;
  state.problems = [];
  // The sources are not in the JSON: the snippet and editor links are unavailable.
  setFiles([], {});
  $('#example-select').value = '';
  editor.setText(
    `// ${name}: a precomputed graph. Its source files are not included,\n// so source snippets are not available. Open or paste sources to analyze them here.\n`,
  );
  state.currentFile = null;
  hideBanner();
  await setGraph(graph, { source: 'json' });
}

function loadExample(id) {
  state.problems = [];
  $('#example-select').value = id;
  setFiles(exampleFiles(id), { label: 'Example loaded.' });
  return analyze();
}

/** Forgets the shown graph: the canvas and the panels go back to empty. */
function clearGraph(message) {
  state.controller?.abort();
  state.generation++;
  Object.assign(state, {
    graph: null,
    index: null,
    prep: null,
    selected: null,
    focus: null,
    expanded: {},
    carried: {},
  });
  canvas.cy.elements().remove();
  search.setIndex(null);
  diagnostics.show(null, state.problems);
  stats.show(null);
  details.showEmpty();
  updateFocusBar();
  clear($('#legend')).hidden = true;
  $('#view-note').textContent = '';
  $('#stage-message').textContent = message;
  $('#stage-message').hidden = false;
}

function newPaste() {
  state.problems = [];
  $('#example-select').value = '';
  state.files = [];
  setFiles([], {});
  state.currentFile = null;
  editor.setText('');
  clearGraph('Paste or type Rust code in the editor; the graph appears here.');
  selectTab('source');
  editor.focus();
  setStatus('Paste or type Rust code; it is analyzed as you go.');
}

// ---------------------------------------------------------------- exports and share

function exportAs(kind) {
  if (!state.graph) {
    toast('Nothing to export yet.');
    return;
  }
  const base = baseName(state.graph);
  const bg = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#ffffff';
  if (kind === 'json')
    download(new Blob([JSON.stringify(state.graph, null, 1)], { type: 'application/json' }), `${base}.graph.json`);
  else if (kind === 'svg')
    download(
      new Blob([toSvg(canvas.cy, { background: bg, title: `${base} — cratemap` })], { type: 'image/svg+xml' }),
      `${base}.${state.view}.svg`,
    );
  else if (kind === 'dot')
    download(new Blob([toDot(canvas.cy, { title: base })], { type: 'text/vnd.graphviz' }), `${base}.${state.view}.dot`);
  else if (kind === 'png') {
    const blob = canvas.cy.png({ output: 'blob', full: true, scale: 2, bg, maxWidth: 8000, maxHeight: 8000 });
    download(blob, `${base}.${state.view}.png`);
  }
}

async function share() {
  if (!state.files.length) {
    toast('Share links carry source; load or paste some first.');
    return;
  }
  try {
    const frag = encodeShare(state.files, {
      view: state.view,
      focus: state.selected !== null ? state.index?.node(state.selected)?.path : undefined,
    });
    const url = `${location.origin}${location.pathname}#${frag}`;
    history.replaceState(null, '', `#${frag}`);
    try {
      await navigator.clipboard.writeText(url);
      toast('Link copied to the clipboard.');
    } catch {
      showBanner(`Share this link (the source is inside it):\n${url}`, 'info');
    }
  } catch (err) {
    showBanner(err.message, 'info');
  }
}

function sharedFromHash() {
  if (!location.hash?.includes('src=')) return null;
  const shared = decodeShare(location.hash);
  if (!shared) return null;
  const files = [];
  for (const f of shared.files) {
    let p;
    try {
      p = normalizePath(f.path);
    } catch {
      continue;
    }
    if (p && keepSourcePath(p)) files.push({ path: p, bytes: f.bytes });
  }
  return { ...shared, files };
}

// ---------------------------------------------------------------- keyboard

function isTyping(e) {
  const t = e.composedPath ? e.composedPath()[0] : e.target;
  if (!t || !(t instanceof Element)) return false;
  return (
    t.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) ||
    !!t.closest?.('.cm-editor') ||
    e.target === $('#editor')
  );
}

function onKey(e) {
  if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
    e.preventDefault();
    analyze();
    return;
  }
  if (isTyping(e)) return;
  if (e.key === '/') {
    e.preventDefault();
    $('#search-input').focus();
    $('#search-input').select();
    return;
  }
  if (e.key === 'Escape') {
    document.querySelectorAll('.menu-list').forEach((l) => {
      l.hidden = true;
    });
    if (!clearFocus()) {
      state.selected = null;
      canvas.select(null);
      details.showEmpty();
    }
    return;
  }
  if (!state.index) return;
  if (e.key.startsWith('Arrow')) {
    const next = canvas.neighbourInDirection(e.key);
    if (next) {
      e.preventDefault();
      const idx = next.data('idx');
      canvas.select(idx);
      canvas.centerOn(idx);
      if (idx >= 0) select(idx);
    }
    return;
  }
  if ((e.key === 'Enter' || e.key === '+' || e.key === '-') && state.selected !== null) {
    e.preventDefault();
    toggle(state.selected);
    return;
  }
  if (e.key === 'f' && state.selected !== null) {
    e.preventDefault();
    setFocus(state.selected);
  }
}

// ---------------------------------------------------------------- startup

function wire() {
  const exSelect = $('#example-select');
  exSelect.appendChild(h('option', { value: '', text: 'Examples…', disabled: true }));
  for (const ex of EXAMPLES) exSelect.appendChild(h('option', { value: ex.id, text: ex.title }));
  exSelect.addEventListener('change', () => {
    if (exSelect.value) loadExample(exSelect.value);
  });

  $('#file-select').addEventListener('change', (e) => openInEditor(e.target.value));
  $('#analyze-button').addEventListener('click', () => analyze());
  $('#new-button').addEventListener('click', newPaste);

  const inputs = { files: '#file-input', folder: '#folder-input', archive: '#archive-input', graph: '#graph-input' };
  setupMenu('open-menu', (item) => $(inputs[item.dataset.open]).click());
  for (const sel of ['#file-input', '#folder-input', '#archive-input']) {
    $(sel).addEventListener('change', async (e) => {
      const list = entriesFromFileList(e.target.files);
      e.target.value = '';
      await loadEntries(list);
    });
  }
  $('#graph-input').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    try {
      await openGraphText(await file.text(), file.name);
    } catch (err) {
      showBanner(err.message);
      setStatus('Could not open the graph.', 'error');
    }
  });
  setupMenu('export-menu', (item) => exportAs(item.dataset.export));
  $('#share-button').addEventListener('click', share);
  $('#theme-button').addEventListener('click', () =>
    applyTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark'),
  );
  $('.banner-close').addEventListener('click', hideBanner);

  for (const b of document.querySelectorAll('#view-switch button'))
    b.addEventListener('click', () => setView(b.dataset.view));
  $('#layout-select').addEventListener('change', (e) => {
    state.layout = e.target.value;
    refresh({ fit: true });
  });
  for (const t of document.querySelectorAll('.tab')) t.addEventListener('click', () => selectTab(t.dataset.tab));

  for (const b of document.querySelectorAll('#focus-depth button')) {
    b.addEventListener('click', () => {
      if (state.focus) {
        state.focus.depth = Number(b.dataset.depth);
        refresh({ fit: true });
      }
    });
  }
  for (const b of document.querySelectorAll('#focus-dir button')) {
    b.addEventListener('click', () => {
      if (state.focus) {
        state.focus.dir = b.dataset.dir;
        refresh({ fit: true });
      }
    });
  }
  $('#focus-clear').addEventListener('click', clearFocus);
  $('#zoom-in').addEventListener('click', () => canvas.zoomBy(1.25));
  $('#zoom-out').addEventListener('click', () => canvas.zoomBy(0.8));
  $('#zoom-fit').addEventListener('click', () => canvas.fit());
  $('#expand-all').addEventListener('click', () => expandAll(true));
  $('#collapse-all').addEventListener('click', () => expandAll(false));
  document.addEventListener('keydown', onKey);

  // Drag and drop anywhere.
  let depth = 0;
  const overlay = $('#drop-overlay');
  document.addEventListener('dragenter', (e) => {
    if (e.dataTransfer?.types?.includes('Files')) {
      depth++;
      overlay.hidden = false;
      e.preventDefault();
    }
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  document.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types?.includes('Files')) e.preventDefault();
  });
  document.addEventListener('drop', async (e) => {
    if (!e.dataTransfer?.types?.includes('Files')) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    try {
      await loadEntries(await entriesFromDataTransfer(e.dataTransfer));
    } catch (err) {
      showBanner(err.message || String(err));
    }
  });
  window.addEventListener('hashchange', () => {
    if (location.hash.includes('src=')) startFromHash();
  });
}

async function startFromHash() {
  try {
    const shared = sharedFromHash();
    if (!shared) return false;
    if (!shared.files.length) throw new Error('The shared link holds no Rust sources.');
    $('#example-select').value = '';
    setFiles(shared.files, { label: 'Loaded the shared source.' });
    if (shared.view && VIEWS[shared.view]) setViewSilently(shared.view);
    await analyze();
    if (shared.focus && state.index) {
      const i = state.index.nodes.findIndex((n) => n.path === shared.focus && n.kind !== 'use');
      if (i >= 0) await reveal(i);
    }
    return true;
  } catch (err) {
    showBanner(err.message || String(err));
    return false;
  }
}

/** `cratemap serve PATH`: the natively analyzed graph and its sources, kept up to date. */
async function startFromServer() {
  if (!isServed()) return false;
  let version = -1;
  const load = async (keepState) => {
    const served = await loadServed();
    const open = state.currentFile;
    state.problems = [];
    $('#example-select').value = '';
    setFiles(served.files, { label: `Serving ${served.root}.` });
    if (keepState && open && state.sources.has(open)) openInEditor(open);
    await setGraph(served.graph, { source: 'serve', keepState });
    version = served.version;
  };
  await load(false);
  watchServed(
    () => version,
    () => load(true),
  );
  return true;
}

async function main() {
  let theme = null;
  try {
    theme = localStorage.getItem('cratemap-theme');
  } catch {
    /* ignore */
  }
  if (!theme) theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.dataset.theme = theme;

  editor = new SourceEditor($('#editor'), { onChange: onEditorChange });
  canvas = new GraphCanvas($('#cy'), {
    onSelect: (idx) => {
      if (idx === null || idx === undefined) {
        state.selected = null;
        details.showEmpty();
        return;
      }
      if (idx < 0) return;
      select(idx);
    },
    onToggle: (idx) => toggle(idx),
    insets: overlayInsets,
  });
  details = new DetailsPanel($('#details'), {
    onNavigate: (i) => reveal(i),
    onReveal: revealSource,
    onToggle: toggle,
    onFocus: setFocus,
  });
  diagnostics = new DiagnosticsPanel($('#diagnostics'), $('#diag-count'), { onReveal: revealSource });
  stats = new StatsPanel($('#stats'));
  filtersPanel = new FiltersPanel($('#filters'), { onChange: () => refresh({ fit: true }) });
  search = new Search($('#search-input'), $('#search-results'), { onChoose: (i) => reveal(i, { focus: true }) });
  wire();

  window.__cratemap = testHooks();
  engine.warmUp().then(updateEngineInfo);
  busy(+1);
  try {
    if (!(await startFromServer()) && !(await startFromHash())) await loadExample(DEFAULT_EXAMPLE);
  } finally {
    busy(-1);
  }
}

/** Read-only hooks for the end-to-end tests and the benchmark page. */
function testHooks() {
  return {
    get cy() {
      return canvas.cy;
    },
    get graph() {
      return state.graph;
    },
    get view() {
      return state.view;
    },
    get selected() {
      return state.selected === null ? null : state.index.node(state.selected);
    },
    get focus() {
      return state.focus ? state.index.node(state.focus.idx) : null;
    },
    get run() {
      return state.run;
    },
    get timings() {
      return { ...state.timings, canvas: canvas.timings };
    },
    idle() {
      return new Promise((resolve) => {
        const check = () => (state.busy === 0 ? resolve() : idleWaiters.push(check));
        setTimeout(check, 0);
      });
    },
    labels() {
      return canvas.cy.nodes().map((n) => n.data('label'));
    },
    boxContents(id) {
      return boxChildren(canvas.cy.getElementById(id)).map((n) => n.data('label'));
    },
    nodeByPath(path, kind) {
      const i = state.index?.nodes.findIndex((n) => n.path === path && (!kind || n.kind === kind));
      return i >= 0 ? { idx: i, id: `n${i}`, displayed: canvas.cy.getElementById(`n${i}`).nonempty() } : null;
    },
    renderedPosition(path, kind) {
      const hit = this.nodeByPath(path, kind);
      if (!hit) return null;
      const el = canvas.cy.getElementById(hit.id);
      if (el.empty()) return null;
      const p = el.renderedPosition();
      const r = $('#cy').getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    },
    loadGraph: (graph) => setGraph(graph, { source: 'json' }),
    expandAll: () => expandAll(true),
    crashNextRun: () => engine.crashNextRunForTest(),
  };
}

main().catch((err) => {
  console.error(err);
  showBanner(`cratemap failed to start: ${err.message || err}`);
});
