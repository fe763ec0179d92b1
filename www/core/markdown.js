// Doc comments as markdown: markdown-it parses, and its tokens become DOM nodes here.
// No HTML string is ever inserted (the page's rule: input-derived text only becomes text
// nodes), so markdown-it's own renderer is not used. `html: false` keeps raw HTML in docs
// as text; markdown-it's `validateLink` already refuses javascript:, vbscript:, file: and
// most data: links (they stay text).

import MarkdownIt from 'markdown-it';
import { h } from './dom.js';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Links that leave the page for the web; rustdoc's intra-doc paths (`crate::x`) and anchors stay text. */
const EXTERNAL = /^(https?:|mailto:)/i;

/** Renders markdown `text` into a fragment of DOM nodes. */
export function renderMarkdown(text) {
  const root = document.createDocumentFragment();
  const stack = [root];
  const top = () => stack[stack.length - 1];
  blocks(md.parse(String(text), {}), stack, top);
  return root;
}

function blocks(tokens, stack, top) {
  for (const t of tokens) {
    if (t.type === 'inline') inline(t.children || [], top());
    else if (t.nesting === 1) stack.push(top().appendChild(element(t)));
    else if (t.nesting === -1) stack.pop();
    else if (t.type === 'fence' || t.type === 'code_block')
      top().appendChild(h('pre', {}, h('code', { text: t.content.replace(/\n$/, '') })));
    else if (t.type === 'hr') top().appendChild(h('hr'));
  }
}

function inline(tokens, parent) {
  const stack = [parent];
  const top = () => stack[stack.length - 1];
  for (const t of tokens) {
    if (t.type === 'link_open') {
      const href = t.attrGet('href') || '';
      // A link that is not external still holds its text, in a span.
      const el = EXTERNAL.test(href)
        ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', title: href })
        : h('span');
      stack.push(top().appendChild(el));
    } else if (t.nesting === 1) stack.push(top().appendChild(element(t)));
    else if (t.nesting === -1) stack.pop();
    else if (t.type === 'code_inline') top().appendChild(h('code', { text: t.content }));
    else if (t.type === 'softbreak') top().appendChild(document.createTextNode('\n'));
    else if (t.type === 'hardbreak') top().appendChild(h('br'));
    // An image shows its alt text: docs never load anything.
    else if (t.type === 'image') top().appendChild(document.createTextNode(t.content));
    else top().appendChild(document.createTextNode(t.content));
  }
}

/** A block or inline element by markdown-it's tag name; attributes are dropped (tables' `style` too, for the CSP). */
function element(t) {
  const el = h(t.tag);
  if (t.tag === 'ol' && t.attrGet('start')) el.setAttribute('start', t.attrGet('start'));
  return el;
}
