// Search with autocomplete over names and paths, ranked by core/search.js. Results are built with DOM nodes;
// the matched part is wrapped in <mark> through text nodes, never markup.

import { h, clear, kindBadge } from '../../core/dom.js';
import { rankSearch } from '../../core/search.js';

const MAX_RESULTS = 30;

export class Search {
  constructor(input, list, { onChoose }) {
    this.input = input;
    this.list = list;
    this.onChoose = onChoose;
    this.index = null;
    this.results = [];
    this.active = -1;
    input.addEventListener('input', () => this.update());
    input.addEventListener('focus', () => {
      if (input.value) this.update();
    });
    input.addEventListener('keydown', (e) => this.key(e));
    // Late enough for a click on a result to land; typing again cancels it.
    input.addEventListener('blur', () => {
      this.closeTimer = setTimeout(() => this.close(), 150);
    });
  }

  setIndex(index) {
    this.index = index;
    if (this.input.value && document.activeElement === this.input) this.update();
    else this.close();
  }

  update() {
    clearTimeout(this.closeTimer);
    const q = this.input.value;
    this.results = rankSearch(this.index, q, { limit: MAX_RESULTS });
    this.active = this.results.length ? 0 : -1;
    this.render(q);
  }

  render(q) {
    const list = clear(this.list);
    if (!q.trim()) {
      this.close();
      return;
    }
    if (!this.results.length) {
      list.appendChild(h('li', { class: 'sr-empty', text: this.index ? 'No matches' : 'Nothing analyzed yet' }));
    }
    this.results.forEach((i, k) => {
      const node = this.index.nodes[i];
      const li = h(
        'li',
        {
          role: 'option',
          id: `sr-${k}`,
          'aria-selected': k === this.active ? 'true' : 'false',
          'data-path': node.path,
        },
        kindBadge(node.kind),
        h('span', { class: 'sr-name' }, highlight(this.index.label(i), q)),
        h('span', { class: 'sr-path', text: node.path }),
      );
      li.addEventListener('mousedown', (e) => {
        e.preventDefault();
        this.choose(k);
      });
      list.appendChild(li);
    });
    list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `sr-${this.active}`);
  }

  key(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!this.results.length) return;
      e.preventDefault();
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + this.results.length) % this.results.length;
      this.render(this.input.value);
      this.list.querySelector(`#sr-${this.active}`)?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.active >= 0) this.choose(this.active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.input.value = '';
      this.close();
      this.input.blur();
    }
  }

  choose(k) {
    const i = this.results[k];
    this.close();
    this.input.blur();
    if (i !== undefined) this.onChoose(i);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}

function highlight(text, q) {
  const t = String(text);
  const pos = t.toLowerCase().indexOf(q.toLowerCase().trim());
  if (pos < 0 || !q.trim()) return t;
  const n = q.trim().length;
  return [t.slice(0, pos), h('mark', { text: t.slice(pos, pos + n) }), t.slice(pos + n)];
}
