// cratemap web app: builds the page's parts and wires its controls to them. The
// graph on the canvas is the core's view controller; the session feeds it graphs.

import '../core/theme.css';
import '../core/details.css';
import './page.css';
import './panels.css';
import './stage.css';
import { ViewController } from '../core/controller.js';
import { $, h } from '../core/dom.js';
import { MAX_DISPLAYED } from '../core/view.js';
import {
  hideBanner,
  initialTheme,
  saveTheme,
  selectTab,
  setStatus,
  setupMenu,
  setupSidePanels,
  showBanner,
  toast,
  toggleSidePanel,
} from './chrome.js';
import * as engine from './engine.js';
import { DEFAULT_EXAMPLE, EXAMPLES } from './examples.js';
import { exportAs, share } from './export/actions.js';
import { definitionAt } from './goto.js';
import { busy } from './idle.js';
import { crateBox } from './input/crate-box.js';
import { acceptDrops } from './input/drop.js';
import { SourceEditor } from './input/editor.js';
import { entriesFromFileList } from './input/files.js';
import { keyboardShortcuts } from './input/keyboard.js';
import {
  overlayInsets,
  updateFocusBar,
  updateLegend,
  updateNote,
  updateStageMessage,
  updateViewSwitch,
} from './overlays.js';
import { DiagnosticsPanel } from './panels/diagnostics.js';
import { FiltersPanel } from './panels/filters.js';
import { Search } from './panels/search.js';
import { StatsPanel } from './panels/stats.js';
import { Session, updateEngineInfo } from './session.js';
import { testHooks } from './test-hooks.js';
import { Workspace } from './workspace.js';

async function expandAll(controller) {
  if (await controller.expandAll(true))
    toast(`Expanded as far as ${MAX_DISPLAYED.toLocaleString('en-US')} nodes allow.`);
}

function wire({ controller, session, workspace, editor }) {
  const exSelect = $('#example-select');
  exSelect.appendChild(h('option', { value: '', text: 'Examples…', disabled: true }));
  for (const ex of EXAMPLES) exSelect.appendChild(h('option', { value: ex.id, text: ex.title }));
  exSelect.addEventListener('change', () => {
    if (exSelect.value) session.loadExample(exSelect.value);
  });

  $('#file-select').addEventListener('change', (e) => workspace.open(e.target.value));
  $('#analyze-button').addEventListener('click', () => session.analyze());
  $('#new-button').addEventListener('click', () => session.newPaste());

  const inputs = { files: '#file-input', folder: '#folder-input', archive: '#archive-input', graph: '#graph-input' };
  const showCrateBox = crateBox((spec, { deps }) => session.openCrate(spec, { deps }));
  setupMenu('open-menu', (item) =>
    item.dataset.open === 'crate' ? showCrateBox() : $(inputs[item.dataset.open]).click(),
  );
  for (const sel of ['#file-input', '#folder-input', '#archive-input']) {
    $(sel).addEventListener('change', async (e) => {
      const list = entriesFromFileList(e.target.files);
      e.target.value = '';
      await session.loadEntries(list);
    });
  }
  $('#graph-input').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    try {
      await session.openGraphText(await file.text(), file.name);
    } catch (err) {
      showBanner(err.message);
      setStatus('Could not open the graph.', 'error');
    }
  });
  setupMenu('export-menu', (item) => exportAs(item.dataset.export, controller));
  $('#share-button').addEventListener('click', () => share(workspace.files, controller, session.sourceLink));
  $('#theme-button').addEventListener('click', () => {
    const theme = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    saveTheme(theme);
    controller.canvas.restyle();
    editor.setDark(theme === 'dark');
  });
  $('.banner-close').addEventListener('click', hideBanner);

  for (const b of document.querySelectorAll('#view-switch button'))
    b.addEventListener('click', () => controller.setView(b.dataset.view));
  $('#layout-select').addEventListener('change', (e) => controller.setLayout(e.target.value));
  for (const t of document.querySelectorAll('.tab'))
    t.addEventListener('click', () => selectTab(t.dataset.tab, { open: true }));

  for (const b of document.querySelectorAll('#focus-depth button')) {
    b.addEventListener('click', () => controller.setFocusShape({ depth: Number(b.dataset.depth) }));
  }
  for (const b of document.querySelectorAll('#focus-dir button')) {
    b.addEventListener('click', () => controller.setFocusShape({ dir: b.dataset.dir }));
  }
  $('#focus-clear').addEventListener('click', () => controller.clearFocus());
  $('#zoom-in').addEventListener('click', () => controller.canvas.zoomBy(1.25));
  $('#zoom-out').addEventListener('click', () => controller.canvas.zoomBy(0.8));
  $('#zoom-fit').addEventListener('click', () => controller.canvas.fit());
  $('#expand-all').addEventListener('click', () => expandAll(controller));
  $('#collapse-all').addEventListener('click', () => controller.expandAll(false));
  document.addEventListener(
    'keydown',
    keyboardShortcuts(controller, { analyze: () => session.analyze(), togglePanel: toggleSidePanel }),
  );
  acceptDrops((entries) => session.loadEntries(entries));
  window.addEventListener('hashchange', () => {
    if (location.hash.includes('src=')) session.startFromHash();
    else if (location.hash.includes('url=') || location.hash.includes('crate=')) session.startFromLink();
  });
}

