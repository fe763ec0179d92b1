//! [`Batches`]: append-only per-thread storage, in fixed-size blocks, for the records of many
//! chunks' visits.

use std::sync::Mutex;

/// An append-only collection that parse+visit fills a chunk at a time: each chunk's visit
/// collects its output locally and appends it here once, to its thread's own list. Per item
/// that costs no hashing and no growth of a shared table (rehashing the concurrent maps this
/// replaced, and the kernel zeroing each new table, was about a fifth of the parse phase on
/// std's sources). Nothing reads it before `freeze`, which consumes it in whatever order it
/// was filled: it sorts everything canonically.
///
/// A thread's list is a series of fixed-size blocks of about [`BLOCK_BYTES`], not one vector:
/// a vector would double and copy as it grows, briefly holding a thread's whole output twice,
/// and carry up to half its size unused; and `freeze` can free each block as soon as it has
/// taken what it holds. Blocks that small chunks' batches would make (a few nodes each)
/// would scatter the state over the allocator's small-object pages, which freeing them in
/// another order leaves mostly empty but still resident: on std, 30 MB more peak RSS.
pub struct Batches<T> {
    /// One list of blocks per worker thread, so that appending contends with nobody.
    lists: Box<[Mutex<Vec<Vec<T>>>]>,
}

/// The size of one block of a [`Batches`]: large enough that the allocator maps it on its
/// own, and returns it whole when it is freed.
const BLOCK_BYTES: usize = 1 << 20;

impl<T> Default for Batches<T> {
    fn default() -> Self {
        let threads = rayon::current_num_threads().max(1);
        Batches {
            lists: (0..threads).map(|_| Mutex::new(Vec::new())).collect(),
        }
    }
}

impl<T> Batches<T> {
    pub fn append(&self, mut batch: Vec<T>) {
        if batch.is_empty() {
            return;
        }
        let index = rayon::current_thread_index().unwrap_or(0);
        let Some(list) = self.lists.get(index % self.lists.len().max(1)) else {
            return;
        };
        // A poisoned lock only means another thread panicked mid-push; the list is whole.
        let mut list = list.lock().unwrap_or_else(|e| e.into_inner());
        match list.last_mut() {
            Some(block) if block.capacity() - block.len() >= batch.len() => {
                block.append(&mut batch)
            }
            _ => {
                let per_block = BLOCK_BYTES / std::mem::size_of::<T>().max(1);
                let mut block = Vec::with_capacity(per_block.max(batch.len()));
                block.append(&mut batch);
                list.push(block);
            }
        }
    }

    /// Converts every item, dropping those `convert` refuses, into one vector sized up front,
    /// and frees each block once read: the two copies never both exist in full, as they would
    /// through a parallel collect (which gathers unknown-length pieces, then copies them).
    pub fn convert<U>(self, mut convert: impl FnMut(T) -> Option<U>) -> Vec<U> {
        let blocks = self.into_blocks();
        let mut out = Vec::with_capacity(blocks.iter().map(Vec::len).sum());
        for block in blocks {
            out.extend(block.into_iter().filter_map(&mut convert));
        }
        out
    }

    /// Like [`Batches::convert`], block for block: each block is converted, then freed, so
    /// that only one block exists twice at any time.
    pub fn convert_blocks<U>(self, mut convert: impl FnMut(T) -> Option<U>) -> Vec<Vec<U>> {
        self.into_blocks()
            .into_iter()
            .map(|block| block.into_iter().filter_map(&mut convert).collect())
            .collect()
    }

    /// Every block, in no particular order.
    pub fn into_blocks(self) -> Vec<Vec<T>> {
        self.lists
            .into_vec()
            .into_iter()
            .flat_map(|list| list.into_inner().unwrap_or_else(|e| e.into_inner()))
            .collect()
    }
}

impl<T> IntoIterator for Batches<T> {
    type Item = T;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<T>>>;

    /// Each block is freed as soon as it has been read.
    fn into_iter(self) -> Self::IntoIter {
        self.into_blocks().into_iter().flatten()
    }
}
