// The details panel: what the selected node is, where it lives, its source.

import { h, clear, kindBadge } from './dom.js';
import { CALL_FORM_STYLE, EDGE_STYLE } from './kinds.generated.js';
import { renderMarkdown } from './markdown.js';

const dec = new TextDecoder();
const SNIPPET_CONTEXT = 2;
const SNIPPET_MAX = 60;

export class DetailsPanel {
  constructor(root, { onNavigate, onReveal, onToggle, onFocus }) {
    this.root = root;
    this.cb = { onNavigate, onReveal, onToggle, onFocus };
    this.showEmpty();
  }

  showEmpty(message = 'Select a node to see its details. Double-click a module to expand or collapse it.') {
    clear(this.root).appendChild(h('div', { class: 'empty', text: message }));
  }

  /** idx: node index; ctx: {index, sources: Map(path -> Uint8Array), expanded, isCollapsible} */
  show(idx, ctx) {
    const { index } = ctx;
    const node = index.node(idx);
    const root = clear(this.root);
    root.appendChild(
      h(
        'div',
        { class: 'd-head' },
        kindBadge(node.kind),
        h('span', { class: 'd-name', text: node.name }),
        node.partial &&
          h('span', {
            class: 'd-partial',
            id: 'details-partial',
            text: 'partial',
            title: 'A syntax error cost part of it',
          }),
      ),
    );
    if (node.path) root.appendChild(h('div', { class: 'd-path', text: node.path }));
    if (ctx.notice) root.appendChild(this.notice(ctx.notice));

    const actions = h('div', { class: 'd-actions' });
    if (ctx.isCollapsible) {
      actions.appendChild(
        h('button', {
          type: 'button',
          class: 'btn small',
          id: 'details-toggle',
          onclick: () => this.cb.onToggle(idx),
          text: ctx.isExpanded ? 'Collapse' : 'Expand',
        }),
      );
    }
    actions.appendChild(
      h('button', {
        type: 'button',
        class: 'btn small',
        id: 'details-focus',
        onclick: () => this.cb.onFocus(idx),
        text: 'Focus neighbourhood',
      }),
    );
    root.appendChild(actions);

    const dl = h('dl', { class: 'd-grid' });
    const row = (label, value) => {
      if (value !== undefined && value !== null && value !== '')
        dl.append(h('dt', { text: label }), h('dd', {}, value));
    };
    row('Kind', node.kind.replace('_', ' '));
    row('Visibility', node.visibility);
    if (node.file) {
      const line = node.span ? node.span.start[0] : 1;
      const loc = `${node.file}:${line}`;
      const hasSource = ctx.sources.has(node.file);
      row(
        'Location',
        hasSource
          ? h('button', {
              type: 'button',
              class: 'link',
              id: 'details-location',
              text: loc,
              title: 'Show in the editor',
              onclick: () => this.cb.onReveal(node.file, node.span),
            })
          : h('span', { class: 'mono', text: loc }),
      );
    }
    if (node.generics) row('Generics', h('code', { text: node.generics }));
    if (node.ty) row('Type', h('code', { text: node.ty }));
    if (node.import) row('Imports', h('code', { text: node.import + (node.alias ? ` as ${node.alias}` : '') }));
    if (node.derives?.length) row('Derives', chips(node.derives));
    if (node.flags?.length) row('Flags', chips(node.flags));
    if (node.cfgs?.length) row('cfg', chips(node.cfgs));
    if (node.attrs?.length) row('Attributes', chips(node.attrs));
    if (node.partial) row('Note', 'only part of this item could be read (see Diagnostics)');
    const children = index.children[idx];
    if (children?.length) row('Contains', `${children.length} item${children.length === 1 ? '' : 's'}`);
    root.appendChild(dl);

    if (node.signature) {
      root.appendChild(h('div', { class: 'd-section-title', text: 'Signature' }));
      root.appendChild(h('pre', { class: 'd-sig', id: 'details-signature', text: node.signature }));
    }
    if (node.doc) {
      root.appendChild(h('div', { class: 'd-section-title', text: 'Docs' }));
      root.appendChild(h('div', { class: 'd-doc', id: 'details-doc' }, renderMarkdown(node.doc)));
    }
    const snippet = this.snippet(node, ctx.sources);
    if (snippet) {
      root.appendChild(h('div', { class: 'd-section-title', text: 'Source' }));
      root.appendChild(snippet);
    }
    const twins = index.twinsOf(idx);
    if (twins.length)
      root.appendChild(
        this.links('Other cfg twins, drawn as this one', 'details-twins', twins, index, (t) => {
          const cfgs =
            index
              .node(t)
              .cfgs?.map((c) => `cfg(${c})`)
              .join(' ') || 'no cfg';
          return `${cfgs} · line ${index.node(t).span?.start?.[0] ?? '?'}`;
        }),
      );
    const targets = index.dispatchTargets(idx);
    if (targets.length)
      root.appendChild(this.links('May dispatch to', 'details-dispatch', targets, index, (t) => index.label(t)));
    const rels = this.relations(idx, index);
    if (rels) root.appendChild(rels);
  }

