//! Resolve: syntax-only name resolution over the frozen graph.
//!
//! Three passes, each parallel over its references with rayon:
//! 1. impl and trait headers (`implements`, `impl_for`, `supertrait`), which
//!    build the index of what each type implements;
//! 2. every other path (`refers_to`, `macro_call`) and every `use`
//!    (`imports`, `reexports`);
//! 3. calls, which need both.
//!
//! A name that resolves to nothing in the input becomes an `external` node
//! when its path is known (an extern crate path, a prelude name), so a
//! reference never just disappears.

mod calls;
mod cfg;
mod impls;
mod prelude;
mod scopes;

use crate::freeze::{Frozen, Reference};
use crate::model::{Confidence, Edge, EdgeKind, Graph, Node, NodeId, NodeKind, Visibility};
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use scopes::{Scopes, UseBinding};

/// Where a path led.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// Definitions in the input (more than one under different `cfg`s).
    Defs(Vec<NodeId>),
    /// Something outside the input, by its full path.
    External(String),
}

/// An edge to be added; externals are numbered once all are known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    source: NodeId,
    kind: EdgeKind,
    target: Target,
    confidence: Option<Confidence>,
}

fn is_header(kind: EdgeKind) -> bool {
    matches!(
        kind,
        EdgeKind::Implements | EdgeKind::ImplFor | EdgeKind::Supertrait
    )
}

/// Resolves every name, call and import in `frozen`, and hands back the finished graph.
pub fn resolve(frozen: Frozen) -> Graph {
    // Everything but the graph is spent once the edges are found: it is freed
    // before the graph grows by them, so that the two never peak together.
    let found = find(&frozen);
    let mut graph = frozen.graph;
    add_found(&mut graph, found);
    crate::freeze::count(&mut graph);
    graph
}

/// The edges that resolving `frozen`'s references, uses and calls gives.
fn find(frozen: &Frozen) -> Vec<Found> {
    let scopes = Scopes::build(&frozen.graph);

    let headers: Vec<Found> = frozen
        .references
        .par_iter()
        .filter(|r| is_header(r.kind))
        .filter_map(|r| reference(&scopes, r))
        .collect();
    let mut found: Vec<Found> = frozen
        .references
        .par_iter()
        .filter(|r| !is_header(r.kind))
        .filter_map(|r| reference(&scopes, r))
        .collect();
    // Field and return types resolve through `refers_to`, which receivers
    // like `self.field` and `make()?` need.
    let mut refers: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
    for f in found.iter().filter(|f| f.kind == EdgeKind::RefersTo) {
        if let Target::Defs(defs) = &f.target {
            refers.entry(f.source).or_default().extend(defs);
        }
    }
    let impls = impls::ImplIndex::build(&frozen.graph, &headers, &refers);
    found.extend(headers);
    found.par_extend(
        scopes
            .uses
            .par_iter()
            .flat_map_iter(|u| use_edges(&scopes, u)),
    );
    let calls = calls::Calls::new(
        &scopes,
        &impls,
        &refers,
        &frozen.impl_self,
        &frozen.generic_bounds,
        &frozen.type_paths,
        &frozen.graph,
    );
    found.par_extend(frozen.calls.par_iter().flat_map_iter(|c| calls.resolve(c)));

    found
}

