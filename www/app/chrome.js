// The page's chrome around the graph: status line, banner, toast, progress bar,
// side tabs, menus and the theme. Each one is a fixed element of index.html.

import { $ } from '../core/dom.js';

export function setStatus(text, kind = '') {
  const el = $('#status');
  el.textContent = text;
  el.className = `status${kind ? ` ${kind}` : ''}`;
}

export function showBanner(message, kind = 'error') {
  const b = $('#banner');
  b.className = `banner${kind === 'info' ? ' info' : ''}`;
  $('.banner-text', b).textContent = message;
  b.hidden = false;
}

export function hideBanner() {
  $('#banner').hidden = true;
}

let toastTimer = null;
export function toast(message) {
  const t = $('#toast');
  t.textContent = message;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    t.hidden = true;
  }, 2600);
}

/** A fraction in 0..1, undefined for "busy, no estimate", null to hide the bar. */
export function progress(p) {
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

export function selectTab(name) {
  const tab = document.querySelector(`.tab[data-tab="${name}"]`);
  if (!tab) return;
  const bar = tab.parentElement;
  const side = bar.parentElement;
  for (const t of bar.querySelectorAll('.tab')) t.setAttribute('aria-selected', String(t === tab));
  for (const p of side.querySelectorAll('.tab-panel')) p.hidden = p.dataset.panel !== name;
}

export function closeMenus() {
  for (const l of document.querySelectorAll('.menu-list')) l.hidden = true;
}

/** A drop-down menu: its button opens the list, a pick or a click elsewhere closes it. */
export function setupMenu(menuId, onPick) {
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
    closeMenus();
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

/** The saved theme, else the system's. */
export function initialTheme() {
  let theme = null;
  try {
    theme = localStorage.getItem('cratemap-theme');
  } catch {
    /* ignore */
  }
  return theme || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

export function saveTheme(theme) {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem('cratemap-theme', theme);
  } catch {
    /* private mode */
  }
}
