//! A graph by node index, whatever the ids in a loaded JSON are: the
//! `contains` tree, the other edges by source, test flags and labels. The
//! same index as the front end's `GraphIndex` (`model.js`), rule for rule.

use crate::model::{CrateKind, Edge, EdgeKind, Graph, Node, NodeId, NodeKind};
use crate::resolve::cfg::OFF_FLAG;
use std::collections::HashMap;

pub(super) struct Tree<'g> {
    pub graph: &'g Graph,
    index_of: HashMap<NodeId, usize>,
    pub parent: Vec<Option<usize>>,
    pub children: Vec<Vec<usize>>,
    /// Pre-order (parents before children), and each node's place in it.
    pub order: Vec<usize>,
    pub rank: Vec<usize>,
    pub depth: Vec<usize>,
    pub is_test: Vec<bool>,
    /// The edges other than `contains` leaving each node, as indexes into `graph.edges`.
    pub outgoing: Vec<Vec<usize>>,
    /// Crate roots other than libraries say what they are: a package's lib and bin share a name.
    crate_kind: Vec<Option<CrateKind>>,
    /// The cfg twin that stands for a node (see [`cfg_twins`]).
    pub twin_of: Vec<Option<usize>>,
}

impl<'g> Tree<'g> {
    pub fn new(graph: &'g Graph) -> Tree<'g> {
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
            crate_kind: vec![None; n],
            twin_of: vec![None; n],
        };
        for (k, edge) in graph.edges.iter().enumerate() {
            let Some((s, t)) = tree.ends(edge) else {
                continue;
            };
            if edge.kind != EdgeKind::Contains {
                tree.outgoing[s].push(k);
            } else if s != t && tree.parent[t].is_none() {
                tree.parent[t] = Some(s);
            }
        }
        // A cycle in a hand-edited JSON must not hang the walks below: the
        // first of its nodes to find itself above itself loses its parent.
        for i in 0..n {
            let mut p = tree.parent[i];
            let mut steps = 0;
            while let Some(q) = p {
                if steps > n {
                    break;
                }
                if q == i {
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
        tree.twin_of = cfg_twins(graph, &tree.children);
        // Test, bench and example crates count as tests as a whole (the "Hide tests" filter).
        let mut test_roots = Vec::new();
        for krate in &graph.crates {
            let Some(&root) = tree.index_of.get(&krate.module) else {
                continue;
            };
            if matches!(
                krate.kind,
                CrateKind::Test | CrateKind::Bench | CrateKind::Example
            ) {
                test_roots.push(root);
            }
            if krate.kind != CrateKind::Lib {
                tree.crate_kind[root] = Some(krate.kind);
            }
        }
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

    pub fn len(&self) -> usize {
        self.graph.nodes.len()
    }

    pub fn kind(&self, i: usize) -> NodeKind {
        self.graph.nodes[i].kind
    }

    /// An edge's ends as node indexes, when both exist.
    pub fn ends(&self, edge: &Edge) -> Option<(usize, usize)> {
        Some((
            *self.index_of.get(&edge.source)?,
            *self.index_of.get(&edge.target)?,
        ))
    }

    /// Edges whose ends exist, as (source index, target index, edge).
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize, &'g Edge)> + '_ {
        self.graph
            .edges
            .iter()
            .filter_map(|edge| self.ends(edge).map(|(s, t)| (s, t, edge)))
    }

    /// The nearest module strictly above `i`.
    pub fn module_of(&self, i: usize) -> Option<usize> {
        self.ancestors(i)
            .find(|&q| self.kind(q) == NodeKind::Module)
    }

    pub fn is_ancestor(&self, ancestor: usize, of: usize) -> bool {
        self.ancestors(of).any(|q| q == ancestor)
    }

    /// The nodes above `i`, nearest first. Finite: `new` breaks every cycle.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent[i], move |&q| self.parent[q])
    }

    /// A short label: a crate root other than a library names its kind
    /// (`cratemap (bin)`); methods, variants, fields and the items of an impl
    /// or trait carry their owner
    /// (`Parser::parse`).
    pub fn label(&self, i: usize) -> String {
        let node = &self.graph.nodes[i];
        let name = if node.name.is_empty() {
            "(anonymous)"
        } else {
            &node.name
        };
        if let Some(kind) = self.crate_kind[i] {
            return format!("{name} ({})", kind.as_str());
        }
        let owner = self.parent[i].map(|p| self.graph.nodes[p].kind);
        if matches!(
            node.kind,
            NodeKind::Method | NodeKind::Variant | NodeKind::Field
        ) || matches!(owner, Some(NodeKind::Impl | NodeKind::Trait))
        {
            let mut segments = node.path.rsplit("::");
            if segments.next() == Some(name) {
                if let Some(owner) = segments.next() {
                    return format!("{owner}::{name}");
                }
            }
        }
        name.to_string()
    }
}

/// cfg twins: items of one kind and name under one parent that `cfg`
/// alternatives define (`#[cfg(unix)] struct Handle` and `#[cfg(windows)]
/// struct Handle`). The views draw one node for them, the first twin the
/// reference build compiles (the others carry [`OFF_FLAG`]), or the first
/// twin when it compiles none. Modules are left apart: a platform module
/// holds a tree of its own. The same rule as `cfgTwins` in `model.js`.
fn cfg_twins(graph: &Graph, children: &[Vec<usize>]) -> Vec<Option<usize>> {
    let nodes = &graph.nodes;
    let mut twin_of = vec![None; nodes.len()];
    for list in children.iter().filter(|list| list.len() >= 2) {
        let mut groups: Vec<((NodeKind, &str), Vec<usize>)> = Vec::new();
        for &c in list {
            let node = &nodes[c];
            if node.kind == NodeKind::Module || node.name.is_empty() {
                continue;
            }
            let key = (node.kind, node.name.as_str());
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, group)) => group.push(c),
                None => groups.push((key, vec![c])),
            }
        }
        for (_, group) in groups {
            if group.len() < 2 || group.iter().all(|&c| nodes[c].details.cfgs.is_empty()) {
                continue;
            }
            let off = |c: usize| nodes[c].details.flags.iter().any(|f| f == OFF_FLAG);
            let kept = group.iter().copied().find(|&c| !off(c)).unwrap_or(group[0]);
            for c in group.into_iter().filter(|&c| c != kept) {
                twin_of[c] = Some(kept);
            }
        }
    }
    twin_of
}

fn looks_like_test(node: &Node) -> bool {
    let word_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let test_word = |text: &str| text.split(|c| !word_char(c)).any(|w| w == "test");
    let test_attr = |attr: &str| {
        let Some(rest) = attr.strip_prefix("#[") else {
            return false;
        };
        let rest = rest.strip_prefix("tokio::").unwrap_or(rest);
        rest.strip_prefix("test")
            .is_some_and(|after| !after.starts_with(word_char))
    };
    node.details.flags.iter().any(|f| f == "test")
        || node.details.cfgs.iter().any(|c| test_word(c))
        || node.details.attrs.iter().any(|a| test_attr(a))
}
