// The page's chrome around the graph: status line, banner, toast, progress bar,
// side panels and their tabs, menus and the theme. Each one is a fixed element of index.html.

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

/** Shows the tab `name` in its side panel; `open` also expands the panel when it is collapsed. */
export function selectTab(name, { open = false } = {}) {
  const tab = document.querySelector(`.tab[data-tab="${name}"]`);
  if (!tab) return;
  const side = tab.closest('.sidebar');
  for (const t of side.querySelectorAll('.tab')) t.setAttribute('aria-selected', String(t === tab));
  for (const p of side.querySelectorAll('.tab-panel')) p.hidden = p.dataset.panel !== name;
  if (open) setSidePanel(side.id === 'side-left' ? 'left' : 'right', true);
}

const PANELS_KEY = 'cratemap-panels';
/** Below this window width the source panel starts collapsed, unless the reader chose. */
const NARROW = 1200;

function savedPanels() {
  try {
    return JSON.parse(localStorage.getItem(PANELS_KEY)) || {};
  } catch {
    return {};
  }
}

/** Opens (`open` true) or collapses the side panel `side` ('left' or 'right'). */
export function setSidePanel(side, open, { save = true } = {}) {
  const panel = document.getElementById(`side-${side}`);
  const toggle = panel.querySelector('.side-toggle');
  panel.classList.toggle('collapsed', !open);
  document.querySelector('.layout').classList.toggle(`${side}-collapsed`, !open);
  toggle.setAttribute('aria-expanded', String(open));
  const key = side === 'left' ? '[' : ']';
  toggle.title = `${open ? 'Hide' : 'Show'} the ${side === 'left' ? 'source' : 'details'} panel ( ${key} )`;
  if (!save) return;
  try {
    localStorage.setItem(PANELS_KEY, JSON.stringify({ ...savedPanels(), [side]: open }));
  } catch {
    /* private mode */
  }
}

export function toggleSidePanel(side) {
  setSidePanel(side, document.getElementById(`side-${side}`).classList.contains('collapsed'));
}

/**
 * The side panels as the reader left them (localStorage), else both open, the source
 * panel collapsed on a narrow window. The canvas follows their size by itself (the
 * core's canvas watches its container).
 */
export function setupSidePanels() {
  const saved = savedPanels();
  const narrow = window.innerWidth < NARROW;
  setSidePanel('left', saved.left ?? !narrow, { save: false });
  setSidePanel('right', saved.right ?? true, { save: false });
  for (const b of document.querySelectorAll('.side-toggle'))
    b.addEventListener('click', () => toggleSidePanel(b.dataset.side));
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