/// A type path, trait path or macro path, resolved in its module.
fn reference(scopes: &Scopes, r: &Reference) -> Option<Found> {
    let resolved = match (r.kind, r.segments.single()) {
        (EdgeKind::MacroCall, Some(name)) if !r.global => scopes.macro_named(r.scope, name),
        _ => scopes.resolve_path(r.scope, r.segments.segments(), r.global),
    };
    let target = match (r.kind, resolved) {
        // A macro is named by its invocation path; one defined outside
        // the input is known by that path plus `!`.
        (EdgeKind::MacroCall, Some(Target::Defs(defs))) => {
            let macros: Vec<NodeId> = defs
                .into_iter()
                .filter(|&d| scopes.kind(d) == NodeKind::Macro)
                .collect();
            if macros.is_empty() {
                Target::External(format!("{}!", r.segments))
            } else {
                Target::Defs(macros)
            }
        }
        (EdgeKind::MacroCall, Some(Target::External(path))) => Target::External(format!("{path}!")),
        (_, Some(Target::Defs(defs))) => {
            let wanted: Vec<NodeId> = defs
                .into_iter()
                .filter(|&d| {
                    let kind = scopes.kind(d);
                    kind.is_type_definition() || kind == NodeKind::Variant
                })
                .collect();
            if wanted.is_empty() {
                return None;
            }
            Target::Defs(wanted)
        }
        (_, Some(external)) => external,
        // A multi-segment path whose start is unknown starts with a crate
        // that is not in the input (edition 2018 needs no `extern crate`).
        (_, None) if r.segments.len() > 1 && !r.segments.first().is_some_and(is_relative) => {
            Target::External(r.segments.to_string())
        }
        (_, None) => return None,
    };
    Some(Found {
        source: r.source,
        kind: r.kind,
        target,
        confidence: None,
    })
}

fn is_relative(segment: &str) -> bool {
    matches!(segment, "self" | "super" | "crate" | "Self" | "$crate")
}

/// `imports` from a `use` leaf to what it names; `reexports` from the module
/// to it when the `use` is public.
fn use_edges(scopes: &Scopes, binding: &UseBinding) -> Vec<Found> {
    let target =
        match scopes.resolve_path(binding.module, binding.path.iter().copied(), binding.global) {
            Some(target) => target,
            None if binding.glob => return Vec::new(),
            None => Target::External(binding.path.join("::")),
        };
    let mut out = vec![Found {
        source: binding.node,
        kind: EdgeKind::Imports,
        target: target.clone(),
        confidence: None,
    }];
    if binding.public {
        out.push(Found {
            source: binding.module,
            kind: EdgeKind::Reexports,
            target,
            confidence: None,
        });
    }
    out
}

/// Adds the edges, numbering the externals they name after every other node,
/// in path order.
fn add_found(graph: &mut Graph, found: Vec<Found>) {
    let mut externals: Vec<String> = found
        .iter()
        .filter_map(|f| match &f.target {
            Target::External(path) => Some(path.clone()),
            Target::Defs(_) => None,
        })
        .collect();
    externals.par_sort_unstable();
    externals.dedup();
    let first = graph.nodes.len();
    let id_at = |index: usize| NodeId::try_from(first + index).unwrap_or(NodeId::MAX);
    let external_id = |path: &str| {
        let index = externals
            .binary_search_by(|e| e.as_str().cmp(path))
            .unwrap_or_default();
        id_at(index)
    };
    let edges: Vec<Edge> = found
        .into_par_iter()
        .flat_map_iter(|f| {
            let targets = match f.target {
                Target::Defs(defs) => defs,
                Target::External(path) => vec![external_id(&path)],
            };
            targets.into_iter().map(move |target| Edge {
                source: f.source,
                target,
                kind: f.kind,
                confidence: f.confidence,
            })
        })
        .collect();
    graph
        .nodes
        .extend(externals.into_iter().enumerate().map(|(index, path)| Node {
            id: id_at(index),
            kind: NodeKind::External,
            name: path.rsplit("::").next().unwrap_or(&path).to_string(),
            path,
            file: None,
            span: None,
            visibility: Visibility::Public,
            details: Default::default(),
        }));
    graph.edges.reserve_exact(edges.len());
    graph.edges.extend(edges);
    graph.edges.par_sort_unstable();
    graph
        .edges
        .dedup_by(|b, a| (a.source, a.target, a.kind) == (b.source, b.target, b.kind));
}

fn dedup(mut ids: Vec<NodeId>) -> Vec<NodeId> {
    ids.sort_unstable();
    ids.dedup();
    ids
}
