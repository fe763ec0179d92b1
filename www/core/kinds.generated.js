// Generated from src/model/kinds.rs by `UPDATE_SOURCEGEN=1 cargo test --test sourcegen`; do not edit.
// Node and edge kinds of the graph contract v1, with how each is drawn, and the three views.

export const NODE_KINDS = ['module', 'function', 'method', 'struct', 'enum', 'union', 'variant', 'field', 'trait', 'impl', 'type_alias', 'const', 'static', 'macro', 'use', 'type', 'external'];

export const EDGE_KINDS = ['contains', 'implements', 'impl_for', 'supertrait', 'bound', 'param_type', 'return_type', 'field_type', 'alias_of', 'value_type', 'type_arg', 'refers_to', 'imports', 'reexports', 'calls', 'macro_call'];

/** How a `calls` edge's call is written (its `form`), in the order the edge keeps one. */
export const CALL_FORMS = ['call', 'method', 'operator', 'value', 'macro'];

export const CALL_FORM_STYLE = {
  call: { label: 'call', title: 'a path called: f(x), Type::new()' },
  method: { label: 'method', title: 'a method call: x.m()' },
  operator: { label: 'operator', title: 'an operator on a crate type: a + b, x[i], a == b' },
  value: { label: 'value', title: 'a function passed as a value: .map(f)' },
  macro: { label: 'in macro', title: 'a call written inside a macro\'s input: assert_eq!(f(x), y)' },
};

/** Colors chosen to stay readable on both themes. */
export const KIND_STYLE = {
  module: { color: '#8a94a6', shape: 'round-rectangle', label: 'module' },
  function: { color: '#2f7fd1', shape: 'round-rectangle', label: 'fn' },
  method: { color: '#4c9be8', shape: 'round-rectangle', label: 'method' },
  struct: { color: '#2e9e6a', shape: 'round-rectangle', label: 'struct' },
  enum: { color: '#8b5cc7', shape: 'round-rectangle', label: 'enum' },
  union: { color: '#6b8e23', shape: 'round-rectangle', label: 'union' },
  variant: { color: '#a57fd6', shape: 'round-rectangle', label: 'variant' },
  field: { color: '#5fb58a', shape: 'round-rectangle', label: 'field' },
  trait: { color: '#d9822b', shape: 'hexagon', label: 'trait' },
  impl: { color: '#a0785c', shape: 'round-rectangle', label: 'impl' },
  type_alias: { color: '#1f9aa5', shape: 'round-rectangle', label: 'type' },
  const: { color: '#c2527a', shape: 'round-tag', label: 'const' },
  static: { color: '#b23a5e', shape: 'round-tag', label: 'static' },
  macro: { color: '#c99a12', shape: 'round-octagon', label: 'macro' },
  use: { color: '#7d8796', shape: 'round-rectangle', label: 'use' },
  type: { color: '#6c7a89', shape: 'round-rectangle', label: 'type ref' },
  external: { color: '#9aa3b1', shape: 'round-rectangle', label: 'external' },
};

export const EDGE_STYLE = {
  contains: { color: '#9aa3b1', dashed: false, label: 'contains', arrow: 'triangle' },
  implements: { color: '#d9822b', dashed: false, label: 'implements', arrow: 'triangle-backcurve' },
  impl_for: { color: '#2e9e6a', dashed: false, label: 'impl for', arrow: 'triangle-backcurve' },
  supertrait: { color: '#e0a030', dashed: true, label: 'supertrait', arrow: 'triangle-backcurve' },
  bound: { color: '#b07d3a', dashed: true, label: 'bound', arrow: 'triangle' },
  param_type: { color: '#7a8ca8', dashed: true, label: 'param type', arrow: 'triangle' },
  return_type: { color: '#5c7fb0', dashed: true, label: 'return type', arrow: 'triangle' },
  field_type: { color: '#5fb58a', dashed: true, label: 'field type', arrow: 'triangle' },
  alias_of: { color: '#1f9aa5', dashed: true, label: 'alias of', arrow: 'triangle' },
  value_type: { color: '#c2527a', dashed: true, label: 'value type', arrow: 'triangle' },
  type_arg: { color: '#8a94a6', dashed: true, label: 'type arg', arrow: 'triangle' },
  refers_to: { color: '#8a94a6', dashed: true, label: 'refers to', arrow: 'triangle' },
  imports: { color: '#8b5cc7', dashed: true, label: 'imports', arrow: 'triangle' },
  reexports: { color: '#a057d6', dashed: false, label: 're-exports', arrow: 'triangle' },
  calls: { color: '#2f7fd1', dashed: false, label: 'calls', arrow: 'triangle' },
  macro_call: { color: '#c99a12', dashed: true, label: 'macro call', arrow: 'triangle' },
};

/**
 * A view says which node kinds take part and which edge kinds are drawn by default.
 * Modules are always containers. `type` nodes (interned types) are resolved through
 * to their definitions unless the user turns the `type` kind on.
 */
export const VIEWS = {
  modules: {
    title: 'Modules',
    nodeKinds: ['module', 'function', 'struct', 'enum', 'union', 'trait', 'impl', 'type_alias', 'const', 'static', 'macro'],
    edgeKinds: ['implements', 'impl_for', 'reexports'],
    showEmptyModules: true,
    layout: 'boxes',
  },
  types: {
    title: 'Types & traits',
    nodeKinds: ['module', 'struct', 'enum', 'union', 'trait', 'impl', 'type_alias', 'external'],
    edgeKinds: ['implements', 'impl_for', 'supertrait', 'field_type', 'alias_of'],
    showEmptyModules: false,
    layout: 'hierarchical',
  },
  calls: {
    title: 'Calls',
    nodeKinds: ['module', 'function', 'method', 'macro', 'external'],
    edgeKinds: ['calls', 'macro_call'],
    showEmptyModules: false,
    layout: 'hierarchical',
  },
};

/** Kinds that can hold others through `contains` and can be drawn as boxes. */
export const CONTAINER_KINDS = new Set(['module', 'struct', 'enum', 'union', 'trait', 'impl']);

/** Reading order of leaves in a packed box: collapsed modules, then types and traits near
 * their impls, then the rest; kinds not listed come last. */
export const PACK_ORDER = ['module', 'trait', 'struct', 'enum', 'union', 'type_alias', 'impl', 'function', 'method', 'macro', 'const', 'static'];

/** The view that answers questions about a node of each kind: focusing on one opens it. */
export const FOCUS_VIEW = {
  function: 'calls',
  method: 'calls',
  struct: 'types',
  enum: 'types',
  union: 'types',
  trait: 'types',
  impl: 'types',
  type_alias: 'types',
  macro: 'calls',
};

export function kindColor(kind) {
  return (KIND_STYLE[kind] || KIND_STYLE.external).color;
}
