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
pub mod cfg;
mod generics;
mod impls;
pub(crate) mod prelude;
mod scopes;

use crate::freeze::{Call, Frozen, Reference, TypeFacts};
use crate::model::{
    CallForm, Confidence, Edge, EdgeKind, Graph, Node, NodeId, NodeKind, Visibility,
};
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
    form: Option<CallForm>,
}

fn is_header(kind: EdgeKind) -> bool {
    matches!(
        kind,
        EdgeKind::Implements | EdgeKind::ImplFor | EdgeKind::Supertrait
    )
}

/// Resolves every name, call and import in `frozen`, and hands back the finished graph.
pub fn resolve(frozen: Frozen) -> Graph {
    let Frozen {
        mut graph,
        references,
        calls,
        mut types,
    } = frozen;
    let found = find(&graph, references, calls, &types);
    let crate_features = std::mem::take(&mut types.crate_features);
    // Everything but the graph is spent once the edges are found: it is freed
    // before the graph grows by them, so that the two never peak together.
    drop(types);
    add_found(&mut graph, found);
    cfg::flag_off(&mut graph, &crate_features);
    count(&mut graph);
    graph
}

/// The edges resolve found, as compact as they will be in the graph: one
/// [`Found`] per reference, with its list of targets, was twice the size of
/// the graph's edges while call resolution was at its peak.
#[derive(Default)]
struct FoundEdges {
    /// Edges to definitions in the input.
    edges: Vec<Edge>,
    /// Edges to what the input does not define, by its full path; numbered
    /// once all are known.
    externals: Vec<(Edge, String)>,
}

impl FoundEdges {
    fn add(&mut self, found: impl ParallelIterator<Item = Found>) {
        let (edges, externals): (Vec<Edge>, Vec<(Edge, String)>) = found
            .flat_map_iter(FoundEdge::of)
            .partition_map(|edge| match edge {
                FoundEdge::Def(edge) => rayon::iter::Either::Left(edge),
                FoundEdge::External(edge, path) => rayon::iter::Either::Right((edge, path)),
            });
        self.edges.extend(edges);
        self.externals.extend(externals);
    }
}

enum FoundEdge {
    Def(Edge),
    /// The edge's target is a placeholder until the path is numbered.
    External(Edge, String),
}

impl FoundEdge {
    fn of(found: Found) -> impl Iterator<Item = FoundEdge> {
        let (source, kind, confidence, form) =
            (found.source, found.kind, found.confidence, found.form);
        let edge = move |target| Edge {
            source,
            target,
            kind,
            confidence,
            form,
        };
        let (defs, external) = match found.target {
            Target::Defs(defs) => (defs, None),
            Target::External(path) => (Vec::new(), Some(FoundEdge::External(edge(0), path))),
        };
        defs.into_iter()
            .map(move |def| FoundEdge::Def(edge(def)))
            .chain(external)
    }
}

/// The edges that resolving the references, uses and calls gives. The
/// references and calls are freed as they are resolved.
fn find(
    graph: &Graph,
    references: Vec<Reference>,
    calls: Vec<Vec<Call>>,
    types: &TypeFacts,
) -> FoundEdges {
    let scopes = Scopes::build(graph, Some(&types.crate_features));

    let headers: Vec<Found> = references
        .par_iter()
        .filter(|r| is_header(r.kind))
        .filter_map(|r| reference(&scopes, r))
        .collect();
    let mut found = FoundEdges::default();
    found.add(
        references
            .into_par_iter()
            .filter(|r| !is_header(r.kind))
            .filter_map(|r| reference(&scopes, &r)),
    );
    // Field and return types resolve through `refers_to`, which receivers
    // like `self.field` and `make()?` need.
    let mut refers: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
    for edge in found.edges.iter().filter(|e| e.kind == EdgeKind::RefersTo) {
        refers.entry(edge.source).or_default().push(edge.target);
    }
    let impls = impls::ImplIndex::build(graph, &headers, &refers);
    found.add(headers.into_par_iter());
    found.add(
        scopes
            .uses
            .par_iter()
            .flat_map_iter(|u| use_edges(&scopes, u)),
    );
    let resolver = calls::Calls {
        scopes: &scopes,
        impls: &impls,
        refers: &refers,
        types,
        graph,
    };
    found.add(
        calls
            .into_par_iter()
            .flatten()
            .filter_map(|c| resolver.resolve(&c)),
    );
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
        form: None,
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
        form: None,
    }];
    if binding.public {
        out.push(Found {
            source: binding.module,
            kind: EdgeKind::Reexports,
            target,
            confidence: None,
            form: None,
        });
    }
    out
}

