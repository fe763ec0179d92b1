// The stats panel: counts, phases, threads, throughput.

import { h, clear } from '../../core/dom.js';
import { formatBytes } from '../format.js';

export class StatsPanel {
  constructor(root) {
    this.root = root;
    this.show(null);
  }

  /** run: {wallMs, renderMs, engine: {mode, threads, build}|null, source: 'engine'|'json'} */
  show(graph, run = {}) {
    const root = clear(this.root);
    if (!graph) {
      root.appendChild(h('div', { class: 'empty', text: 'No analysis yet.' }));
      return;
    }
    const s = graph.stats || {};
    const bytes = s.bytes ?? graph.files.reduce((n, f) => n + (f.bytes || 0), 0);
    const table = (rows) =>
      h(
        'table',
        {},
        h(
          'tbody',
          {},
          rows.map(([k, v]) => h('tr', {}, h('td', { text: k }), h('td', { class: 'num', text: v }))),
        ),
      );
    const rows = [
      ['Crates', String(graph.crates.length)],
      ['Files', String(s.files ?? graph.files.length)],
      ['Source', formatBytes(bytes)],
      ['Nodes', (s.nodes ?? graph.nodes.length).toLocaleString('en-US')],
      ['Edges', (s.edges ?? graph.edges.length).toLocaleString('en-US')],
      ['Diagnostics', String(graph.diagnostics.length)],
    ];
    if (s.type_interner)
      rows.push(['Type interner hits / misses', `${s.type_interner.hits} / ${s.type_interner.misses}`]);
    root.appendChild(h('h3', { text: 'Input' }));
    root.appendChild(table(rows));

    const runRows = [];
    if (run.source === 'json') runRows.push(['Source', 'graph JSON file']);
    if (run.engine) runRows.push(['Engine', `${run.engine.mode}${run.engine.build ? ` (${run.engine.build})` : ''}`]);
    const threads = s.threads ?? run.engine?.threads;
    if (threads) runRows.push(['Threads', String(threads)]);
    if (run.wallMs) {
      runRows.push(['Analysis (wall)', `${run.wallMs.toFixed(0)} ms`]);
      runRows.push(['Throughput', `${(bytes / 1048576 / (run.wallMs / 1000)).toFixed(1)} MB/s`]);
    }
    if (run.renderMs) runRows.push(['First render', `${run.renderMs.toFixed(0)} ms`]);
    if (runRows.length) {
      root.appendChild(h('h3', { text: 'Run' }));
      root.appendChild(table(runRows));
    }

    if (s.phases_ms && Object.keys(s.phases_ms).length) {
      root.appendChild(h('h3', { text: 'Phases' }));
      const order = ['decode', 'discover', 'split', 'parse', 'freeze', 'resolve', 'export'];
      const phases = Object.entries(s.phases_ms).sort(
        (a, b) => ((order.indexOf(a[0]) + 99) % 99) - ((order.indexOf(b[0]) + 99) % 99),
      );
      const max = Math.max(...phases.map(([, v]) => v), 0.001);
      root.appendChild(
        h(
          'table',
          {},
          h(
            'tbody',
            {},
            phases.map(([k, v]) => {
              const bar = h('div', { class: 'bar' });
              bar.style.width = `${Math.max(2, (v / max) * 100).toFixed(1)}%`;
              return h(
                'tr',
                {},
                h('td', { text: k }),
                h('td', {}, bar),
                h('td', { class: 'num', text: `${v.toFixed(1)} ms` }),
              );
            }),
          ),
        ),
      );
    }
    const items = s.items || {};
    const kinds = Object.entries(items)
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1]);
    if (kinds.length) {
      root.appendChild(h('h3', { text: 'Items by kind' }));
      root.appendChild(table(kinds.map(([k, v]) => [k.replace('_', ' '), v.toLocaleString('en-US')])));
    }
  }
}