  /** Why the node is not drawn, and a button that shows it (see core/reveal.js). */
  notice({ reasons, actions, show }) {
    const text = `Not shown: ${reasons.join('; ')}.`;
    return h(
      'div',
      { class: 'd-notice', id: 'details-hidden', role: 'status' },
      h('div', { text }),
      show &&
        h(
          'div',
          { class: 'd-notice-actions' },
          h('button', {
            type: 'button',
            class: 'btn small',
            id: 'details-show-it',
            text: 'Show it',
            onclick: show,
          }),
          h('span', { class: 'muted small', text: `Will ${actions.join(', ')}.` }),
        ),
    );
  }

  /** A titled list of nodes, each a link that selects it. */
  links(title, id, list, index, text) {
    const ul = h('ul', { class: 'rel-list', id });
    for (const t of list)
      ul.appendChild(
        h(
          'li',
          {},
          h('button', {
            type: 'button',
            class: 'link',
            text: text(t),
            title: index.node(t).path,
            onclick: () => this.cb.onNavigate(t),
          }),
        ),
      );
    return h('div', {}, h('div', { class: 'd-section-title', text: `${title} (${list.length})` }), ul);
  }

  snippet(node, sources) {
    if (!node.file || !node.span) return null;
    const bytes = sources.get(node.file);
    if (!bytes) return null;
    const text = typeof bytes === 'string' ? bytes : dec.decode(bytes);
    const lines = text.split(/\r?\n/);
    const [s, e] = [node.span.start[0], node.span.end[0]];
    const from = Math.max(1, s - SNIPPET_CONTEXT);
    let to = Math.min(lines.length, e + SNIPPET_CONTEXT);
    let cut = false;
    if (to - from + 1 > SNIPPET_MAX) {
      to = from + SNIPPET_MAX - 1;
      cut = true;
    }
    const pre = h('pre', { class: 'snippet', id: 'details-snippet' });
    for (let l = from; l <= to; l++) {
      pre.appendChild(
        h(
          'div',
          { class: l >= s && l <= e ? 'line hl' : 'line' },
          h('span', { class: 'ln', text: String(l) }),
          h('span', { class: 'code', text: lines[l - 1] ?? '' }),
        ),
      );
    }
    if (cut)
      pre.appendChild(
        h(
          'div',
          { class: 'line' },
          h('span', { class: 'ln', text: '…' }),
          h('span', { class: 'code muted', text: `${e - to} more lines` }),
        ),
      );
    return pre;
  }

  relations(idx, index) {
    const groups = [
      ['Outgoing', index.out[idx], 't'],
      ['Incoming', index.in[idx], 's'],
    ];
    const wrap = h('div');
    for (const [title, list, end] of groups) {
      if (!list.length) continue;
      wrap.appendChild(h('div', { class: 'd-section-title', text: `${title} (${list.length})` }));
      const ul = h('ul', { class: 'rel-list' });
      for (const k of list.slice(0, 60)) {
        const e = index.edges[k];
        const other = e[end];
        const label = `${index.label(other)}`;
        ul.appendChild(
          h(
            'li',
            {},
            h('span', {
              class: 'rel-kind',
              text: (EDGE_STYLE[e.kind]?.label || e.kind) + relNote(e),
            }),
            h('button', {
              type: 'button',
              class: 'link',
              text: label,
              title: index.node(other).path,
              onclick: () => this.cb.onNavigate(other),
            }),
          ),
        );
      }
      if (list.length > 60) ul.appendChild(h('li', { class: 'muted', text: `and ${list.length - 60} more` }));
      wrap.appendChild(ul);
    }
    return wrap.childNodes.length ? wrap : null;
  }
}

/** A relation's confidence (unless exact) and a call's form: ` (inferred, operator)`. */
function relNote(e) {
  const notes = [];
  if (e.confidence && e.confidence !== 'exact') notes.push(e.confidence);
  if (e.form) notes.push(CALL_FORM_STYLE[e.form]?.label || e.form);
  return notes.length ? ` (${notes.join(', ')})` : '';
}

function chips(list) {
  return h(
    'span',
    { class: 'chips' },
    list.map((x) => h('span', { class: 'chip', text: x })),
  );
}
