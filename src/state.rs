//! The concurrent build state that parse+visit writes into from many threads.
//!
//! Ids come from atomic counters, so they depend on scheduling; `freeze`
//! renumbers them canonically. Nothing here holds a syn tree: only plain,
//! `Send` data crosses threads.

use crate::model::{Details, EdgeKind, NodeKind, Span, Visibility};
use crate::path_text::PathText;
use dashmap::mapref::entry::Entry;
use dashmap::{DashMap, DashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A node's id while building; unrelated to the final `NodeId`.
///
/// 32 bits, as the build state holds several per node (std's sources have 240,000 nodes): a
/// node takes at least a byte of input, and the input is capped far below 4 GiB
/// ([`crate::Limits::max_total_bytes`]). Past `u32::MAX` ids would saturate, never wrap.
pub type RawNodeId = u32;
/// An interned type's id while building.
pub type TypeId = u32;
pub type FileIdx = usize;

/// Either end of a relation recorded during the visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RawRef {
    Node(RawNodeId),
    Type(TypeId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RawEdge {
    pub source: RawRef,
    pub target: RawRef,
    pub kind: EdgeKind,
}

/// Where a node sorts in the canonical order: file, then the byte offset of
/// the chunk it came from, then its ordinal in that chunk's (sequential)
/// visit. All three are independent of thread scheduling. 32 bits each, for
/// the same reason as [`RawNodeId`]: [`SourceOrder::new`] narrows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceOrder {
    file: u32,
    chunk: u32,
    ordinal: u32,
}

impl SourceOrder {
    pub fn new(file: FileIdx, chunk: usize, ordinal: u32) -> SourceOrder {
        SourceOrder {
            file: narrow(file),
            chunk: narrow(chunk),
            ordinal,
        }
    }

    pub fn file(self) -> FileIdx {
        self.file as FileIdx
    }
}

#[derive(Clone, Debug)]
pub struct RawNode {
    pub kind: NodeKind,
    /// Boxed strings here and in `impl_self`: no capacity word, as in the model's
    /// [`Details`], for one node of many.
    pub name: Box<str>,
    pub order: SourceOrder,
    pub span: Option<Span>,
    /// The container (`contains` edge source); `None` for a file's root module.
    pub parent: Option<RawNodeId>,
    /// The nearest module: where names used by this node resolve.
    pub module: RawNodeId,
    pub visibility: Visibility,
    /// Boxed: the details are most of a node's size, and they only move
    /// from here to the frozen graph; a small entry keeps the concurrent
    /// map (sized in powers of two per shard) from wasting its slack on them.
    pub details: Box<Details>,
    /// For impls: the self type's last path segment, used in member paths.
    pub impl_self: Option<Box<str>>,
}

/// A `mod name;` declaration, resolved to a file by `discover`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModDecl {
    pub file: FileIdx,
    /// The declaring node's place in the canonical order and where it starts, so that
    /// `discover` needs no lookup among the nodes.
    pub order: SourceOrder,
    pub start: [u32; 2],
    pub name: String,
    /// The `#[path = ".."]` attribute, if any.
    pub path_attr: Option<String>,
    /// Inline modules between the file's root and this declaration, each
    /// with its own `#[path]`, which shape the directory rustc looks in.
    pub inline_chain: Vec<(String, Option<String>)>,
    pub has_cfg: bool,
}

/// A name written in the source that resolve must look up in a module scope.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PathRef {
    pub source: RawRef,
    pub kind: EdgeKind,
    /// The module whose scope the path is resolved in.
    pub scope: RawNodeId,
    pub segments: PathText,
    /// The path started with `::` (an extern crate).
    pub global: bool,
}

/// A call site in a function body, kept as plain data for resolve.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallSite {
    pub caller: RawNodeId,
    pub scope: RawNodeId,
    pub callee: Callee,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Callee {
    /// `a::b::f(..)`, `Self::new(..)`, `Type::assoc(..)`, `Trait::m(x, ..)`;
    /// `first_arg` is what the first argument is, for `Trait::m(x)`.
    Path {
        segments: PathText,
        global: bool,
        first_arg: Receiver,
    },
    /// `<T as Trait>::m(..)`: the trait's path and the method.
    Qualified {
        self_ty: PathText,
        trait_path: PathText,
        method: Box<str>,
    },
    /// `recv.m(..)`, with what the visitor could tell about `recv`.
    Method {
        method: Box<str>,
        receiver: Receiver,
    },
}

