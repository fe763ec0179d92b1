// The page's keyboard shortcuts: analyze (Ctrl+Enter), search (/), Escape, arrows
// between nodes, Enter/+/- to expand or collapse, f to focus, [ and ] to hide or show
// the source and details panels.

import { $ } from '../../core/dom.js';
import { closeMenus } from '../chrome.js';

/** Whether a key press goes to a text field (or the editor) rather than the page. */
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

/** `controller`: the view controller; `analyze()`: runs the engine; `togglePanel(side)`: a side panel. */
export function keyboardShortcuts(controller, { analyze, togglePanel }) {
  const { canvas } = controller;
  return (e) => {
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
    if ((e.key === '[' || e.key === ']') && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      togglePanel(e.key === '[' ? 'left' : 'right');
      return;
    }
    if (e.key === 'Escape') {
      closeMenus();
      if (!controller.clearFocus()) controller.select(null);
      return;
    }
    if (!controller.index) return;
    if (e.key.startsWith('Arrow')) {
      const next = canvas.neighbourInDirection(e.key);
      if (next) {
        e.preventDefault();
        const idx = next.data('idx');
        canvas.select(idx);
        canvas.centerOn(idx);
        if (idx >= 0) controller.select(idx);
      }
      return;
    }
    const { selected } = controller;
    if ((e.key === 'Enter' || e.key === '+' || e.key === '-') && selected !== null) {
      e.preventDefault();
      controller.toggle(selected);
      return;
    }
    if (e.key === 'f' && selected !== null) {
      e.preventDefault();
      controller.setFocus(selected);
    }
  };
}
