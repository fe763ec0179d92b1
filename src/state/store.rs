//! [`VisitorState`], the concurrent store that parse+visit writes into from many threads: id
//! counters, the [`Batches`] of raw records, the type interner, attribute texts, `mod`
//! declarations and diagnostics. `freeze` consumes it.

use super::batches::Batches;
use super::path_text::PathText;
use super::raw::{
    narrow, CallSite, FileIdx, GenericBounds, ModDecl, PathRef, RawEdge, RawNode, RawNodeId,
    TypeEntry, TypeId,
};
use crate::diagnostics::Diagnostics;
use dashmap::mapref::entry::Entry;
use dashmap::DashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

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
    /// What every phase reports, from decoding to discovery.
    pub diagnostics: Diagnostics,
    /// The input's own `macro_rules!` definitions, read before the visit, which expands them.
    pub macros: crate::expand::MacroTable,
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NodeKind, Visibility};
    use crate::state::raw::SourceOrder;
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
                                    order: SourceOrder::new(t, i, 0),
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