/// Adds the edges, numbering the externals they name after every other node,
/// in path order.
fn add_found(graph: &mut Graph, found: FoundEdges) {
    let FoundEdges {
        mut edges,
        externals,
    } = found;
    let mut paths: Vec<&str> = externals.iter().map(|(_, path)| path.as_str()).collect();
    paths.par_sort_unstable();
    paths.dedup();
    let first = graph.nodes.len();
    let id_at = |index: usize| NodeId::try_from(first + index).unwrap_or(NodeId::MAX);
    edges.par_extend(externals.par_iter().map(|(edge, path)| Edge {
        target: id_at(paths.binary_search(&path.as_str()).unwrap_or_default()),
        ..*edge
    }));
    graph
        .nodes
        .extend(paths.iter().enumerate().map(|(index, &path)| Node {
            id: id_at(index),
            kind: NodeKind::External,
            name: path.rsplit("::").next().unwrap_or(path).to_string(),
            path: path.to_string(),
            file: None,
            span: None,
            visibility: Visibility::Public,
            details: Default::default(),
        }));
    drop(paths);
    drop(externals);
    merge_sorted(&mut graph.edges, edges);
    // Sorted by confidence, then form: of one caller's edges to one callee the
    // most confident stays, then the first form in the table's order.
    graph
        .edges
        .dedup_by(|b, a| (a.source, a.target, a.kind) == (b.source, b.target, b.kind));
}

/// Adds `more` to `sorted` (freeze's edges, sorted already) and keeps it sorted: only `more`
/// is sorted, then the two are merged from the back into `sorted`'s new room, which needs no
/// third copy. Sorting all of them again was a fifth of resolve on std's sources.
fn merge_sorted(sorted: &mut Vec<Edge>, mut more: Vec<Edge>) {
    more.par_sort_unstable();
    let Some(&filler) = more.first() else {
        return;
    };
    let (mut i, mut j) = (sorted.len(), more.len());
    sorted.resize(i + j, filler);
    // Invariant: the slots from `i + j` on hold the largest edges, in order.
    while j > 0 {
        let k = i + j - 1;
        if i > 0 && sorted[i - 1] > more[j - 1] {
            sorted[k] = sorted[i - 1];
            i -= 1;
        } else {
            sorted[k] = more[j - 1];
            j -= 1;
        }
    }
}

/// Whole-graph counts, once the graph has all its nodes and edges.
fn count(graph: &mut Graph) {
    graph.stats.nodes = graph.nodes.len();
    graph.stats.edges = graph.edges.len();
    let mut counts = [0; NodeKind::ALL.len()];
    for node in &graph.nodes {
        counts[node.kind as usize] += 1;
    }
    graph.stats.items = NodeKind::ALL
        .into_iter()
        .zip(counts)
        .filter(|&(_, count)| count > 0)
        .map(|(kind, count)| (kind.as_str().to_string(), count))
        .collect();
}

fn dedup(mut ids: Vec<NodeId>) -> Vec<NodeId> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Confidence;
    use proptest::prelude::*;

    fn edge((source, target, kind, confidence): (u32, u32, usize, usize)) -> Edge {
        Edge {
            source,
            target,
            kind: [EdgeKind::Calls, EdgeKind::RefersTo, EdgeKind::Contains][kind],
            confidence: [None, Some(Confidence::Exact), Some(Confidence::Inferred)][confidence],
            form: None,
        }
    }

    proptest! {
        #[test]
        fn merging_gives_what_sorting_all_gives(
            sorted in prop::collection::vec((0u32..20, 0u32..20, 0usize..3, 0usize..3), 0..60),
            more in prop::collection::vec((0u32..20, 0u32..20, 0usize..3, 0usize..3), 0..60),
        ) {
            let mut sorted: Vec<Edge> = sorted.into_iter().map(edge).collect();
            sorted.sort_unstable();
            let more: Vec<Edge> = more.into_iter().map(edge).collect();
            let mut expected = [sorted.clone(), more.clone()].concat();
            expected.sort_unstable();
            merge_sorted(&mut sorted, more);
            prop_assert_eq!(sorted, expected);
        }
    }
}
