//! The visit's relations, names to resolve, call sites and generic bounds,
//! renumbered. Each is converted from the visit's batches block by block and
//! each block freed once read, so that no two full copies ever coexist.

use super::numbering::Ids;
use super::{Call, Reference};
use crate::model::{Edge, NodeId};
use crate::state::batches::Batches;
use crate::state::raw::{CallSite, GenericBounds, PathRef, RawEdge, RawNodeId};
use foldhash::HashMap;
use rayon::prelude::*;

/// The relations as edges, unsorted; one whose end is gone is dropped.
pub(super) fn edges(relations: Batches<RawEdge>, ids: &Ids) -> Vec<Edge> {
    relations.convert(|edge| {
        Some(Edge {
            source: ids.of(edge.source)?,
            target: ids.of(edge.target)?,
            kind: edge.kind,
            confidence: None,
            form: None,
        })
    })
}

pub(super) fn references(refs: Batches<PathRef>, ids: &Ids) -> Vec<Reference> {
    let mut references: Vec<Reference> = refs.convert(|r| {
        Some(Reference {
            source: ids.of(r.source)?,
            kind: r.kind,
            scope: ids.node(r.scope)?,
            segments: r.segments,
            global: r.global,
        })
    });
    references.par_sort_unstable();
    // Each file deduplicates its own names (`visit::visit_file`); ids that freeze merges
    // (a `mod` declaration and the file it loads) could still meet here.
    references.dedup();
    references
}

/// Calls stay in blocks: resolve needs no order among them.
pub(super) fn calls(sites: Batches<CallSite>, ids: &Ids) -> Vec<Vec<Call>> {
    sites.convert_blocks(|c| {
        Some(Call {
            caller: ids.node(c.caller)?,
            scope: ids.node(c.scope)?,
            callee: c.callee,
            form: c.form,
        })
    })
}

pub(super) fn generic_bounds(
    bounds: Batches<(RawNodeId, GenericBounds)>,
    ids: &Ids,
) -> HashMap<NodeId, GenericBounds> {
    bounds
        .into_iter()
        .filter_map(|(id, bounds)| Some((ids.node(id)?, bounds)))
        .collect()
}
