// What it takes to draw a chosen item: the view to show it in and the filter changes
// it needs, with the reasons in words. The controller asks before it changes a filter
// (issue #17: choosing a hidden item must say why and offer to show it), so the
// reader always knows why the canvas changed. Pure data; prepareView checks each plan.

import { cloneFilters, filtersFor } from './filters.js';
import { FOCUS_VIEW, VIEWS } from './kinds.generated.js';
import { prepareView, visibilityClass } from './view.js';

/** Items whose owner's box is not needed to draw them (see the eligibility rule in view.js). */
const OWNER_KINDS = new Set(['impl', 'trait']);
const VIS_WORDS = { pub: 'public', crate: 'pub(…)', private: 'private' };

const kindWord = (kind) => `${kind.replace('_', ' ')}${kind.endsWith('s') ? 'es' : 's'}`;

/**
 * The filter changes view `view` needs so that node `idx` is eligible there: its own
 * kind, visibility and test status, and the same for each owner up to its module
 * (an item is drawn only inside a drawn owner; a method needs no impl or trait).
 */
function neededChanges(index, filters, view, idx) {
  const changes = [];
  const add = (change) => {
    if (!changes.some((c) => c.type === change.type && c.value === change.value)) changes.push(change);
  };
  if (filters.hideTests && index.isTest[idx]) add({ type: 'tests' });
  const kinds = filters.perView[view].nodeKinds;
  for (let i = idx; i !== -1; i = index.parent[i]) {
    const node = index.nodes[i];
    if (node.kind === 'module') break;
    if (!kinds.has(node.kind)) add({ type: 'kind', value: node.kind, owner: i !== idx });
    if (node.kind === 'external') {
      if (filters.hideExternal) add({ type: 'externals' });
    } else {
      const vis = visibilityClass(node.visibility);
      if (!filters.visibility.has(vis)) add({ type: 'visibility', value: vis });
    }
    const parent = index.parent[i];
    if (parent === -1 || (node.kind === 'method' && OWNER_KINDS.has(index.nodes[parent].kind))) break;
  }
  return changes;
}

/** Applies a plan's filter changes to `filters` (in place); the view is the caller's to switch. */
export function applyChanges(filters, { view, changes }) {
  for (const c of changes) {
    if (c.type === 'tests') filters.hideTests = false;
    else if (c.type === 'externals') filters.hideExternal = false;
    else if (c.type === 'visibility') filters.visibility.add(c.value);
    else if (c.type === 'kind') filters.perView[view].nodeKinds.add(c.value);
  }
}

const shownIn = (index, filters, view, idx) => prepareView(index, view, filtersFor(filters, view)).shown[idx] === 1;

/**
 * How to draw node `idx`, given the filters and the current view. With `focus`, the
 * view that answers questions about its kind (FOCUS_VIEW) is taken without asking.
 * Returns `{view, changes, switches, ask}`: `switches` when the view changes other than
 * for a focus, `ask` when the reader should agree first (a filter changes, or `switches`); `{represent}` instead when
 * another node stands for it (a cfg twin, or an owner that is drawn in its place);
 * `{view: null}` when no view can draw it.
 */
export function planReveal(index, filters, current, idx, { focus = false } = {}) {
  const twin = index.twinOf[idx];
  if (twin >= 0) return { represent: twin, why: 'twin' };
  const natural = FOCUS_VIEW[index.nodes[idx].kind];
  const order = [...new Set([natural, current, ...Object.keys(VIEWS)])].filter((v) => v && VIEWS[v]);
  let best = null;
  for (const view of order) {
    const changes = neededChanges(index, filters, view, idx);
    const switches = view !== current && !(focus && view === natural);
    const cost = changes.length + (switches ? 1 : 0);
    // Ties go to fewer filter changes (switching views changes no setting), then to order.
    if (best && (cost > best.cost || (cost === best.cost && changes.length >= best.changes.length))) continue;
    const trial = cloneFilters(filters);
    applyChanges(trial, { view, changes });
    if (shownIn(index, trial, view, idx)) best = { view, changes, cost, switches };
  }
  if (best) return { view: best.view, changes: best.changes, switches: best.switches, ask: best.cost > 0 };
  const prep = prepareView(index, current, filtersFor(filters, current));
  const stand = prep.lift[idx];
  if (stand >= 0 && stand !== idx && prep.shown[stand]) return { represent: stand, why: 'owner' };
  return { view: null, changes: [] };
}

/**
 * A plan in words: `reasons` (why the item is not drawn now) and `actions` (what
 * "Show it" changes), for the reader to agree to.
 */
export function describePlan(index, current, idx, plan) {
  const name = index.label(idx);
  if (plan.represent !== undefined) {
    const other = index.label(plan.represent);
    return plan.why === 'twin'
      ? {
          reasons: [
            `${name} is a cfg twin: the one at line ${index.nodes[plan.represent].span?.start?.[0] ?? '?'} is drawn for both`,
          ],
          actions: [`select the twin that is drawn`],
        }
      : { reasons: [`${name} is not drawn on its own here: ${other} stands for it`], actions: [`select ${other}`] };
  }
  if (!plan.view) return { reasons: [`no view can draw ${name}`], actions: [] };
  const reasons = [];
  const actions = [];
  const title = (v) => VIEWS[v].title;
  if (plan.switches) {
    const kind = index.nodes[idx].kind;
    reasons.push(
      VIEWS[current].nodeKinds.includes(kind)
        ? `the ${title(current)} view does not draw it`
        : `the ${title(current)} view does not draw ${kindWord(kind)}`,
    );
    actions.push(`open the ${title(plan.view)} view`);
  }
  for (const c of plan.changes) {
    if (c.type === 'tests') {
      reasons.push('it is test code, and tests are hidden');
      actions.push('show tests');
    } else if (c.type === 'externals') {
      reasons.push('externals are hidden');
      actions.push('show externals');
    } else if (c.type === 'visibility') {
      reasons.push(`${VIS_WORDS[c.value]} items are filtered out`);
      actions.push(`show ${VIS_WORDS[c.value]} items`);
    } else if (c.type === 'kind') {
      const what = kindWord(c.value);
      reasons.push(
        c.owner
          ? `it lives in a ${c.value.replace('_', ' ')}, and ${what} are filtered out of the ${title(plan.view)} view`
          : `${what} are filtered out of the ${title(plan.view)} view`,
      );
      actions.push(`show ${what} in the ${title(plan.view)} view`);
    }
  }
  return { reasons, actions };
}
