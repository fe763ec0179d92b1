//! What one view selects, rule for rule the front end's (`prepareView`,
//! `neighbourhood` and the label disambiguation of `view.js`); the fixtures
//! in `tests/fixtures/views/` are run against both, so the two cannot drift.

use super::tree::Tree;
use super::{Direction, ViewOptions, VisibilityClass};
use crate::model::{EdgeKind, NodeKind};
use std::collections::HashMap;

/// How far an interned type is followed to the definitions it names.
const TYPE_DEPTH: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Eligible {
    No,
    /// An item that is drawn.
    Item,
    /// A module: a container that groups.
    Module,
}

/// A relation between two taking-part nodes, lifted to containers and
/// resolved through interned types; `count` merges parallel ones of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ViewEdge {
    pub source: usize,
    pub target: usize,
    pub kind: EdgeKind,
    pub count: usize,
}

/// The part of a view that depends on neither a focus nor expansion.
pub(super) struct Prepared<'g> {
    pub tree: Tree<'g>,
    pub eligible: Vec<Eligible>,
    /// The nearest eligible ancestor-or-self (`None` when there is none, or for a hidden test).
    pub lift: Vec<Option<usize>>,
    pub shown: Vec<bool>,
    /// In the order their first relation appears in the graph.
    pub edges: Vec<ViewEdge>,
    outgoing: Vec<Vec<usize>>,
    incoming: Vec<Vec<usize>>,
}

pub(super) fn prepare<'g>(tree: Tree<'g>, options: &ViewOptions) -> Prepared<'g> {
    let n = tree.len();
    let node_kinds: Vec<NodeKind> = options
        .node_kinds
        .clone()
        .unwrap_or_else(|| options.view.node_kinds().collect());
    let edge_kinds: Vec<EdgeKind> = options
        .edge_kinds
        .clone()
        .unwrap_or_else(|| options.view.edge_kinds().collect());
    let visibility = options.visibility.clone().unwrap_or_else(|| {
        vec![
            VisibilityClass::Pub,
            VisibilityClass::Crate,
            VisibilityClass::Private,
        ]
    });
    let hide_tests = !options.show_tests;
    let show_types = node_kinds.contains(&NodeKind::Type);
    let nodes = &tree.graph.nodes;

    let mut eligible: Vec<Eligible> = (0..n)
        .map(|i| {
            let node = &nodes[i];
            if (hide_tests && tree.is_test[i]) || tree.twin_of[i].is_some() {
                Eligible::No
            } else if node.kind == NodeKind::Module {
                Eligible::Module
            } else if !node_kinds.contains(&node.kind)
                || (node.kind == NodeKind::External && options.hide_external)
                || (node.kind != NodeKind::External
                    && !visibility.contains(&VisibilityClass::of(&node.visibility)))
            {
                Eligible::No
            } else {
                Eligible::Item
            }
        })
        .collect();
    // An item is drawn where it lives: in a module, or inside a drawn item.
    // Associated items of a hidden impl or trait, and items local to a hidden
    // function body, are represented by that owner (they lift to it) instead
    // of surfacing in its module. Methods are the exception: the calls view
    // draws them without their impl, named `Owner::method`.
    for &i in &tree.order {
        let Some(p) = tree.parent[i] else { continue };
        if eligible[i] != Eligible::Item
            || eligible[p] == Eligible::Item
            || nodes[p].kind == NodeKind::Module
        {
            continue;
        }
        if nodes[i].kind != NodeKind::Method
            || !matches!(nodes[p].kind, NodeKind::Impl | NodeKind::Trait)
        {
            eligible[i] = Eligible::No;
        }
    }
    let mut lift: Vec<Option<usize>> = vec![None; n];
    for &i in &tree.order {
        if hide_tests && tree.is_test[i] {
            continue;
        }
        if eligible[i] != Eligible::No {
            lift[i] = Some(i);
        } else if let Some(twin) = tree.twin_of[i].filter(|&t| eligible[t] != Eligible::No) {
            lift[i] = Some(twin);
        } else if nodes[i].kind != NodeKind::Type {
            lift[i] = tree.parent[i].and_then(|p| lift[p]);
        }
    }

    let mut edges: Vec<ViewEdge> = Vec::new();
    let mut position: HashMap<(usize, usize, EdgeKind), usize> = HashMap::new();
    let mut add = |s: usize, t: Option<usize>, kind| {
        let Some(t) = t else { return };
        if s == t {
            return;
        }
        let at = *position.entry((s, t, kind)).or_insert_with(|| {
            edges.push(ViewEdge {
                source: s,
                target: t,
                kind,
                count: 0,
            });
            edges.len() - 1
        });
        edges[at].count += 1;
    };
    let mut named = HashMap::new();
    for (s, t, edge) in tree.edges() {
        if edge.kind == EdgeKind::Contains || !edge_kinds.contains(&edge.kind) {
            continue;
        }
        if nodes[s].kind == NodeKind::Type && !show_types {
            continue;
        }
        let Some(source) = lift[s] else { continue };
        if nodes[t].kind == NodeKind::Type && !show_types {
            for definition in named_by_type(&tree, &mut named, t, 0) {
                add(source, lift[definition], edge.kind);
            }
        } else {
            add(source, lift[t], edge.kind);
        }
    }

    // Externals and types take part only when something shown points at them.
    let mut touched = vec![false; n];
    for edge in &edges {
        touched[edge.source] = true;
        touched[edge.target] = true;
    }
    let mut shown: Vec<bool> = (0..n)
        .map(|i| {
            eligible[i] == Eligible::Item
                && (!matches!(nodes[i].kind, NodeKind::External | NodeKind::Type) || touched[i])
        })
        .collect();
    // Shown items in each subtree, itself included.
    let mut weight = vec![0usize; n];
    for &i in tree.order.iter().rev() {
        if shown[i] {
            weight[i] += 1;
        }
        if let Some(p) = tree.parent[i] {
            weight[p] += weight[i];
        }
    }
    let show_empty = options.view.row().show_empty_modules;
    for i in 0..n {
        if eligible[i] == Eligible::Module && (show_empty || weight[i] > 0) {
            shown[i] = true;
        }
    }
    // A module is shown only when its parent chain is shown too.
    for &i in &tree.order {
        if let Some(p) = tree.parent[i] {
            if shown[i] && !shown[p] && eligible[p] == Eligible::Module {
                shown[i] = false;
            }
        }
    }

    let mut outgoing = vec![Vec::new(); n];
    let mut incoming = vec![Vec::new(); n];
    for (k, edge) in edges.iter().enumerate() {
        outgoing[edge.source].push(k);
        incoming[edge.target].push(k);
    }
    Prepared {
        tree,
        eligible,
        lift,
        shown,
        edges,
        outgoing,
        incoming,
    }
}

