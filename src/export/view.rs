//! Which part of a graph one picture shows: a view, an optional focus and the
//! filters. These are the options of the `<cratemap-graph>` element (its
//! attributes carry the same names), so `cratemap export` means the same
//! thing whether it writes an interactive page ([`super::html`]) or a static
//! picture ([`super::svg`]).
//!
//! [`select`] mirrors what the front end's `www/app/graph/view.js` does for
//! one view: items are lifted to their nearest shown container, interned
//! `type` nodes are resolved through to the definitions they name, and a
//! focus is the neighbourhood of one item over the view's edges.

use crate::model::{EdgeKind, Graph, NodeId, NodeKind, ViewKind, Visibility};
use crate::query::Direction;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;

/// The front end's three visibility classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum VisibilityClass {
    Pub,
    Crate,
    Private,
}

impl VisibilityClass {
    pub fn of(v: &Visibility) -> VisibilityClass {
        match v {
            Visibility::Public => VisibilityClass::Pub,
            Visibility::Private => VisibilityClass::Private,
            _ => VisibilityClass::Crate,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VisibilityClass::Pub => "pub",
            VisibilityClass::Crate => "crate",
            VisibilityClass::Private => "private",
        }
    }
}

/// What to show. `None` in a kind list means the view's default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewOptions {
    pub view: ViewKind,
    /// The path of the item to center on (`my_crate::parser::Parser`).
    pub focus: Option<String>,
    /// Neighbourhood depth around the focus, 1 to 3.
    pub depth: usize,
    pub direction: Direction,
    pub node_kinds: Option<Vec<NodeKind>>,
    pub edge_kinds: Option<Vec<EdgeKind>>,
    pub visibility: Option<Vec<VisibilityClass>>,
    pub hide_external: bool,
    pub show_tests: bool,
}

impl Default for ViewOptions {
    fn default() -> Self {
        ViewOptions {
            view: ViewKind::Modules,
            focus: None,
            depth: 1,
            direction: Direction::Both,
            node_kinds: None,
            edge_kinds: None,
            visibility: None,
            hide_external: false,
            show_tests: false,
        }
    }
}

pub fn direction_str(direction: Direction) -> &'static str {
    match direction {
        Direction::Incoming => "in",
        Direction::Outgoing => "out",
        Direction::Both => "both",
    }
}

impl ViewOptions {
    /// The element attributes that say the same (booleans have an empty value).
    /// Defaults are left out, so the element's own defaults apply.
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("view", self.view.as_str().to_string())];
        if let Some(focus) = &self.focus {
            out.push(("focus", focus.clone()));
        }
        if self.depth != 1 {
            out.push(("depth", self.depth.to_string()));
        }
        if self.direction != Direction::Both {
            out.push(("direction", direction_str(self.direction).to_string()));
        }
        let join = |words: Vec<&str>| words.join(",");
        if let Some(kinds) = &self.node_kinds {
            out.push((
                "node-kinds",
                join(kinds.iter().map(|k| k.as_str()).collect()),
            ));
        }
        if let Some(kinds) = &self.edge_kinds {
            out.push((
                "edge-kinds",
                join(kinds.iter().map(|k| k.as_str()).collect()),
            ));
        }
        if let Some(classes) = &self.visibility {
            out.push((
                "visibility",
                join(classes.iter().map(|c| c.as_str()).collect()),
            ));
        }
        if self.hide_external {
            out.push(("hide-external", String::new()));
        }
        if self.show_tests {
            out.push(("show-tests", String::new()));
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewError {
    /// No node has the focus path.
    UnknownFocus(String),
    /// The focus exists but the view's filters leave it out.
    FocusNotShown { path: String, view: ViewKind },
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewError::UnknownFocus(path) => write!(f, "no item has the path `{path}`"),
            ViewError::FocusNotShown { path, view } => write!(
                f,
                "`{path}` is not part of the {} view with these filters (try another --view)",
                view.as_str()
            ),
        }
    }
}

impl std::error::Error for ViewError {}

