// What the reader filters: per view its node and edge kinds, and for all views
// visibility, call confidence and form, externals and tests. Every view starts from its own
// defaults (VIEWS); the app's filters panel and the embed's attributes edit these.

import { CALL_FORMS, VIEWS } from './kinds.generated.js';

/** Visibility classes, as `visibilityClass` in view.js sorts nodes into them. */
export const VISIBILITIES = ['pub', 'crate', 'private'];
/** How sure resolve is of a call edge. */
export const CONFIDENCES = ['exact', 'inferred', 'ambiguous'];

export function defaultFilters() {
  const perView = {};
  for (const [name, v] of Object.entries(VIEWS)) {
    perView[name] = { nodeKinds: new Set(v.nodeKinds), edgeKinds: new Set(v.edgeKinds) };
  }
  return {
    perView,
    visibility: new Set(VISIBILITIES),
    confidence: new Set(CONFIDENCES),
    form: new Set(CALL_FORMS),
    hideExternal: false,
    hideTests: true,
  };
}

/** The filter object view.js wants for one view. */
export function filtersFor(f, view) {
  return {
    ...f.perView[view],
    visibility: f.visibility,
    confidence: f.confidence,
    form: f.form,
    hideExternal: f.hideExternal,
    hideTests: f.hideTests,
  };
}

/** A copy that can be changed without touching `f`. */
export function cloneFilters(f) {
  const perView = {};
  for (const [name, v] of Object.entries(f.perView))
    perView[name] = { nodeKinds: new Set(v.nodeKinds), edgeKinds: new Set(v.edgeKinds) };
  return {
    ...f,
    perView,
    visibility: new Set(f.visibility),
    confidence: new Set(f.confidence),
    form: new Set(f.form),
  };
}
