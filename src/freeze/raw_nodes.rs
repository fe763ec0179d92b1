//! The visit's raw nodes, by raw id, where its batches left them.

use crate::state::batches::Batches;
use crate::state::raw::{RawNode, RawNodeId};

/// The raw nodes by raw id, where the visit's batches left them: copying
/// them into one id-indexed vector would hold every node twice for a while.
/// A block is freed as soon as its last node is taken; the canonical order
/// takes them file by file, much as the visit wrote them, so the graph's
/// nodes replace the raw ones as it grows instead of adding to them.
pub(super) struct RawNodes {
    blocks: Vec<Vec<(RawNodeId, Option<RawNode>)>>,
    /// Per block: how many of its nodes are still here.
    left: Vec<u32>,
    /// By raw id: the block and the position in it.
    at: Vec<Option<(u32, u32)>>,
}

impl RawNodes {
    /// `count` is one past the highest raw id.
    pub(super) fn new(batches: Batches<(RawNodeId, RawNode)>, count: usize) -> RawNodes {
        // Same layout in and out, so each block is converted where it lies.
        let blocks: Vec<Vec<(RawNodeId, Option<RawNode>)>> = batches
            .into_blocks()
            .into_iter()
            .map(|block| {
                block
                    .into_iter()
                    .map(|(id, node)| (id, Some(node)))
                    .collect()
            })
            .collect();
        let mut at = vec![None; count];
        let mut left = Vec::with_capacity(blocks.len());
        for (b, block) in blocks.iter().enumerate() {
            left.push(u32::try_from(block.len()).unwrap_or(u32::MAX));
            for (p, &(id, _)) in block.iter().enumerate() {
                if let (Some(slot), Ok(b), Ok(p)) =
                    (at.get_mut(id as usize), u32::try_from(b), u32::try_from(p))
                {
                    *slot = Some((b, p));
                }
            }
        }
        RawNodes { blocks, left, at }
    }

    /// One past the highest raw id.
    pub(super) fn len(&self) -> usize {
        self.at.len()
    }

    pub(super) fn get_mut(&mut self, id: RawNodeId) -> Option<&mut RawNode> {
        let (b, p) = (*self.at.get(id as usize)?)?;
        self.blocks
            .get_mut(b as usize)?
            .get_mut(p as usize)?
            .1
            .as_mut()
    }

    pub(super) fn take(&mut self, id: RawNodeId) -> Option<RawNode> {
        let (b, p) = (*self.at.get(id as usize)?)?;
        let block = self.blocks.get_mut(b as usize)?;
        let node = block.get_mut(p as usize)?.1.take()?;
        if let Some(left) = self.left.get_mut(b as usize) {
            *left = left.saturating_sub(1);
            if *left == 0 {
                *block = Vec::new();
            }
        }
        Some(node)
    }

    /// The nodes still here, with their raw ids.
    pub(super) fn iter(&self) -> impl Iterator<Item = (RawNodeId, &RawNode)> {
        self.blocks
            .iter()
            .flatten()
            .filter_map(|(id, node)| Some((*id, node.as_ref()?)))
    }
}