/// One drawn node: an index into `graph.nodes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub node: usize,
    pub label: String,
    pub focus: bool,
}

/// One drawn relation between two shown nodes (positions in `Selection::nodes`);
/// `count` merges parallel relations of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShownEdge {
    pub source: usize,
    pub target: usize,
    pub kind: EdgeKind,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub nodes: Vec<Shown>,
    pub edges: Vec<ShownEdge>,
    /// True when `max_nodes` cut the picture short.
    pub truncated: bool,
}

/// How far an interned type is followed to the definitions it names.
const TYPE_DEPTH: usize = 4;

/// Picks the nodes and relations of one view, at most `max_nodes` of them.
pub fn select(
    graph: &Graph,
    options: &ViewOptions,
    max_nodes: usize,
) -> Result<Selection, ViewError> {
    let tree = Tree::new(graph);
    let n = graph.nodes.len();
    let node_kinds = options
        .node_kinds
        .clone()
        .unwrap_or_else(|| options.view.node_kinds().collect());
    let edge_kinds = options
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
    let show_types = node_kinds.contains(&NodeKind::Type);

    // Modules are drawn in the modules view (as the tree); elsewhere only the
    // items are, and a module matters only as a focus.
    let eligible: Vec<bool> = (0..n)
        .map(|i| {
            let node = &graph.nodes[i];
            if (!options.show_tests && tree.is_test[i]) || !node_kinds.contains(&node.kind) {
                return false;
            }
            match node.kind {
                NodeKind::Module => options.view == ViewKind::Modules,
                NodeKind::External => !options.hide_external,
                _ => visibility.contains(&VisibilityClass::of(&node.visibility)),
            }
        })
        .collect();
    // The nearest eligible ancestor-or-self, along the pre-order walk.
    let mut lift: Vec<Option<usize>> = vec![None; n];
    for &i in &tree.order {
        if eligible[i] {
            lift[i] = Some(i);
        } else if graph.nodes[i].kind != NodeKind::Type {
            lift[i] = tree.parent[i].and_then(|p| lift[p]);
        }
    }

    let mut effective: BTreeMap<(usize, usize, EdgeKind), usize> = BTreeMap::new();
    let mut add = |s: Option<usize>, t: Option<usize>, kind| {
        if let (Some(s), Some(t)) = (s, t) {
            if s != t {
                *effective.entry((s, t, kind)).or_default() += 1;
            }
        }
    };
    for (s, t, edge) in tree.edges() {
        if edge.kind == EdgeKind::Contains || !edge_kinds.contains(&edge.kind) {
            continue;
        }
        let source = &graph.nodes[s];
        if source.kind == NodeKind::Type && !show_types {
            continue;
        }
        if graph.nodes[t].kind == NodeKind::Type && !show_types {
            for named in tree.named_by_type(t) {
                add(lift[s], lift[named], edge.kind);
            }
        } else {
            add(lift[s], lift[t], edge.kind);
        }
    }
    if options.view == ViewKind::Modules {
        for (i, parent) in tree.parent.iter().enumerate() {
            if eligible[i] {
                add(parent.and_then(|p| lift[p]), Some(i), EdgeKind::Contains);
            }
        }
    }

    // Externals take part only when something shown points at them.
    let mut touched = vec![false; n];
    for &(s, t, _) in effective.keys() {
        touched[s] = true;
        touched[t] = true;
    }
    let shown: Vec<bool> = (0..n)
        .map(|i| eligible[i] && (graph.nodes[i].kind != NodeKind::External || touched[i]))
        .collect();

    let mut adjacency: Vec<Vec<(usize, bool)>> = vec![Vec::new(); n];
    for &(s, t, _) in effective.keys() {
        adjacency[s].push((t, true));
        adjacency[t].push((s, false));
    }

    let (members, focus, truncated) = match &options.focus {
        Some(path) => {
            let found =
                find_by_path(graph, path).ok_or_else(|| ViewError::UnknownFocus(path.clone()))?;
            let start =
                lift[found]
                    .filter(|&l| shown[l])
                    .ok_or_else(|| ViewError::FocusNotShown {
                        path: path.clone(),
                        view: options.view,
                    })?;
            let (members, truncated) = neighbourhood(
                &tree,
                &adjacency,
                &shown,
                start,
                options.depth.clamp(1, 3),
                options.direction,
                max_nodes,
            );
            (members, Some(start), truncated)
        }
        None => {
            // Shallow items first: the picture keeps the top of the tree.
            let mut all: Vec<usize> = (0..n).filter(|&i| shown[i]).collect();
            all.sort_by_key(|&i| (tree.depth[i], tree.rank[i]));
            let truncated = all.len() > max_nodes;
            all.truncate(max_nodes);
            (all, None, truncated)
        }
    };

    let mut members = members;
    members.sort_by_key(|&i| tree.rank[i]);
    let position: HashMap<usize, usize> =
        members.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let nodes = members
        .iter()
        .map(|&i| Shown {
            node: i,
            label: label(graph, i),
            focus: Some(i) == focus,
        })
        .collect();
    let edges = effective
        .iter()
        .filter_map(|(&(s, t, kind), &count)| {
            Some(ShownEdge {
                source: *position.get(&s)?,
                target: *position.get(&t)?,
                kind,
                count,
            })
        })
        .collect();
    Ok(Selection {
        nodes,
        edges,
        truncated,
    })
}

