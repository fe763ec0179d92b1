//! Freeze: the concurrent state becomes a plain, sorted graph with canonical
//! ids. Nodes are numbered by (file, chunk offset, ordinal in the chunk),
//! interned types after them by text, so that the output is the same bytes
//! for any thread count. Name references are carried over, renumbered, for
//! `resolve`.

use crate::discover::ModuleTree;
use crate::model::{
    Crate, Diagnostic, Edge, EdgeKind, File, FileStatus, Graph, Node, NodeId, NodeKind, Stats,
    Text, Visibility,
};
use crate::state::path_text::PathText;
use crate::state::raw::{Callee, RawNode, RawNodeId, RawRef};
use crate::state::store::VisitorState;
use crate::vfs::SourceFile;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// A path type's segments and whether it starts with `::`.
pub type TypePath = (PathText, bool);

/// A name to resolve, in final ids.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    pub source: NodeId,
    pub kind: EdgeKind,
    pub scope: NodeId,
    pub segments: PathText,
    pub global: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Call {
    pub caller: NodeId,
    pub scope: NodeId,
    pub callee: Callee,
}

/// The graph plus what `resolve` needs and the JSON does not carry.
pub struct Frozen {
    pub graph: Graph,
    pub references: Vec<Reference>,
    /// In blocks, as the visit left them, and in no particular order: each call resolves on
    /// its own, and resolve sorts the edges it finds.
    pub calls: Vec<Vec<Call>>,
    /// For impl nodes: the self type's name, used in member paths.
    pub impl_self: HashMap<NodeId, String>,
    /// For each interned type node: its path segments, if it is a path type.
    pub type_paths: HashMap<NodeId, TypePath>,
    /// For functions with bounded generics in scope: the bounds.
    pub generic_bounds: HashMap<NodeId, crate::state::raw::GenericBounds>,
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
    // Raw ids are dense (one atomic counter per id space), so plain vectors
    // indexed by raw id replace hash maps from here on.
    let mut raw = RawNodes::new(state.nodes, node_count);

    // Give each file's root module its place in the tree: a crate root, a
    // module loaded by a declaration (which it replaces), or an orphan.
    let roots: HashMap<usize, RawNodeId> = state.file_roots.into_iter().collect();
    let mut decl_to_root: HashMap<RawNodeId, RawNodeId> = HashMap::new();
    for (&file, module) in &tree.files {
        let Some(&root) = roots.get(&file) else {
            continue;
        };
        let decl = module.decl.and_then(|d| raw.take(d).map(|node| (d, node)));
        let Some(node) = raw.get_mut(root) else {
            continue;
        };
        node.name = module.name.as_str().into();
        if let Some((decl_id, decl)) = decl {
            decl_to_root.insert(decl_id, root);
            node.parent = decl.parent;
            node.visibility = decl.visibility;
            let own_attrs = std::mem::take(&mut node.details.attrs);
            let own_doc = node.details.doc().map(str::to_owned);
            node.details = decl.details;
            if node.details.doc().is_none() && own_doc.is_some() {
                node.details.set_text(Text::Doc, own_doc.as_deref());
            }
            node.details.attrs.extend(own_attrs);
        }
    }
    for (&decl, &file) in &tree.duplicate_decls {
        let (Some(node), Some(&root)) = (raw.take(decl), roots.get(&file)) else {
            continue;
        };
        decl_to_root.insert(decl, root);
        if let Some(target) = raw.get_mut(root) {
            target.details.cfgs.extend(node.details.cfgs);
        }
    }

    let mut order: Vec<(crate::state::raw::SourceOrder, RawNodeId)> =
        raw.iter().map(|(id, node)| (node.order, id)).collect();
    order.par_sort_unstable();
    let mut node_id: Vec<Option<NodeId>> = vec![None; raw.len()];
    for (i, &(_, raw_id)) in order.iter().enumerate() {
        if let Some(slot) = node_id.get_mut(raw_id as usize) {
            *slot = Some(to_id(i));
        }
    }
    let direct = |raw_id: RawNodeId| node_id.get(raw_id as usize).copied().flatten();
    let lookup = |raw_id: RawNodeId| -> Option<NodeId> {
        direct(raw_id).or_else(|| {
            let root = *decl_to_root.get(&raw_id)?;
            direct(root)
        })
    };

