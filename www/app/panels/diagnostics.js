// The diagnostics panel: parse errors and file problems; a click jumps to the source.

import { h, clear } from '../../core/dom.js';

export class DiagnosticsPanel {
  constructor(root, countEl, { onReveal }) {
    this.root = root;
    this.countEl = countEl;
    this.onReveal = onReveal;
    this.show(null);
  }

  show(graph, extra = []) {
    const root = clear(this.root);
    const diags = graph ? [...graph.diagnostics] : [];
    const errors = diags.filter((d) => d.severity === 'error').length;
    const total = diags.length + extra.length;
    this.countEl.textContent = total ? String(total) : '';
    this.countEl.classList.toggle('has-errors', errors > 0);
    if (!graph && !extra.length) {
      root.appendChild(h('div', { class: 'empty', text: 'No analysis yet.' }));
      return;
    }
    for (const msg of extra) {
      root.appendChild(
        h(
          'div',
          { class: 'diag' },
          h('span', { class: 'sev warning', text: 'input' }),
          h('span', { class: 'loc', text: '' }),
          h('span', { class: 'msg', text: msg }),
        ),
      );
    }
    const bad = graph ? graph.files.filter((f) => f.status && f.status !== 'ok') : [];
    if (bad.length) {
      root.appendChild(h('div', { class: 'd-section-title', text: 'Files not fully read' }));
      for (const f of bad) root.appendChild(h('div', { class: 'file-status', text: `${f.path} — ${f.status}` }));
    }
    const orphans = graph ? graph.files.filter((f) => f.orphan) : [];
    if (orphans.length) {
      root.appendChild(h('div', { class: 'd-section-title', text: 'Files no crate root reaches (analyzed anyway)' }));
      for (const f of orphans) root.appendChild(h('div', { class: 'file-status muted', text: f.path }));
    }
    if (!diags.length && !extra.length) {
      root.appendChild(h('div', { class: 'empty', text: 'No problems found: every file parsed.' }));
      return;
    }
    if (diags.length)
      root.appendChild(
        h('div', { class: 'd-section-title', text: `${diags.length} diagnostic${diags.length === 1 ? '' : 's'}` }),
      );
    diags.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    for (const d of diags.slice(0, 2000)) {
      root.appendChild(
        h(
          'button',
          {
            type: 'button',
            class: 'diag',
            title: 'Show in the editor',
            onclick: () => this.onReveal(d.file, { start: [d.line, d.column], end: [d.line, d.column] }),
          },
          h('span', { class: `sev ${d.severity}`, text: d.severity }),
          h('span', { class: 'loc', text: `${d.file}:${d.line}:${d.column + 1}` }),
          h('span', { class: 'msg', text: d.message }),
        ),
      );
    }
    if (diags.length > 2000) root.appendChild(h('div', { class: 'muted', text: `and ${diags.length - 2000} more` }));
  }
}