/** Ctrl/Cmd-click or F12 in the editor: selects the item the name refers to, or says why not. */
function gotoDefinition(controller, workspace, { line, column, name }) {
  const status = $('#editor-status');
  status.dataset.hint ||= status.textContent;
  const { idx, reason } = definitionAt(controller.index, workspace.currentFile, line, column, name);
  status.textContent = reason || status.dataset.hint;
  status.classList.toggle('warn', !!reason);
  if (idx !== undefined) controller.reveal(idx);
}

async function main() {
  document.documentElement.dataset.theme = initialTheme();
  setupSidePanels(); // first: the canvas's size is the panels' remainder
  let session = null;
  const editor = new SourceEditor($('#editor'), {
    onChange: (text) => workspace.edited(text),
    onGoto: (at) => gotoDefinition(controller, workspace, at),
  });
  const workspace = new Workspace(editor, { onEdit: () => session.analyze({ reason: 'edit' }) });
  const filtersPanel = new FiltersPanel($('#filters'), { onChange: () => controller.refresh({ fit: true }) });
  const controller = new ViewController({
    canvas: $('#cy'),
    details: $('#details'),
    insets: overlayInsets,
    // The bars and overlays first: they decide the canvas's free area for the fit.
    beforeDraw: (elements) => {
      updateFocusBar(controller.focus, controller.index);
      updateLegend(elements);
      updateNote(elements);
    },
    afterDraw: (elements) => {
      filtersPanel.render(controller.filters, controller.view, controller.index);
      updateStageMessage(elements, controller.index);
    },
    onSelect: (idx, { explicit }) => {
      if (!explicit || idx === null) return;
      selectTab('details');
      const node = controller.index.node(idx);
      if (node.file) workspace.revealSource(node.file, node.span, { quiet: true });
    },
    onView: updateViewSwitch,
    onRevealSource: (file, span) => workspace.revealSource(file, span),
    onBusy: busy,
  });
  const panels = {
    diagnostics: new DiagnosticsPanel($('#diagnostics'), $('#diag-count'), {
      onReveal: (file, span) => workspace.revealSource(file, span),
    }),
    stats: new StatsPanel($('#stats')),
    search: new Search($('#search-input'), $('#search-results'), {
      onChoose: (i) => controller.reveal(i, { focus: true }),
    }),
  };
  session = new Session({ workspace, controller, panels });
  wire({ controller, session, workspace, editor });

  window.__cratemap = testHooks(controller, session, { expandAll: () => expandAll(controller) });
  engine.warmUp().then(updateEngineInfo);
  busy(+1);
  try {
    if (!(await session.startFromServer()) && !(await session.startFromHash()) && !(await session.startFromLink()))
      await session.loadExample(DEFAULT_EXAMPLE);
  } finally {
    busy(-1);
  }
}

main().catch((err) => {
  console.error(err);
  showBanner(`cratemap failed to start: ${err.message || err}`);
});