/// The definitions an interned type names, through aliases and type
/// arguments. Memoized per type; a type met again while it is being resolved
/// (a cycle) names nothing.
fn named_by_type(
    tree: &Tree,
    memo: &mut HashMap<usize, Vec<usize>>,
    t: usize,
    depth: usize,
) -> Vec<usize> {
    if let Some(known) = memo.get(&t) {
        return known.clone();
    }
    memo.insert(t, Vec::new());
    let mut out: Vec<usize> = Vec::new();
    let push = |out: &mut Vec<usize>, d: usize| {
        if !out.contains(&d) {
            out.push(d);
        }
    };
    for &k in &tree.outgoing[t] {
        let edge = &tree.graph.edges[k];
        let Some((_, target)) = tree.ends(edge) else {
            continue;
        };
        let through = match edge.kind {
            EdgeKind::RefersTo | EdgeKind::AliasOf => true,
            EdgeKind::TypeArg => depth < TYPE_DEPTH,
            _ => continue,
        };
        if tree.kind(target) != NodeKind::Type {
            if through {
                push(&mut out, target);
            }
        } else if depth < TYPE_DEPTH {
            for d in named_by_type(tree, memo, target, depth + 1) {
                push(&mut out, d);
            }
        }
    }
    memo.insert(t, out.clone());
    out
}

/// The neighbourhood of `start` over the view's relations, up to `depth`
/// steps; a container in focus brings its direct contents along. In the
/// order they are reached; true when `limit` cut it short.
pub(super) fn neighbourhood(
    prep: &Prepared,
    start: usize,
    depth: usize,
    direction: Direction,
    limit: usize,
) -> (Vec<usize>, bool) {
    let mut seen = vec![start];
    let mut reached = vec![false; prep.shown.len()];
    reached[start] = true;
    let mut frontier = vec![start];
    if prep.tree.kind(start).row().container {
        for &child in &prep.tree.children[start] {
            if prep.shown[child] && !reached[child] {
                reached[child] = true;
                seen.push(child);
                frontier.push(child);
            }
        }
    }
    for _ in 0..depth {
        if frontier.is_empty() {
            break;
        }
        let mut next = Vec::new();
        for &i in &frontier {
            let outgoing = prep.outgoing[i].iter().map(|&k| prep.edges[k].target);
            let incoming = prep.incoming[i].iter().map(|&k| prep.edges[k].source);
            let others: Vec<usize> = match direction {
                Direction::Outgoing => outgoing.collect(),
                Direction::Incoming => incoming.collect(),
                Direction::Both => outgoing.chain(incoming).collect(),
            };
            for j in others {
                if reached[j] || !prep.shown[j] {
                    continue;
                }
                if seen.len() >= limit {
                    return (seen, true);
                }
                reached[j] = true;
                seen.push(j);
                next.push(j);
            }
        }
        frontier = next;
    }
    (seen, false)
}

/// Items drawn with the same label (two `run`s) get their module's label in
/// front, and where that is not enough (cfg'd twins in one module), their line.
/// `labels` are the drawn nodes' (index, label); modules keep theirs.
pub(super) fn disambiguate(tree: &Tree, labels: &mut [(usize, String)]) {
    let repeated = |labels: &[(usize, String)]| -> Vec<usize> {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for (i, label) in labels {
            if tree.kind(*i) != NodeKind::Module {
                *count.entry(label.as_str()).or_default() += 1;
            }
        }
        (0..labels.len())
            .filter(|&k| {
                tree.kind(labels[k].0) != NodeKind::Module && count[labels[k].1.as_str()] > 1
            })
            .collect()
    };
    for k in repeated(labels) {
        if let Some(module) = tree.module_of(labels[k].0) {
            labels[k].1 = format!("{}::{}", tree.label(module), labels[k].1);
        }
    }
    for k in repeated(labels) {
        if let Some(span) = tree.graph.nodes[labels[k].0].span {
            if span.start[0] != 0 {
                labels[k].1 = format!("{} :{}", labels[k].1, span.start[0]);
            }
        }
    }
}
