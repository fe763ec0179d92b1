//! Freeze: the concurrent state becomes a plain, sorted graph with canonical
//! ids. Nodes are numbered by (file, chunk offset, ordinal in the chunk),
//! interned types after them by text, so that the output is the same bytes
//! for any thread count. Name references and call sites are carried over,
//! renumbered, in [`Frozen`]: all that `resolve` reads.
//!
//! The steps run in the order memory sets (see ARCHITECTURE.md): the raw
//! nodes stay where the visit left them ([`raw_nodes`]) while roots take
//! their place in the module tree ([`roots`]) and every id is numbered
//! ([`numbering`]); relations become edges ([`relations`]) before the nodes
//! are built ([`nodes`]); paths come last ([`paths`]), then the files,
//! crates and diagnostics ([`files`]).

mod files;
mod nodes;
mod numbering;
mod paths;
mod raw_nodes;
mod relations;
mod roots;

use crate::discover::ModuleTree;
use crate::model::{CallForm, EdgeKind, Graph, NodeId};
use crate::state::path_text::PathText;
use crate::state::raw::{Callee, GenericBounds};
use crate::state::store::VisitorState;
use crate::vfs::SourceFile;
use foldhash::HashMap;
use numbering::Ids;
use raw_nodes::RawNodes;
use rayon::prelude::*;
use std::sync::Arc;

/// What freeze hands resolve, and all that resolve reads: the graph with its
/// final ids, plus what resolving needs and the JSON does not carry.
pub struct Frozen {
    /// Every node the input defines, in canonical order (a node's position is
    /// its id), then the interned types by text; edges (the visit's
    /// relations and `contains`) sorted and deduplicated; crates, files and
    /// diagnostics final. Resolve appends `external` nodes (room for them is
    /// reserved) and merges the edges it finds, then fills in the counts.
    pub graph: Graph,
    /// Names to resolve, sorted and deduplicated.
    pub references: Vec<Reference>,
    /// In blocks, as the visit left them, and in no particular order: each call resolves on
    /// its own, and resolve sorts the edges it finds.
    pub calls: Vec<Vec<Call>>,
    pub types: TypeFacts,
}

/// What call resolution needs to follow receivers' types, beside the graph.
pub struct TypeFacts {
    /// For impl nodes: the self type's name, used in member paths.
    pub impl_self: HashMap<NodeId, String>,
    /// For each interned type node: its path segments, if it is a path type.
    pub type_paths: HashMap<NodeId, TypePath>,
    /// For functions with bounded generics in scope: the bounds.
    pub generic_bounds: HashMap<NodeId, GenericBounds>,
    /// For each crate root module with a manifest: its default features.
    pub crate_features: HashMap<NodeId, crate::discover::Features>,
}

/// A path type's segments and whether it starts with `::`.
pub type TypePath = (PathText, bool);

/// A name to resolve, in final ids.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    pub source: NodeId,
    pub kind: EdgeKind,
    /// The module whose scope the path is resolved in.
    pub scope: NodeId,
    pub segments: PathText,
    /// The path started with `::` (an extern crate).
    pub global: bool,
}

/// A call site, in final ids.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Call {
    pub caller: NodeId,
    /// The module whose scope the callee's paths are resolved in.
    pub scope: NodeId,
    pub callee: Callee,
    pub form: CallForm,
}

/// What freeze needs to know of an input file once its bytes are gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileFacts {
    pub bytes: u64,
    pub lines: u32,
    /// False for a Rust file that was refused or could not be decoded.
    pub readable: bool,
}

impl FileFacts {
    pub fn of(bytes: &[u8], readable: bool) -> FileFacts {
        FileFacts {
            bytes: bytes.len() as u64,
            lines: crate::vfs::saturate(line_count(bytes)),
            readable,
        }
    }
}

/// Lines as an editor counts them: a last line without a newline counts.
fn line_count(bytes: &[u8]) -> usize {
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
    newlines + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}