/// The node an author means by a path: a definition before a `use` or a type of that name.
pub fn find_by_path(graph: &Graph, path: &str) -> Option<usize> {
    let mut fallback = None;
    for (i, node) in graph.nodes.iter().enumerate() {
        if node.path != path {
            continue;
        }
        if !matches!(node.kind, NodeKind::Use | NodeKind::Type) {
            return Some(i);
        }
        fallback.get_or_insert(i);
    }
    fallback
}

/// Breadth first from `start` over the view's relations; a container brings its
/// direct contents along, as in the front end's focus mode.
fn neighbourhood(
    tree: &Tree,
    adjacency: &[Vec<(usize, bool)>],
    shown: &[bool],
    start: usize,
    depth: usize,
    direction: Direction,
    max_nodes: usize,
) -> (Vec<usize>, bool) {
    let mut seen = vec![start];
    let mut queue = VecDeque::from([(start, 0)]);
    let mut visited = vec![false; shown.len()];
    visited[start] = true;
    for &child in &tree.children[start] {
        if shown[child] && !visited[child] {
            visited[child] = true;
            seen.push(child);
            queue.push_back((child, 1));
        }
    }
    while let Some((node, d)) = queue.pop_front() {
        if d >= depth {
            continue;
        }
        for &(other, outgoing) in &adjacency[node] {
            let wanted = match direction {
                Direction::Both => true,
                Direction::Outgoing => outgoing,
                Direction::Incoming => !outgoing,
            };
            if !wanted || visited[other] || !shown[other] {
                continue;
            }
            if seen.len() >= max_nodes {
                return (seen, true);
            }
            visited[other] = true;
            seen.push(other);
            queue.push_back((other, d + 1));
        }
    }
    (seen, false)
}

/// A short label: methods, variants and fields carry their owner (`Parser::parse`).
pub fn label(graph: &Graph, i: usize) -> String {
    let node = &graph.nodes[i];
    let name = if node.name.is_empty() {
        "(anonymous)"
    } else {
        &node.name
    };
    if matches!(
        node.kind,
        NodeKind::Method | NodeKind::Variant | NodeKind::Field
    ) {
        let mut segments = node.path.rsplit("::");
        if segments.next() == Some(name) {
            if let Some(owner) = segments.next() {
                return format!("{owner}::{name}");
            }
        }
    }
    name.to_string()
}

/// The `contains` tree by node index, whatever the ids in a loaded JSON are.
struct Tree<'g> {
    graph: &'g Graph,
    index_of: HashMap<NodeId, usize>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Pre-order (parents before children), and each node's place in it.
    order: Vec<usize>,
    rank: Vec<usize>,
    depth: Vec<usize>,
    is_test: Vec<bool>,
    outgoing: Vec<Vec<usize>>,
}

