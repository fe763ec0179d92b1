// What is being explored, from input to graph on screen: running the engine on the
// workspace's files (one run at a time; a newer one cancels the older), opening a
// graph JSON, examples, share links and `cratemap serve`, and the panels that
// describe the graph shown.

import { $ } from '../core/dom.js';
import { hideBanner, progress, selectTab, setStatus, showBanner } from './chrome.js';
import * as engine from './engine.js';
import { exampleFiles } from './examples.js';
import { formatBytes, plural } from './format.js';
import { busy } from './idle.js';
import { collectInput } from './input/files.js';
import { keepSourcePath, normalizePath } from './input/paths.js';
import { clearOverlays } from './overlays.js';
import { isServed, loadServed, watchServed } from './served.js';
import { configuredRegistry, openCrate } from './input/registry.js';
import { fetchArchive } from './input/remote.js';
import { decodeShare, sharedLink } from './share.js';

/** How deep `deps=` in a crate link goes: `direct` dependencies, or `all` of the tree. */
const DEPTHS = { direct: 1, all: Number.POSITIVE_INFINITY };

export class Session {
  /** `panels`: {search, diagnostics, stats}. */
  constructor({ workspace, controller, panels }) {
    this.workspace = workspace;
    this.controller = controller;
    this.panels = panels;
    /** Problems met while reading the input (skipped files, ...), for the diagnostics panel. */
    this.problems = [];
    /** How the graph shown was made: {source, wallMs, engine, renderMs}. */
    this.run = {};
    this.abort = null;
    this.generation = 0;
    /** What named the workspace's source ({url} or {crate}), while it is unedited: what Share shares. */
    this.sourceLink = null;
  }

  /** Runs the engine on the workspace. `reason: 'edit'` keeps the view's state. */
  async analyze({ reason = 'click' } = {}) {
    const { files } = this.workspace;
    this.workspace.cancelEdit();
    if (reason === 'edit') this.sourceLink = null;
    if (!files.length) {
      setStatus('Nothing to analyze: paste code or open files.');
      return;
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const gen = ++this.generation;
    let t0 = performance.now();
    busy(+1);
    $('#analyze-button').disabled = true;
    progress(undefined);
    const analyzing = `Analyzing ${plural(files.length, 'file')} (${formatBytes(this.workspace.bytes())})…`;
    setStatus(analyzing);
    try {
      if (!engine.info()) {
        // The first run waits for the engine; its start-up is not analysis time.
        setStatus('Starting the analysis engine…');
        await engine.warmUp();
        if (gen !== this.generation) return;
        setStatus(analyzing);
        t0 = performance.now();
      }
      // Copies: the engine may transfer the buffers to its worker.
      const input = files.map((f) => ({ path: f.path, bytes: f.bytes.slice() }));
      const graph = await engine.analyze(input, {
        signal: abort.signal,
        onProgress: ({ phase, done, total: all } = {}) => {
          if (gen !== this.generation) return;
          progress(all ? done / all : undefined);
          if (phase) setStatus(`Analyzing: ${phase}${all ? ` ${done}/${all}` : ''}…`);
        },
      });
      if (gen !== this.generation) return;
      const wallMs = performance.now() - t0;
      hideBanner();
      await this.setGraph(graph, { source: 'engine', wallMs, t0, keepState: reason === 'edit' });
    } catch (err) {
      if (gen !== this.generation) return;
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
      if (gen === this.generation) {
        progress(null);
        $('#analyze-button').disabled = false;
        this.abort = null;
      }
      busy(-1);
    }
  }

  /** Stops a running analysis: what it would show is no longer wanted. */
  #cancel() {
    this.abort?.abort();
    this.generation++;
  }

