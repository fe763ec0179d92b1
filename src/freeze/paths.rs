//! Qualified paths, computed over the built nodes once the raw ones are gone.

use super::to_id;
use crate::model::{Node, NodeId, NodeKind};
use foldhash::HashMap;
use rayon::prelude::*;

/// Qualified paths: a crate root is its crate's name; members of impls are
/// `Type::member`; everything else is `parent::name`. Built level by level
/// down the tree, each level in parallel from the one above it. `parents`
/// lines up with `nodes`, whose positions are their ids.
pub(super) fn qualify(
    nodes: &mut [Node],
    parents: &[Option<NodeId>],
    root_paths: &HashMap<NodeId, &str>,
    impl_self: &HashMap<NodeId, String>,
) {
    for level in levels(parents) {
        let done: &[Node] = nodes;
        let node = |id: NodeId| done.get(id as usize);
        let parent_of = |id: NodeId| parents.get(id as usize).copied().flatten();
        let known = |id: NodeId| node(id).map_or("", |n| n.path.as_str());
        let found: Vec<(NodeId, String)> = level
            .par_iter()
            .filter_map(|&id| {
                let this = node(id)?;
                let path = match parent_of(id).and_then(|p| Some((p, node(p)?))) {
                    None => root_paths
                        .get(&id)
                        .map_or_else(|| this.name.clone(), |p| p.to_string()),
                    Some((pid, parent)) if parent.kind == NodeKind::Impl => {
                        let owner = parent_of(pid).map_or("", known);
                        let self_name = impl_self.get(&pid).map_or("_", String::as_str);
                        [owner, "::", self_name, "::", &this.name].concat()
                    }
                    Some((pid, _)) if this.kind == NodeKind::Impl => {
                        [known(pid), "::<", &this.name, ">"].concat()
                    }
                    Some((pid, _)) => [known(pid), "::", &this.name].concat(),
                };
                Some((id, path))
            })
            .collect();
        for (id, path) in found {
            if let Some(node) = nodes.get_mut(id as usize) {
                node.path = path;
            }
        }
    }
}

/// The nodes by depth below their roots, each level in id order. A parent
/// link that loops back makes the node where the walk met the loop a root of
/// its own.
fn levels(parents: &[Option<NodeId>]) -> Vec<Vec<NodeId>> {
    let parent_of = |id: usize| {
        parents
            .get(id)
            .copied()
            .flatten()
            .map(|p| p as usize)
            .filter(|&p| p < parents.len())
    };
    let mut depth: Vec<Option<usize>> = vec![None; parents.len()];
    let mut chain = Vec::new();
    for start in 0..parents.len() {
        // Walk up to the nearest node with a known depth, then fill back
        // down; iterative, because 5,000 nested modules must not need
        // 5,000 frames.
        chain.clear();
        let mut below = 0;
        let mut current = Some(start);
        while let Some(id) = current {
            if let Some(d) = depth[id] {
                below = d + 1;
                break;
            }
            if chain.contains(&id) {
                break;
            }
            chain.push(id);
            current = parent_of(id);
        }
        for (i, &id) in chain.iter().rev().enumerate() {
            depth[id] = Some(below + i);
        }
    }
    let mut levels: Vec<Vec<NodeId>> = Vec::new();
    for (id, d) in depth.into_iter().enumerate() {
        if let Some(d) = d {
            if levels.len() <= d {
                levels.resize_with(d + 1, Vec::new);
            }
            levels[d].push(to_id(id));
        }
    }
    levels
}
