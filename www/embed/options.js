// The element's attributes, read into the options the viewer uses. The CLI's
// `export` command takes the same names (`--view`, `--focus`, `--depth`, ...),
// so an exported page and a hand-written embed mean the same thing.

import { defaultFilters, VISIBILITIES } from '../core/filters.js';
import { VIEWS, NODE_KINDS, EDGE_KINDS } from '../core/kinds.generated.js';

export const OBSERVED = [
  'src',
  'crate-src',
  'view',
  'focus',
  'depth',
  'direction',
  'layout',
  'height',
  'theme',
  'node-kinds',
  'edge-kinds',
  'visibility',
  'hide-external',
  'show-tests',
  'readonly',
];

/** Attributes that change what is loaded; the others only change how it is shown. */
export const SOURCE_ATTRIBUTES = new Set(['src', 'crate-src']);

const DIRECTIONS = ['in', 'out', 'both'];
const LAYOUTS = ['auto', 'boxes', 'hierarchical', 'force'];

/** A comma or space separated list, keeping only known words (unknown ones are reported). */
function list(value, known, name, problems) {
  const out = new Set();
  for (const word of String(value).split(/[\s,]+/)) {
    if (!word) continue;
    if (known.includes(word)) out.add(word);
    else problems.push(`${name}: unknown value "${word}"`);
  }
  return out;
}

function oneOf(value, known, fallback, name, problems) {
  if (value === null || value === '') return fallback;
  if (known.includes(value)) return value;
  problems.push(`${name}: "${value}" is not one of ${known.join(', ')}`);
  return fallback;
}

/** Reads an element's attributes. `problems` collects what was ignored and why. */
export function readOptions(el) {
  const problems = [];
  const attr = (name) => el.getAttribute(name);
  const view = oneOf(attr('view'), Object.keys(VIEWS), 'modules', 'view', problems);
  const filters = defaultFilters();
  const own = filters.perView[view];
  if (attr('node-kinds') !== null) own.nodeKinds = list(attr('node-kinds'), NODE_KINDS, 'node-kinds', problems);
  if (attr('edge-kinds') !== null) own.edgeKinds = list(attr('edge-kinds'), EDGE_KINDS, 'edge-kinds', problems);
  if (attr('visibility') !== null) filters.visibility = list(attr('visibility'), VISIBILITIES, 'visibility', problems);
  filters.hideExternal = el.hasAttribute('hide-external');
  filters.hideTests = !el.hasAttribute('show-tests');
  const depth = Number.parseInt(attr('depth') ?? '1', 10);
  return {
    view,
    filters,
    focus: attr('focus') || null,
    depth: Number.isFinite(depth) ? Math.min(3, Math.max(1, depth)) : 1,
    direction: oneOf(attr('direction'), DIRECTIONS, 'both', 'direction', problems),
    layout: oneOf(attr('layout'), LAYOUTS, 'auto', 'layout', problems),
    theme: oneOf(attr('theme'), ['auto', 'light', 'dark'], 'auto', 'theme', problems),
    height: cssLength(attr('height')),
    readonly: el.hasAttribute('readonly'),
    problems,
  };
}

/** `480` means pixels; anything else must be a plain CSS length. */
function cssLength(value) {
  if (!value) return '480px';
  if (/^\d+(\.\d+)?$/.test(value)) return `${value}px`;
  if (/^\d+(\.\d+)?(px|em|rem|vh|%)$/.test(value)) return value;
  return '480px';
}
