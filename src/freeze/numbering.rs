//! Canonical numbering: a node's final id is its place in the order of
//! (file, chunk offset, ordinal in the chunk), and the interned types follow
//! the nodes, sorted by text. Both orders come from the input alone, never
//! from which thread visited what first, so the ids are the same for any
//! thread count.

use super::raw_nodes::RawNodes;
use super::{to_id, TypePath};
use crate::model::NodeId;
use crate::state::raw::{RawNodeId, RawRef, SourceOrder, TypeEntry, TypeId};
use dashmap::DashMap;
use foldhash::HashMap;
use rayon::prelude::*;

/// The raw nodes in canonical order, with their places in it.
pub(super) fn node_order(raw: &RawNodes) -> Vec<(SourceOrder, RawNodeId)> {
    let mut order: Vec<(SourceOrder, RawNodeId)> =
        raw.iter().map(|(id, node)| (node.order, id)).collect();
    order.par_sort_unstable();
    order
}

/// An interned type: its text, its raw id and its base path.
pub(super) type TypeRow = (String, TypeId, Option<TypePath>);

/// The interned types, sorted by text.
pub(super) fn type_order(entries: DashMap<TypeId, TypeEntry>) -> Vec<TypeRow> {
    let mut order: Vec<TypeRow> = entries
        .into_iter()
        .map(|(id, entry)| (entry.text, id, entry.base_path))
        .collect();
    order.par_sort_unstable();
    order
}

/// Final ids by raw id. Raw ids are dense (one atomic counter per id space),
/// so plain vectors indexed by raw id stand in for hash maps. The lookups are
/// inlined: each relation, reference and call site makes two or three.
pub(super) struct Ids {
    nodes: Vec<Option<NodeId>>,
    /// Declarations merged into the root of the file they load, which take
    /// that root's id.
    merged: HashMap<RawNodeId, RawNodeId>,
    types: Vec<Option<NodeId>>,
}

impl Ids {
    /// `raw_nodes` and `raw_types` are one past the highest raw id of each.
    pub(super) fn new(
        order: &[(SourceOrder, RawNodeId)],
        raw_nodes: usize,
        merged: HashMap<RawNodeId, RawNodeId>,
        types: &[TypeRow],
        raw_types: usize,
    ) -> Ids {
        let mut nodes = vec![None; raw_nodes];
        for (i, &(_, raw_id)) in order.iter().enumerate() {
            if let Some(slot) = nodes.get_mut(raw_id as usize) {
                *slot = Some(to_id(i));
            }
        }
        let first_type = order.len();
        let mut type_ids = vec![None; raw_types];
        for (i, (_, raw_id, _)) in types.iter().enumerate() {
            if let Some(slot) = type_ids.get_mut(*raw_id as usize) {
                *slot = Some(to_id(first_type + i));
            }
        }
        Ids {
            nodes,
            merged,
            types: type_ids,
        }
    }

    /// The id of a node that is in the graph itself; `None` for a merged
    /// declaration.
    #[inline]
    pub(super) fn direct(&self, raw: RawNodeId) -> Option<NodeId> {
        self.nodes.get(raw as usize).copied().flatten()
    }

    /// The id of a node, or of the root a declaration was merged into.
    #[inline]
    pub(super) fn node(&self, raw: RawNodeId) -> Option<NodeId> {
        self.direct(raw).or_else(|| {
            let root = *self.merged.get(&raw)?;
            self.direct(root)
        })
    }

    /// The id of either end of a relation.
    #[inline]
    pub(super) fn of(&self, end: RawRef) -> Option<NodeId> {
        match end {
            RawRef::Node(n) => self.node(n),
            RawRef::Type(t) => self.types.get(t as usize).copied().flatten(),
        }
    }
}

#[cfg(test)]
mod tests;