    let mut type_order: Vec<(String, crate::state::raw::TypeId, Option<TypePath>)> = state
        .type_entries
        .into_iter()
        .map(|(id, entry)| (entry.text, id, entry.base_path))
        .collect();
    type_order.par_sort_unstable();
    let first_type = order.len();
    let mut type_id: Vec<Option<NodeId>> = vec![None; type_count];
    for (i, (_, raw_id, _)) in type_order.iter().enumerate() {
        if let Some(slot) = type_id.get_mut(*raw_id as usize) {
            *slot = Some(to_id(first_type + i));
        }
    }
    let map_ref = |r: RawRef| match r {
        RawRef::Node(n) => lookup(n),
        RawRef::Type(t) => type_id.get(t as usize).copied().flatten(),
    };
    // The visit's relations become edges before any node is built: converted
    // they take a third of the memory, and the raw ones are gone by the time
    // the node vector is at its largest. The `contains` edges join them there.
    let mut edges: Vec<Edge> = state.edges.convert(|edge| {
        Some(Edge {
            source: map_ref(edge.source)?,
            target: map_ref(edge.target)?,
            kind: edge.kind,
            confidence: None,
        })
    });
    edges.reserve(order.len());

    // A root's path comes from the module tree, by its (final) id.
    let root_paths: HashMap<NodeId, &str> = tree
        .files
        .iter()
        .filter_map(|(file, m)| Some((direct(*roots.get(file)?)?, m.path.as_str())))
        .collect();
    // The node vector is a run's largest allocation, and resolve appends
    // `external` nodes to it: room for them up front keeps it from doubling
    // (and briefly existing twice) then. Externals are a few percent of a
    // real crate's nodes (1.4% of std's).
    let defined = order.len() + type_order.len();
    let mut nodes = Vec::with_capacity(defined + defined / 16 + 64);
    let file_paths: Vec<Arc<str>> = files.iter().map(|f| Arc::from(f.path.as_str())).collect();
    // Each node is built where the canonical order puts it, straight from
    // the visit's batches: an intermediate list of the raw nodes in that
    // order would exist next to the batches or the graph's node vector, and
    // be the run's peak. Paths wait until the raw nodes are gone, for the
    // same reason: only what they need of the tree is kept, the parent links.
    let mut impl_self: HashMap<NodeId, String> = HashMap::new();
    let mut path_parents: Vec<Option<NodeId>> = Vec::with_capacity(order.len());
    for (index, &(_, raw_id)) in order.iter().enumerate() {
        let Some(node) = raw.take(raw_id) else {
            continue;
        };
        let id = to_id(index);
        if let Some(parent) = node.parent.and_then(lookup) {
            edges.push(Edge {
                source: parent,
                target: id,
                kind: EdgeKind::Contains,
                confidence: None,
            });
        }
        // A parent that freeze merged away (a `mod` declaration) leaves its
        // child a root of its own here, unlike the `contains` edge above.
        path_parents.push(node.parent.and_then(direct));
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
    drop(raw);
    qualify(&mut nodes, &path_parents, &root_paths, &impl_self);
    drop(path_parents);
    let mut type_paths = HashMap::new();
    for (index, (text, _, base)) in type_order.into_iter().enumerate() {
        let id = to_id(first_type + index);
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
    edges.par_sort_unstable();
    edges.dedup();

    let mut references: Vec<Reference> = state.path_refs.convert(|r| {
        Some(Reference {
            source: map_ref(r.source)?,
            kind: r.kind,
            scope: lookup(r.scope)?,
            segments: r.segments,
            global: r.global,
        })
    });
    references.par_sort_unstable();
    // Each file deduplicates its own names (`visit::visit_file`); ids that freeze merges
    // (a `mod` declaration and the file it loads) could still meet here.
    references.dedup();
    let calls = state.calls.convert_blocks(|c| {
        Some(Call {
            caller: lookup(c.caller)?,
            scope: lookup(c.scope)?,
            callee: c.callee,
        })
    });
    let generic_bounds = state
        .generic_bounds
        .into_iter()
        .filter_map(|(id, bounds)| Some((lookup(id)?, bounds)))
        .collect();

    let crates = tree
        .crates
        .iter()
        .filter_map(|c| {
            Some(Crate {
                name: c.name.clone(),
                root: files[c.file].path.clone(),
                kind: c.kind,
                module: lookup(*roots.get(&c.file)?)?,
            })
        })
        .collect();

    let failed: BTreeSet<usize> = state.failed_files.into_iter().collect();
    let damaged: BTreeSet<usize> = state.damaged_files.into_iter().collect();
    let mut diagnostics: Vec<Diagnostic> = state
        .diagnostics
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|d| Diagnostic {
            file: files[d.file].path.clone(),
            line: d.line,
            column: d.column,
            severity: d.severity,
            message: d.message,
        })
        .collect();
    diagnostics.sort();
    diagnostics.dedup();
    let has_error: BTreeSet<&str> = diagnostics
        .iter()
        .filter(|d| d.severity == crate::model::Severity::Error)
        .map(|d| d.file.as_str())
        .collect();

    let file_list: Vec<File> = files
        .iter()
        .zip(facts)
        .enumerate()
        .map(|(i, (f, facts))| {
            let rust = f.path.ends_with(".rs");
            let status = if rust && (failed.contains(&i) || !facts.readable) {
                FileStatus::Failed
            } else if damaged.contains(&i) || has_error.contains(f.path.as_str()) {
                FileStatus::Partial
            } else {
                FileStatus::Ok
            };
            File {
                path: f.path.clone(),
                bytes: facts.bytes,
                lines: facts.lines,
                status,
                orphan: tree.is_orphan(i),
            }
        })
        .collect();

    let stats = Stats {
        threads: None,
        files: files.len(),
        bytes: facts.iter().map(|f| f.bytes).sum(),
        nodes: 0,
        edges: 0,
        items: Default::default(),
        type_interner: interner,
        phases_ms: None,
    };
    Frozen {
        graph: Graph {
            schema: crate::model::SCHEMA.to_string(),
            crates,
            files: file_list,
            nodes,
            edges,
            diagnostics,
            stats,
        },
        references,
        calls,
        impl_self,
        type_paths,
        generic_bounds,
    }
}

/// Qualified paths: a crate root is its crate's name; members of impls are
/// `Type::member`; everything else is `parent::name`. Built level by level
/// down the tree, each level in parallel from the one above it. `parents`
/// lines up with `nodes`, whose positions are their ids.
fn qualify(
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

/// The raw nodes by raw id, where the visit's batches left them: copying
/// them into one id-indexed vector would hold every node twice for a while.
/// A block is freed as soon as its last node is taken; the canonical order
/// takes them file by file, much as the visit wrote them, so the graph's
/// nodes replace the raw ones as it grows instead of adding to them.
struct RawNodes {
    blocks: Vec<Vec<(RawNodeId, Option<RawNode>)>>,
    /// Per block: how many of its nodes are still here.
    left: Vec<u32>,
    /// By raw id: the block and the position in it.
    at: Vec<Option<(u32, u32)>>,
}

impl RawNodes {
    fn new(
        batches: crate::state::batches::Batches<(RawNodeId, RawNode)>,
        count: usize,
    ) -> RawNodes {
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
    fn len(&self) -> usize {
        self.at.len()
    }

    fn get_mut(&mut self, id: RawNodeId) -> Option<&mut RawNode> {
        let (b, p) = (*self.at.get(id as usize)?)?;
        self.blocks
            .get_mut(b as usize)?
            .get_mut(p as usize)?
            .1
            .as_mut()
    }

    fn take(&mut self, id: RawNodeId) -> Option<RawNode> {
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
    fn iter(&self) -> impl Iterator<Item = (RawNodeId, &RawNode)> {
        self.blocks
            .iter()
            .flatten()
            .filter_map(|(id, node)| Some((*id, node.as_ref()?)))
    }
}

fn to_id(index: usize) -> NodeId {
    NodeId::try_from(index).unwrap_or(NodeId::MAX)
}

/// Whole-graph counts, filled in after resolve has added its nodes and edges.
pub fn count(graph: &mut Graph) {
    graph.stats.nodes = graph.nodes.len();
    graph.stats.edges = graph.edges.len();
    let mut counts = [0; NodeKind::ALL.len()];
    for node in &graph.nodes {
        counts[node.kind as usize] += 1;
    }
    graph.stats.items = NodeKind::ALL
        .into_iter()
        .zip(counts)
        .filter(|&(_, count)| count > 0)
        .map(|(kind, count)| (kind.as_str().to_string(), count))
        .collect();
}

/// Lines as an editor counts them: a last line without a newline counts.
fn line_count(bytes: &[u8]) -> usize {
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
    newlines + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}