  /** Shows a graph: from the engine, a graph JSON file or `cratemap serve`. */
  async setGraph(graph, { source, wallMs = 0, t0 = performance.now(), keepState = false } = {}) {
    const { controller, panels } = this;
    busy(+1);
    try {
      const carried = controller.load(graph, { sources: this.workspace.sources, keepState });
      this.run = { source, wallMs, engine: source === 'engine' ? engine.info() : null };
      panels.search.setIndex(controller.index);
      panels.diagnostics.show(graph, this.problems);
      this.workspace.setDiagnostics(graph.diagnostics);
      await controller.refresh({ fit: !carried }); // a first graph (after New) is fitted too
      this.run.renderMs = performance.now() - t0;
      panels.stats.show(graph, this.run);
      updateEngineInfo();
      const s = graph.stats || {};
      const errs = graph.diagnostics.filter((d) => d.severity === 'error').length;
      const files = s.files ?? graph.files.length;
      setStatus(
        `${graph.nodes.length.toLocaleString('en-US')} nodes, ${graph.edges.length.toLocaleString('en-US')} edges from ${plural(files, 'file')}` +
          (wallMs ? ` in ${wallMs.toFixed(0)} ms` : '') +
          (errs ? ` · ${plural(errs, 'error')} (see Diagnostics)` : ''),
      );
      controller.showDetails();
    } finally {
      busy(-1);
    }
  }

  /** Files, a folder, archives or a graph JSON, from a picker or a drop. */
  async loadEntries(entries) {
    if (!entries.length) return;
    try {
      setStatus('Reading input…');
      const { files, problems, graphText, name } = await collectInput(entries);
      if (graphText !== undefined) {
        await this.openGraphText(graphText, name);
        return;
      }
      this.problems = problems;
      this.sourceLink = null;
      $('#example-select').value = '';
      this.workspace.setFiles(files, { label: `Loaded ${files.length} files.` });
      await this.analyze();
    } catch (err) {
      console.error(err);
      showBanner(err.message || String(err));
      setStatus('Could not read the input.', 'error');
    }
  }

  async openGraphText(text, name = 'graph.json') {
    let graph;
    try {
      graph = JSON.parse(text);
    } catch (err) {
      throw new Error(`${name} is not valid JSON (${err.message}).`);
    }
    this.#cancel();
    this.problems = [];
    this.sourceLink = null;
    // The sources are not in the JSON: the snippet and editor links are unavailable.
    this.workspace.empty(
      `// ${name}: a precomputed graph. Its source files are not included,\n// so source snippets are not available. Open or paste sources to analyze them here.\n`,
    );
    $('#example-select').value = '';
    hideBanner();
    await this.setGraph(graph, { source: 'json' });
  }

  loadExample(id) {
    this.problems = [];
    this.sourceLink = null;
    $('#example-select').value = id;
    this.workspace.setFiles(exampleFiles(id), { label: 'Example loaded.' });
    return this.analyze();
  }

  /** An empty workspace to paste into. */
  newPaste() {
    this.problems = [];
    this.sourceLink = null;
    $('#example-select').value = '';
    this.workspace.empty();
    this.#cancel();
    this.controller.clear();
    this.panels.search.setIndex(null);
    this.panels.diagnostics.show(null, this.problems);
    this.panels.stats.show(null);
    clearOverlays('Paste or type Rust code in the editor; the graph appears here.');
    selectTab('source', { open: true });
    this.workspace.editor.focus();
    setStatus('Paste or type Rust code; it is analyzed as you go.');
  }

  /** A share link's sources (`#src=...`), analyzed, with its view and focus. Resolves with whether there was one. */
  async startFromHash() {
    try {
      const shared = sharedFromHash();
      if (!shared) return false;
      if (!shared.files.length) throw new Error('The shared link holds no Rust sources.');
      $('#example-select').value = '';
      this.sourceLink = null;
      this.workspace.setFiles(shared.files, { label: 'Loaded the shared source.' });
      await this.#showShared(shared);
      return true;
    } catch (err) {
      showBanner(err.message || String(err));
      return false;
    }
  }

