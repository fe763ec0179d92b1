//! The graph's nodes, built in canonical order straight from the visit's
//! batches, with their `contains` edges; then the interned types' nodes.

use super::numbering::{Ids, TypeRow};
use super::raw_nodes::RawNodes;
use super::{to_id, TypePath};
use crate::model::{Edge, EdgeKind, Node, NodeId, NodeKind, Visibility};
use crate::state::raw::{RawNodeId, SourceOrder};
use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

/// What the built nodes leave for their paths.
pub(super) struct Built {
    /// For impl nodes: the self type's name.
    pub impl_self: HashMap<NodeId, String>,
    /// Each node's parent, lined up with the nodes.
    pub path_parents: Vec<Option<NodeId>>,
}

/// Moves each raw node, in `order`, into `nodes` (whose positions are the
/// ids), and adds its `contains` edge. Each node is built where the canonical
/// order puts it: an intermediate list of the raw nodes in that order would
/// exist next to the batches or the graph's node vector, and be the run's
/// peak. Paths wait until the raw nodes are gone, for the same reason: only
/// what they need of the tree is kept, the parent links.
pub(super) fn build(
    mut raw: RawNodes,
    order: &[(SourceOrder, RawNodeId)],
    ids: &Ids,
    file_paths: &[Arc<str>],
    nodes: &mut Vec<Node>,
    edges: &mut Vec<Edge>,
) -> Built {
    let mut impl_self: HashMap<NodeId, String> = HashMap::new();
    let mut path_parents: Vec<Option<NodeId>> = Vec::with_capacity(order.len());
    for (index, &(_, raw_id)) in order.iter().enumerate() {
        let Some(node) = raw.take(raw_id) else {
            continue;
        };
        let id = to_id(index);
        if let Some(parent) = node.parent.and_then(|p| ids.node(p)) {
            edges.push(Edge {
                source: parent,
                target: id,
                kind: EdgeKind::Contains,
                confidence: None,
                form: None,
            });
        }
        // A parent that freeze merged away (a `mod` declaration) leaves its
        // child a root of its own here, unlike the `contains` edge above.
        path_parents.push(node.parent.and_then(|p| ids.direct(p)));
        if let Some(self_name) = node.impl_self {
            impl_self.insert(id, self_name.into_string());
        }
        nodes.push(Node {
            id,
            kind: node.kind,
            name: node.name.into_string(),
            path: String::new(),
            file: file_paths.get(node.order.file()).cloned(),
            span: node.span,
            visibility: node.visibility,
            details: node.details,
        });
    }
    Built {
        impl_self,
        path_parents,
    }
}

/// Appends a node per interned type, numbered from `first`, and gives back
/// the base paths of the path types.
pub(super) fn add_types(
    nodes: &mut Vec<Node>,
    types: Vec<TypeRow>,
    first: usize,
) -> HashMap<NodeId, TypePath> {
    let mut type_paths = HashMap::new();
    for (index, (text, _, base)) in types.into_iter().enumerate() {
        let id = to_id(first + index);
        if let Some(base) = base {
            type_paths.insert(id, base);
        }
        nodes.push(Node {
            id,
            kind: NodeKind::Type,
            name: text.clone(),
            path: text,
            file: None,
            span: None,
            visibility: Visibility::Public,
            details: Default::default(),
        });
    }
    type_paths
}