/// What the visitor could tell about a value's type, for method calls on
/// it. Resolve turns it into a type definition when it can.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Receiver {
    /// A type path, from a declaration, a constructor or `self`.
    Type(PathText),
    /// A generic parameter or `impl Trait`: the traits it is bound by.
    Bounded(Box<[PathText]>),
    /// `base.field`: the field's declared type.
    Field(Box<Receiver>, Box<str>),
    /// What a call returns: the callee's declared return type.
    Returns(Box<Callee>),
    /// `x?`, `x.unwrap()`, `x.expect(..)`: the `T` of `Result<T, _>` or
    /// `Option<T>`.
    Unwrapped(Box<Receiver>),
    /// `xs[i]`, or `x` in `for x in xs`: the `T` of `Vec<T>`, `[T]`, `[T; N]`.
    Element(Box<Receiver>),
    /// A declared `Vec<T>`, `VecDeque<T>`, `[T]` or `[T; N]`, by its element.
    Collection(Box<Receiver>),
    Unknown,
}

/// The trait bounds of the generic parameters in scope of a function
/// (its own and its impl's or trait's), by parameter name.
pub type GenericBounds = Box<[(Box<str>, Box<[PathText]>)]>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeEntry {
    pub text: String,
    /// For path types: the segments without generic arguments, to resolve.
    pub base_path: Option<(PathText, bool)>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RawDiagnostic {
    pub file: FileIdx,
    pub line: u32,
    pub column: u32,
    pub severity: crate::model::Severity,
    pub message: String,
}

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

#[derive(Default)]
pub struct VisitorState {
    next_node: AtomicUsize,
    next_type: AtomicUsize,
    /// Nodes, by raw id. Written through [`VisitorState::add_nodes`]; ids come from
    /// [`VisitorState::node_id`].
    pub nodes: Batches<(RawNodeId, RawNode)>,
    /// Relations; a relation met twice is deduplicated by `freeze`.
    pub edges: Batches<RawEdge>,
    /// Keyed by the type's normal text. foldhash rather than SipHash: hashing the text is
    /// most of a lookup, and every type written in a signature is one. Its seed is random per
    /// process, which is all the flooding resistance a local analysis needs.
    pub types: DashMap<String, TypeId, foldhash::fast::RandomState>,
    pub type_entries: DashMap<TypeId, TypeEntry>,
    /// Attribute texts by their source text, each kept once; see [`VisitorState::attr_text`].
    attrs: DashMap<Box<str>, Arc<str>, foldhash::fast::RandomState>,
    type_hits: AtomicU64,
    type_misses: AtomicU64,
    pub mod_decls: DashMap<RawNodeId, ModDecl>,
    /// The root module node of each file.
    pub file_roots: DashMap<FileIdx, RawNodeId>,
    /// Names to resolve; one met twice is deduplicated by `freeze`.
    pub path_refs: Batches<PathRef>,
    /// Call sites, each once: a caller's calls all come from one chunk's visit, which
    /// deduplicates them.
    pub calls: Batches<CallSite>,
    /// For functions with bounded generics in scope: those bounds, which
    /// method calls on `T`-typed fields and returns dispatch through.
    pub generic_bounds: Batches<(RawNodeId, GenericBounds)>,
    pub diagnostics: Mutex<Vec<RawDiagnostic>>,
    /// Files where an item was lost or only partly read.
    pub damaged_files: DashSet<FileIdx>,
    /// Files where not a single item could be read.
    pub failed_files: DashSet<FileIdx>,
}

/// An id counter's value as an id (see [`RawNodeId`]).
fn narrow(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

impl VisitorState {
    /// A fresh node id, for a node added later with [`VisitorState::add_nodes`].
    pub fn node_id(&self) -> RawNodeId {
        narrow(self.next_node.fetch_add(1, Ordering::Relaxed))
    }

    /// Adds nodes whose ids came from [`VisitorState::node_id`].
    pub fn add_nodes(&self, nodes: Vec<(RawNodeId, RawNode)>) {
        self.nodes.append(nodes);
    }

    /// Node ids handed out so far: every raw node id is below this.
    pub fn node_count(&self) -> usize {
        self.next_node.load(Ordering::Relaxed)
    }

    /// Type ids handed out so far: every raw type id is below this.
    pub fn type_count(&self) -> usize {
        self.next_type.load(Ordering::Relaxed)
    }

    /// Interns a type by its normal text (`base_path` is asked for only when
    /// the type is new). Returns the id and whether it was new, so that
    /// exactly one thread goes on to record the type's structure. The entry
    /// guard is dropped before that, because interning the argument types
    /// may need the same shard.
    pub fn intern_type(
        &self,
        text: String,
        base_path: impl FnOnce() -> Option<(PathText, bool)>,
    ) -> (TypeId, bool) {
        // Most types are met again (std: 19,000 distinct among 386,000): a shared read lock
        // finds those, so that threads meeting the same common types do not queue for a
        // shard's write lock. A miss still goes through `entry`, which settles races.
        if let Some(id) = self.types.get(text.as_str()) {
            self.type_hits.fetch_add(1, Ordering::Relaxed);
            return (*id, false);
        }
        let id = match self.types.entry(text) {
            Entry::Occupied(entry) => {
                self.type_hits.fetch_add(1, Ordering::Relaxed);
                return (*entry.get(), false);
            }
            Entry::Vacant(entry) => {
                let id = narrow(self.next_type.fetch_add(1, Ordering::Relaxed));
                let text = entry.key().clone();
                entry.insert(id);
                self.type_misses.fetch_add(1, Ordering::Relaxed);
                self.type_entries.insert(
                    id,
                    TypeEntry {
                        text,
                        base_path: base_path(),
                    },
                );
                id
            }
        };
        (id, true)
    }

    /// The shared copy of the text `print` gives an attribute written as `source`. Attributes
    /// repeat a lot (std's 159,000 are 18,000 distinct texts; `inline` alone is 28,000), so
    /// most are neither printed nor stored again.
    pub fn attr_text(&self, source: &str, print: impl FnOnce() -> String) -> Arc<str> {
        if let Some(known) = self.attrs.get(source) {
            return Arc::clone(&known);
        }
        // Two threads that meet a new text at once each print it, and the map keeps one of
        // them: harmless, and cheaper than holding a shard's write lock to print.
        let text: Arc<str> = print().into();
        self.attrs.insert(source.into(), Arc::clone(&text));
        text
    }

    pub fn interner_stats(&self) -> crate::model::InternerStats {
        crate::model::InternerStats {
            hits: self.type_hits.load(Ordering::Relaxed),
            misses: self.type_misses.load(Ordering::Relaxed),
        }
    }

    pub fn diagnose(&self, diagnostic: RawDiagnostic) {
        // A poisoned lock only means another thread panicked mid-push; the
        // vector itself is still whole.
        let mut list = self.diagnostics.lock().unwrap_or_else(|e| e.into_inner());
        list.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Arc;

    #[test]
    fn concurrent_ids_are_unique() {
        let state = Arc::new(VisitorState::default());
        let ids: Vec<Vec<RawNodeId>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|t| {
                    let state = Arc::clone(&state);
                    s.spawn(move || {
                        (0..2000)
                            .map(|i| {
                                let id = state.node_id();
                                let node = RawNode {
                                    kind: NodeKind::Function,
                                    name: format!("f{t}_{i}").into(),
                                    order: SourceOrder {
                                        file: t,
                                        chunk: i,
                                        ordinal: 0,
                                    },
                                    span: None,
                                    parent: None,
                                    module: 0,
                                    visibility: Visibility::Private,
                                    details: Box::default(),
                                    impl_self: None,
                                };
                                state.add_nodes(vec![(id, node)]);
                                id
                            })
                            .collect()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let all: HashSet<_> = ids.iter().flatten().copied().collect();
        assert_eq!(all.len(), 8 * 2000);
        let state = Arc::into_inner(state).expect("the threads are done");
        assert_eq!(state.nodes.into_iter().count(), 8 * 2000);
    }

    #[test]
    fn an_attribute_text_is_printed_and_kept_once() {
        let state = VisitorState::default();
        let first = state.attr_text("inline", || "inline".to_string());
        let again = state.attr_text("inline", || unreachable!("printed twice"));
        let other = state.attr_text("must_use ", || "must_use".to_string());
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!((&*again, &*other), ("inline", "must_use"));
    }

    #[test]
    fn interner_gives_one_id_per_type_under_contention() {
        let state = VisitorState::default();
        let results: Vec<Vec<(String, TypeId, bool)>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        (0..500)
                            .map(|i| {
                                let text = format!("Vec<T{}>", i % 50);
                                let (id, new) = state.intern_type(text.clone(), || None);
                                (text, id, new)
                            })
                            .collect()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut by_text = std::collections::HashMap::new();
        let mut new_count = 0;
        for (text, id, new) in results.into_iter().flatten() {
            assert_eq!(*by_text.entry(text).or_insert(id), id);
            new_count += usize::from(new);
        }
        assert_eq!(by_text.len(), 50);
        assert_eq!(new_count, 50, "exactly one thread interns each type");
        let stats = state.interner_stats();
        assert_eq!((stats.hits, stats.misses), (8 * 500 - 50, 50));
        let distinct_ids: HashSet<_> = by_text.values().collect();
        assert_eq!(distinct_ids.len(), 50);
    }
}