  /** Analyzes the workspace in a shared link's view, then reveals its focus. */
  async #showShared({ view, focus }) {
    if (view) this.controller.setView(view, { draw: false });
    await this.analyze();
    const { index } = this.controller;
    if (focus && index) {
      const i = index.findByPath(focus);
      if (i >= 0) await this.controller.reveal(i);
    }
  }

  /**
   * The source the page's address names (`url=` an archive, `crate=` a crate from the
   * registry, with the share link's `view` and `focus`), fetched and analyzed. Resolves
   * with whether the address named one.
   */
  async startFromLink() {
    const shared = sharedLink(location);
    if (!shared) return false;
    if (shared.crate) await this.openCrate(shared.crate, shared);
    else await this.#open({ url: shared.url }, shared, () => this.#fetchUrl(shared.url));
    return true;
  }

  /**
   * `spec` (`name` or `name@version`) from the configured registry; `shared` may carry a
   * view and focus, and `deps` (`direct` or `all`) to bring its dependency tree too.
   */
  async openCrate(spec, shared = {}) {
    const deps = DEPTHS[shared.deps] ? shared.deps : null;
    await this.#open({ crate: spec }, shared, (signal) => this.#fetchCrate(spec, deps, signal));
  }

  async #fetchUrl(url) {
    setStatus(`Fetching ${url}…`);
    const files = await fetchArchive(url);
    return { files, label: `Loaded ${files.length} files from ${url}.`, what: url };
  }

  async #fetchCrate(spec, deps, signal) {
    const registry = configuredRegistry();
    setStatus(`Looking up ${spec}${deps ? ' and its dependencies' : ''} in ${registry.host}…`);
    const crate = await openCrate(spec, {
      registry,
      signal,
      deps: deps ? { maxDepth: DEPTHS[deps] } : null,
      onProgress: ({ loaded, total, done, count }) => {
        progress(total ? loaded / total : undefined);
        const crates = count > 1 ? ` (${done} of ${count} crates)` : '';
        setStatus(`Downloading ${spec}: ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ''}${crates}…`);
      },
    });
    const yanked = crate.yanked ? ' (a yanked version)' : '';
    const withDeps = deps ? ` with ${`${crate.crates - 1} ${crate.crates === 2 ? 'dependency' : 'dependencies'}`}` : '';
    return {
      files: crate.files,
      problems: crate.notes,
      label: `${crate.name} ${crate.vers}${yanked}${withDeps} from ${registry.host}: ${crate.files.length} files.`,
      what: `${crate.name} ${crate.vers}`,
      link: { crate: `${crate.name}@${crate.vers}`, ...(deps ? { deps } : {}) },
    };
  }

  /** Fetches a named source with `fetchSource`, then analyzes it; an error leaves the page as it was. */
  async #open(link, shared, fetchSource) {
    this.#cancel();
    const abort = new AbortController();
    this.abort = abort;
    $('#example-select').value = '';
    busy(+1);
    try {
      progress(undefined);
      const fetched = await fetchSource(abort.signal);
      if (!fetched.files.length) throw new Error(`${fetched.what} holds no Rust sources.`);
      this.problems = fetched.problems ?? [];
      this.workspace.setFiles(fetched.files, { label: fetched.label });
      this.sourceLink = fetched.link ?? link;
      hideBanner();
      await this.#showShared(shared);
    } catch (err) {
      if (err?.name === 'AbortError') return;
      showBanner(err.message || String(err));
      setStatus(
        link.crate ? `Could not open the crate ${link.crate}.` : 'Could not open the archive at the URL.',
        'error',
      );
    } finally {
      progress(null);
      busy(-1);
    }
  }

  /** `cratemap serve PATH`: the natively analyzed graph and its sources, kept up to date. */
  async startFromServer() {
    if (!isServed()) return false;
    let version = -1;
    const load = async (keepState) => {
      const served = await loadServed();
      const open = this.workspace.currentFile;
      this.problems = [];
      $('#example-select').value = '';
      this.workspace.setFiles(served.files, { label: `Serving ${served.root}.` });
      if (keepState && open && this.workspace.sources.has(open)) this.workspace.open(open);
      await this.setGraph(served.graph, { source: 'serve', keepState });
      version = served.version;
    };
    await load(false);
    watchServed(
      () => version,
      () => load(true),
    );
    return true;
  }
}

export function updateEngineInfo() {
  const i = engine.info();
  $('#engine-info').textContent = i
    ? `engine: ${i.mode}${i.threads ? `, ${plural(i.threads, 'thread')}` : ''}${crossOriginIsolated ? '' : ' (page not cross-origin isolated)'}`
    : '';
}

/** The share link in the page's address, its paths checked like any input's. */
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
