// The input files being explored: their list in the file picker, the one open in
// the editor with its file's diagnostics, edits (which re-analyze after a pause), and
// jumps to a node's source.

import { $, clear, h } from '../core/dom.js';
import { selectTab, setStatus, toast } from './chrome.js';
import { formatBytes, plural } from './format.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const REANALYZE_DELAY = 700;

export class Workspace {
  /** `onEdit()`: the sources changed (after REANALYZE_DELAY of quiet). */
  constructor(editor, { onEdit }) {
    this.editor = editor;
    this.onEdit = onEdit;
    /** [{path, bytes}] */
    this.files = [];
    /** The same bytes by path: what snippets and the editor read. */
    this.sources = new Map();
    this.currentFile = null;
    /** The last graph's diagnostics by file path. */
    this.diagnostics = new Map();
    this.timer = null;
  }

  /** Takes a graph's diagnostics; the open file shows its own as editor markers. */
  setDiagnostics(list) {
    this.diagnostics = new Map();
    for (const d of list) {
      if (!this.diagnostics.has(d.file)) this.diagnostics.set(d.file, []);
      this.diagnostics.get(d.file).push(d);
    }
    this.editor.setDiagnostics(this.diagnostics.get(this.currentFile) || []);
  }

  setFiles(files, { label, keepEditor = false } = {}) {
    this.files = files;
    this.sources = new Map(files.map((f) => [f.path, f.bytes]));
    if (!keepEditor) this.diagnostics = new Map(); // they belong to the files' last graph
    const select = $('#file-select');
    clear(select);
    for (const f of files) select.appendChild(h('option', { value: f.path, text: f.path }));
    $('#file-count').textContent = files.length ? `${plural(files.length, 'file')} · ${formatBytes(this.bytes())}` : '';
    if (!keepEditor) {
      const preferred =
        ['src/lib.rs', 'src/main.rs'].find((p) => this.sources.has(p)) ||
        files.find((f) => f.path.endsWith('.rs'))?.path ||
        files[0]?.path;
      this.open(preferred || null);
    }
    if (label) setStatus(label);
  }

  /** How many bytes of input there are. */
  bytes() {
    return this.files.reduce((n, f) => n + f.bytes.length, 0);
  }

  /** No files; the editor shows `text` (a hint, or nothing). */
  empty(text = '') {
    this.setFiles([], {});
    this.currentFile = null;
    this.editor.setText(text);
  }

  /** Opens a file in the editor (null: none). */
  open(path) {
    this.currentFile = path;
    const select = $('#file-select');
    if (path) select.value = path;
    const bytes = path ? this.sources.get(path) : null;
    this.editor.setText(bytes ? dec.decode(bytes) : '', this.diagnostics.get(path) || []);
  }

  /** The editor's text changed. */
  edited(text) {
    if (!this.currentFile) {
      // Typing into an empty workspace starts a pasted single-file crate.
      this.currentFile = 'src/lib.rs';
      this.setFiles([{ path: 'src/lib.rs', bytes: enc.encode(text) }], { keepEditor: true });
      $('#file-select').value = 'src/lib.rs';
    }
    const bytes = enc.encode(text);
    this.sources.set(this.currentFile, bytes);
    const f = this.files.find((x) => x.path === this.currentFile);
    if (f) f.bytes = bytes;
    this.cancelEdit();
    this.timer = setTimeout(() => this.onEdit(), REANALYZE_DELAY);
  }

  /** Drops a pending re-analysis of an edit. */
  cancelEdit() {
    clearTimeout(this.timer);
  }

  /**
   * Shows a node's lines in the editor; `quiet` (a selection in the graph) neither
   * switches to the Source tab nor says anything when the file is not loaded.
   */
  revealSource(file, span, { quiet = false } = {}) {
    if (!this.sources.has(file)) {
      if (!quiet) toast(`The source of ${file} is not loaded.`);
      return;
    }
    if (!quiet) selectTab('source', { open: true });
    if (this.currentFile !== file) this.open(file);
    const start = span?.start || [1, 0];
    const end = span?.end || start;
    this.editor.revealLines(start[0], end[0], start[1]);
  }
}