impl<'g> Tree<'g> {
    fn new(graph: &'g Graph) -> Tree<'g> {
        let n = graph.nodes.len();
        let index_of: HashMap<NodeId, usize> = graph
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| (node.id, i))
            .collect();
        let mut tree = Tree {
            graph,
            index_of,
            parent: vec![None; n],
            children: vec![Vec::new(); n],
            order: Vec::with_capacity(n),
            rank: vec![0; n],
            depth: vec![0; n],
            is_test: vec![false; n],
            outgoing: vec![Vec::new(); n],
        };
        for (k, edge) in graph.edges.iter().enumerate() {
            let (Some(&s), Some(&t)) = (
                tree.index_of.get(&edge.source),
                tree.index_of.get(&edge.target),
            ) else {
                continue;
            };
            if edge.kind != EdgeKind::Contains {
                tree.outgoing[s].push(k);
            } else if s != t && tree.parent[t].is_none() {
                tree.parent[t] = Some(s);
            }
        }
        // A cycle in a hand-edited JSON must not hang the walks below.
        for i in 0..n {
            let mut p = tree.parent[i];
            let mut steps = 0;
            while let Some(q) = p {
                if q == i || steps > n {
                    tree.parent[i] = None;
                    break;
                }
                p = tree.parent[q];
                steps += 1;
            }
        }
        for i in 0..n {
            if let Some(p) = tree.parent[i] {
                tree.children[p].push(i);
            }
        }
        let test_roots: Vec<usize> = graph
            .crates
            .iter()
            .filter(|c| {
                matches!(
                    c.kind,
                    crate::model::CrateKind::Test | crate::model::CrateKind::Bench
                )
            })
            .filter_map(|c| tree.index_of.get(&c.module).copied())
            .collect();
        let mut stack: Vec<usize> = (0..n).rev().filter(|&i| tree.parent[i].is_none()).collect();
        while let Some(i) = stack.pop() {
            tree.rank[i] = tree.order.len();
            tree.order.push(i);
            let parent = tree.parent[i];
            tree.depth[i] = parent.map_or(0, |p| tree.depth[p] + 1);
            tree.is_test[i] = parent.is_some_and(|p| tree.is_test[p])
                || test_roots.contains(&i)
                || looks_like_test(&graph.nodes[i]);
            stack.extend(tree.children[i].iter().rev());
        }
        tree
    }

    /// Edges whose ends exist, as (source index, target index, edge).
    fn edges(&self) -> impl Iterator<Item = (usize, usize, &'g crate::model::Edge)> + '_ {
        self.graph.edges.iter().filter_map(|edge| {
            Some((
                *self.index_of.get(&edge.source)?,
                *self.index_of.get(&edge.target)?,
                edge,
            ))
        })
    }

    /// The definitions an interned type names, through aliases and type arguments.
    fn named_by_type(&self, start: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut seen = vec![start];
        let mut stack = vec![(start, 0)];
        while let Some((t, depth)) = stack.pop() {
            for &k in &self.outgoing[t] {
                let edge = &self.graph.edges[k];
                let Some(&target) = self.index_of.get(&edge.target) else {
                    continue;
                };
                if !matches!(
                    edge.kind,
                    EdgeKind::RefersTo | EdgeKind::AliasOf | EdgeKind::TypeArg
                ) {
                    continue;
                }
                if self.graph.nodes[target].kind == NodeKind::Type {
                    if depth < TYPE_DEPTH && !seen.contains(&target) {
                        seen.push(target);
                        stack.push((target, depth + 1));
                    }
                } else if !out.contains(&target) {
                    out.push(target);
                }
            }
        }
        out
    }
}

fn looks_like_test(node: &crate::model::Node) -> bool {
    let is_test_word = |text: &str| {
        text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == "test")
    };
    node.details.flags.iter().any(|f| f == "test")
        || node.details.cfgs.iter().any(|c| is_test_word(c))
        || node
            .details
            .attrs
            .iter()
            .any(|a| a.starts_with("#[test") || a.starts_with("#[tokio::test"))
}
