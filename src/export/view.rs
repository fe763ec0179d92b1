//! Which part of a graph one picture shows: a view, an optional focus and the
//! filters. These are the options of the `<cratemap-graph>` element (its
//! attributes carry the same names), so `cratemap export` means the same
//! thing whether it writes an interactive page ([`super::html`]) or a static
//! picture ([`super::svg`]).
//!
//! What a view selects is the front end's rules (`rules.rs`, checked against
//! `view.js` by shared fixtures); [`select`] then draws it the way the app
//! draws the same view without boxes: every module opened, open modules left
//! out of layered (flat) views, and in the modules view the tree drawn as
//! `contains` edges instead of nested boxes.

mod rules;
#[cfg(test)]
mod tests;
mod tree;

use crate::model::{EdgeKind, Graph, NodeKind, ViewKind, Visibility};
use rules::Eligible;
use std::fmt;
use tree::Tree;

/// Which relations a focus follows: towards what points at it, away from it, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Incoming,
    Outgoing,
    Both,
}

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

/// Picks the nodes and relations of one view, at most `max_nodes` of them
/// (a focus draws its neighbourhood's context, the boxes around it, too).
pub fn select(
    graph: &Graph,
    options: &ViewOptions,
    max_nodes: usize,
) -> Result<Selection, ViewError> {
    let prep = rules::prepare(Tree::new(graph), options);
    let tree = &prep.tree;
    let n = tree.len();
    let (members, focus, truncated) = match &options.focus {
        Some(path) => {
            let found =
                find_by_path(graph, path).ok_or_else(|| ViewError::UnknownFocus(path.clone()))?;
            // An item that only its module stands for is not part of the view.
            let start = prep.lift[found]
                .filter(|&l| prep.shown[l])
                .filter(|&l| {
                    tree.kind(l) != NodeKind::Module || tree.kind(found) == NodeKind::Module
                })
                .ok_or_else(|| ViewError::FocusNotShown {
                    path: path.clone(),
                    view: options.view,
                })?;
            let (members, truncated) = rules::neighbourhood(
                &prep,
                start,
                options.depth.clamp(1, 3),
                options.direction,
                max_nodes,
            );
            (members, Some(start), truncated)
        }
        None => {
            // Shallow items first: the picture keeps the top of the tree.
            let mut all: Vec<usize> = (0..n).filter(|&i| prep.shown[i]).collect();
            all.sort_by_key(|&i| (tree.depth[i], tree.rank[i]));
            let truncated = all.len() > max_nodes;
            all.truncate(max_nodes);
            (all, None, truncated)
        }
    };
    let mut member = vec![false; n];
    for &i in &members {
        member[i] = true;
    }
    let mut drawn = member.clone();
    if focus.is_some() {
        // The modules and items around the neighbourhood keep the reader's bearings.
        for &i in &members {
            for q in tree.ancestors(i) {
                if !member[q]
                    && (tree.kind(q) == NodeKind::Module || prep.eligible[q] == Eligible::Item)
                {
                    drawn[q] = true;
                }
            }
        }
    }
    let holder = |drawn: &[bool], i: usize| tree.ancestors(i).find(|&q| drawn[q]);
    let mut labels: Vec<(usize, String)> = tree
        .order
        .iter()
        .filter(|&&i| drawn[i])
        .map(|&i| (i, tree.label(i)))
        .collect();
    rules::disambiguate(tree, &mut labels);
    let boxes = options.view.row().layout == "boxes";
    if !boxes {
        // A layered picture has no boxes: a module with something drawn inside is left out.
        let before = drawn.clone();
        for &(i, _) in &labels {
            if let Some(p) = holder(&before, i) {
                if tree.kind(p) == NodeKind::Module {
                    drawn[p] = false;
                }
            }
        }
        labels.retain(|&(i, _)| drawn[i]);
    }
    let mut position = vec![usize::MAX; n];
    for (k, &(i, _)) in labels.iter().enumerate() {
        position[i] = k;
    }
    let mut edges: Vec<ShownEdge> = prep
        .edges
        .iter()
        .filter(|e| drawn[e.source] && drawn[e.target])
        .filter(|e| match focus {
            Some(_) => member[e.source] && member[e.target],
            // A relation between a box and something inside it reads as noise.
            None => !tree.is_ancestor(e.source, e.target) && !tree.is_ancestor(e.target, e.source),
        })
        .map(|e| ShownEdge {
            source: position[e.source],
            target: position[e.target],
            kind: e.kind,
            count: e.count,
        })
        .collect();
    if boxes {
        for &(i, _) in &labels {
            if let Some(p) = holder(&drawn, i) {
                edges.push(ShownEdge {
                    source: position[p],
                    target: position[i],
                    kind: EdgeKind::Contains,
                    count: 1,
                });
            }
        }
    }
    edges.sort_by_key(|e| (e.source, e.target, e.kind));
    let nodes = labels
        .into_iter()
        .map(|(i, label)| Shown {
            node: i,
            label,
            focus: Some(i) == focus,
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