/// Consumes the build state: node data is moved, not copied, into the
/// graph, so the two never both hold every node's text.
pub fn freeze(
    files: &[SourceFile],
    facts: &[FileFacts],
    state: VisitorState,
    tree: &ModuleTree,
) -> Frozen {
    let interner = state.interner_stats();
    let (node_count, type_count) = (state.node_count(), state.type_count());
    let mut raw = RawNodes::new(state.nodes, node_count);
    let roots::Roots { by_file, merged } = roots::place(&mut raw, state.file_roots, tree);

    let order = numbering::node_order(&raw);
    let types = numbering::type_order(state.type_entries);
    let ids = Ids::new(&order, raw.len(), merged, &types, type_count);

    // The visit's relations become edges before any node is built: converted
    // they take a third of the memory, and the raw ones are gone by the time
    // the node vector is at its largest. The `contains` edges join them there.
    let mut edges = relations::edges(state.edges, &ids);
    edges.reserve(order.len());

    let root_paths = roots::paths(tree, &by_file, &ids);
    // The node vector is a run's largest allocation, and resolve appends
    // `external` nodes to it: room for them up front keeps it from doubling
    // (and briefly existing twice) then. Externals are a few percent of a
    // real crate's nodes (1.4% of std's).
    let defined = order.len() + types.len();
    let mut graph_nodes = Vec::with_capacity(defined + defined / 16 + 64);
    let file_paths: Vec<Arc<str>> = files.iter().map(|f| Arc::from(f.path.as_str())).collect();
    let built = nodes::build(raw, &order, &ids, &file_paths, &mut graph_nodes, &mut edges);
    paths::qualify(
        &mut graph_nodes,
        &built.path_parents,
        &root_paths,
        &built.impl_self,
    );
    drop(built.path_parents);
    let type_paths = nodes::add_types(&mut graph_nodes, types, order.len());
    edges.par_sort_unstable();
    edges.dedup();

    let references = relations::references(state.path_refs, &ids);
    let calls = relations::calls(state.calls, &ids);
    let generic_bounds = relations::generic_bounds(state.generic_bounds, &ids);

    let (crates, crate_features) = files::crates(files, tree, &by_file, &ids);
    let findings = state.diagnostics.finish(files);
    let file_list = files::list(files, facts, tree, &findings);
    Frozen {
        graph: Graph {
            schema: crate::model::SCHEMA.to_string(),
            crates,
            files: file_list,
            nodes: graph_nodes,
            edges,
            diagnostics: findings.diagnostics,
            stats: files::stats(files, facts, interner),
        },
        references,
        calls,
        types: TypeFacts {
            impl_self: built.impl_self,
            type_paths,
            generic_bounds,
            crate_features,
        },
    }
}

fn to_id(index: usize) -> NodeId {
    NodeId::try_from(index).unwrap_or(NodeId::MAX)
}

/// The phases up to freeze over `sources` (path and text, in path order, as
/// the pipeline sorts them), with the files visited in `visit_order` by a
/// pool of `threads`: what the unit tests of freeze and resolve start from.
#[cfg(test)]
pub(crate) fn freeze_sources(
    sources: &[(&str, &str)],
    visit_order: &[usize],
    threads: usize,
) -> Frozen {
    let files: Vec<SourceFile> = sources
        .iter()
        .map(|&(path, text)| SourceFile::new(path, text))
        .collect();
    let facts: Vec<FileFacts> = files
        .iter()
        .map(|f| FileFacts::of(&f.bytes, true))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    pool.install(|| {
        // Made in the pool: the state keeps a list of batches per pool thread.
        let state = VisitorState::default();
        // One file per task, so that with one thread the files are visited in order.
        // The sources lex (the pipeline reports the split's errors).
        visit_order.par_iter().with_max_len(1).for_each(|&file| {
            let text = sources[file].1;
            let split = crate::syntax::split::split(text);
            crate::visit::visit_file(&state, file, text, &split, crate::pipeline::MAX_DEPTH)
        });
        let tree = crate::discover::discover(&files, &state);
        freeze(&files, &facts, state, &tree)
    })
}
