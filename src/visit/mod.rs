//! Parse + visit: one file's chunks, in parallel, into the shared state.
//!
//! A chunk is parsed and visited on the same thread (syn trees are `!Send`);
//! only plain data leaves this module. Every item becomes a node, every type
//! written in a signature becomes an interned `type` node, and every name that
//! needs a scope to mean something (trait paths, type paths, calls, macro
//! invocations) is recorded for `resolve`.
//!
//! This file visits a file's chunks and holds what every item's visit shares: the
//! [`ItemVisitor`], its chunk's [`Output`] and the node builder ([`ItemVisitor::declared`]).
//! The items are visited by family: `items` (the dispatch, functions, constants, statics,
//! type aliases, modules, foreign items), `adts`, `traits_impls`, `uses`, `macros`; `bodies`
//! walks function bodies for calls; `types` interns types; `scope` is what an item knows of
//! where it stands.

mod adts;
mod bodies;
mod expansion;
mod items;
mod locals;
mod macros;
mod operators;
mod scope;
mod text;
mod traits_impls;
mod types;
mod uses;
mod values;

use crate::model::{DetailFields, Details, EdgeKind, NodeKind, Severity, Span, Visibility};
use crate::state::raw::{
    CallSite, FileIdx, GenericBounds, PathRef, RawEdge, RawNode, RawNodeId, RawRef, SourceOrder,
};
use crate::state::store::VisitorState;
use crate::syntax::docs::DocComments;
use crate::syntax::offsets::ChunkOffsets;
use crate::syntax::split::{Chunk, Split};
use proc_macro2::extra::DelimSpan;
use proc_macro2::LineColumn;
use rayon::prelude::*;
use scope::Scope;
use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::sync::Arc;
use syn::punctuated::Punctuated;
use text::{tidy, tidy_tokens};
use types::segments;

/// Visits one file's chunks, which `split` cut from `text` (the pipeline has reported what
/// did not lex). `max_depth` is the nesting limit (see [`crate::Limits::max_depth`]).
pub fn visit_file(
    state: &VisitorState,
    file: FileIdx,
    text: &str,
    split: &Split,
    max_depth: usize,
) {
    // The root module is added once its chunks are visited: the header chunk's inner
    // attributes are its details.
    let root = state.node_id();
    state.file_roots.insert(file, root);

    let visited: Vec<Visited> = split
        .chunks
        .par_iter()
        .map(|chunk| {
            // What does not lex there, the splitter has said already.
            let reported = split
                .errors
                .iter()
                .any(|e| chunk.start <= e.offset && e.offset < chunk.end);
            let docs = &split.docs[split.docs.partition_point(|d| d.start < chunk.start)
                ..split.docs.partition_point(|d| d.start < chunk.end)];
            let chunk = ChunkInput {
                text,
                chunk,
                docs,
                max_depth,
                reported,
            };
            visit_chunk(state, file, root, &chunk)
        })
        .collect();
    let parsed = visited.iter().any(|v| !v.failed);
    if !parsed && split.chunks.iter().any(|c| c.end > c.start) && !split.chunks.is_empty() {
        state.diagnostics.failed(file);
    }
    let mut header = None;
    let mut path_refs = Vec::new();
    for chunk in visited {
        header = header.or(chunk.header);
        path_refs.extend(chunk.path_refs);
    }
    path_refs.sort_unstable();
    path_refs.dedup();
    state.path_refs.append(path_refs);
    let mut details = DetailFields::default();
    if let Some(header) = header {
        details.doc = header.doc;
        details.attrs = header.attrs;
        details.cfgs = header.cfgs;
    }
    let details = Box::new(Details::from(details));
    let node = RawNode {
        kind: NodeKind::Module,
        name: Box::default(),
        order: SourceOrder::new(file, 0, 0),
        span: Some(file_span(text)),
        parent: None,
        module: root,
        visibility: Visibility::Public,
        details,
        impl_self: None,
    };
    state.add_nodes(vec![(root, node)]);
}

/// How a chunk's visit went, and what it leaves to its file.
#[derive(Default)]
struct Visited {
    /// Nothing of the chunk parsed.
    failed: bool,
    /// The chunk has inner attributes: the details they give the file's module.
    header: Option<Box<DetailFields>>,
    /// Names to resolve. They repeat across a file's chunks (every `usize` of a module
    /// asks for the same name), and a module's names all come from one file, so the file
    /// deduplicates them: in parallel, and before they take any memory until `freeze`.
    path_refs: Vec<PathRef>,
}

fn file_span(text: &str) -> Span {
    // Bytes, not `split('\n')`: the count vectorizes, and this runs over every file.
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    let last = text.rfind('\n').map_or(text, |at| &text[at + 1..]);
    Span {
        start: [1, 0],
        end: [
            crate::vfs::saturate(lines),
            crate::vfs::saturate(last.chars().count()),
        ],
    }
}

/// One chunk of a file, and what parsing it needs to know.
#[derive(Clone, Copy)]
struct ChunkInput<'a> {
    /// The whole file.
    text: &'a str,
    chunk: &'a Chunk,
    /// The doc comments inside the chunk, at file offsets.
    docs: &'a [Range<usize>],
    max_depth: usize,
    /// The splitter reported an error inside the chunk.
    reported: bool,
}

/// Parses and visits one chunk.
fn visit_chunk(
    state: &VisitorState,
    file: FileIdx,
    root: RawNodeId,
    input: &ChunkInput<'_>,
) -> Visited {
    let parsed = parse_and_visit(state, file, root, input);
    // Every span of this chunk is dead now (the visit runs no rayon jobs,
    // so no other chunk is half-visited on this thread's stack): drop the
    // thread's source map, which otherwise keeps every chunk's text.
    proc_macro2::extra::invalidate_current_thread_spans();
    parsed
}

fn parse_and_visit(
    state: &VisitorState,
    file: FileIdx,
    root: RawNodeId,
    input: &ChunkInput<'_>,
) -> Visited {
    let ChunkInput {
        text,
        chunk,
        docs,
        max_depth,
        reported,
    } = *input;
    let source = &text[chunk.start..chunk.end];
    let docs = DocComments::new(
        source,
        docs.iter()
            .filter(|d| d.end <= chunk.end)
            .map(|d| d.start - chunk.start..d.end - chunk.start)
            .collect(),
    );
    let base = Base {
        line: chunk.line,
        column: chunk.column,
    };
    let marked = docs.rewrite();
    let parsed = crate::syntax::recover::parse_split_chunk(&marked, max_depth, chunk.nesting);
    for problem in parsed.problems.iter().filter(|p| !(p.lexing && reported)) {
        let at = base.map(LineColumn {
            line: problem.line,
            column: problem.column,
        });
        state
            .diagnostics
            .report(file, at, Severity::Error, problem.message.as_str());
    }
    // A lexing problem the split has reported is not reported again, but still costs code.
    if !parsed.problems.is_empty() {
        state.diagnostics.damaged(file);
    }
    let Some(ast) = parsed.file else {
        return Visited {
            failed: true,
            ..Visited::default()
        };
    };
    let visitor = ItemVisitor {
        state,
        source,
        offsets: ChunkOffsets::new(source),
        docs: &docs,
        file,
        chunk: chunk.start,
        base,
        ordinal: Cell::new(1),
        out: RefCell::default(),
        losses: parsed
            .losses
            .iter()
            .map(|&(line, column)| base.map(LineColumn { line, column }))
            .collect(),
        expansion: RefCell::default(),
    };
    let scope = Scope::module(root, Vec::new());
    for item in &ast.items {
        visitor.item(item, &scope);
    }
    let header = (!ast.attrs.is_empty()).then(|| Box::new(visitor.describe(&ast.attrs)));
    Visited {
        failed: false,
        header,
        path_refs: visitor.out.into_inner().flush(state),
    }
}

/// What one chunk's visit adds to the state, collected locally and handed over at once
/// (see [`crate::state::batches::Batches`]).
#[derive(Default)]
struct Output {
    /// In the order added, which is the order of their ids.
    nodes: Vec<(RawNodeId, RawNode)>,
    edges: Vec<RawEdge>,
    path_refs: Vec<PathRef>,
    calls: Vec<CallSite>,
    generic_bounds: Vec<(RawNodeId, GenericBounds)>,
}

impl Output {
    /// The node with this id, which this chunk added.
    fn node_mut(&mut self, id: RawNodeId) -> Option<&mut RawNode> {
        let index = self.nodes.binary_search_by_key(&id, |(id, _)| *id).ok()?;
        self.nodes.get_mut(index).map(|(_, node)| node)
    }

    /// Hands everything but the names to resolve (which [`visit_file`] deduplicates) to the
    /// state, and returns those. A caller's calls all come from this chunk, so they are
    /// deduplicated here; relations repeat across chunks too, and `freeze` deduplicates
    /// them, but dropping this chunk's repeats now keeps the state small.
    fn flush(mut self, state: &VisitorState) -> Vec<PathRef> {
        self.edges.sort_unstable();
        self.edges.dedup();
        self.calls.sort_unstable();
        self.calls.dedup();
        state.add_nodes(self.nodes);
        state.edges.append(self.edges);
        state.calls.append(self.calls);
        state.generic_bounds.append(self.generic_bounds);
        self.path_refs
    }
}

/// Where a chunk starts in its file; spans inside the chunk are relative.
#[derive(Clone, Copy)]
struct Base {
    line: u32,
    column: u32,
}

impl Base {
    fn map(self, at: LineColumn) -> [u32; 2] {
        let line = crate::vfs::saturate(at.line);
        let column = crate::vfs::saturate(at.column);
        if line <= 1 {
            [self.line, self.column.saturating_add(column)]
        } else {
            [self.line.saturating_add(line - 1), column]
        }
    }
}

struct ItemVisitor<'a> {
    state: &'a VisitorState,
    /// The chunk's text, which spans' byte ranges index (recovery's blanks keep every byte
    /// where it was).
    source: &'a str,
    /// Byte offsets of spans in `source`, for the spans whose text the visit reads.
    offsets: ChunkOffsets,
    docs: &'a DocComments<'a>,
    file: FileIdx,
    chunk: usize,
    base: Base,
    ordinal: Cell<u32>,
    out: RefCell<Output>,
    /// Where recovery left something out of this chunk (see
    /// [`crate::syntax::recover::Parsed`]), in file positions.
    losses: Vec<[u32; 2]>,
    /// While a crate macro's expansion is visited: what the invocation it started from has
    /// left to spend, nested expansions included.
    expansion: RefCell<Option<crate::expand::Budget>>,
}

/// A declaration as written: its attributes, its visibility, the first token after them and
/// its last token. They give its node's details, visibility and span.
#[derive(Clone, Copy)]
struct Decl<'s> {
    attrs: &'s [syn::Attribute],
    vis: &'s syn::Visibility,
    first: proc_macro2::Span,
    last: proc_macro2::Span,
}

impl<'s> Decl<'s> {
    fn new(
        attrs: &'s [syn::Attribute],
        vis: &'s syn::Visibility,
        first: proc_macro2::Span,
        last: proc_macro2::Span,
    ) -> Self {
        Decl {
            attrs,
            vis,
            first,
            last,
        }
    }

    /// Where the item's text begins: its first outer attribute, else its visibility, else its
    /// first token. (A module's inner attributes and `//!` docs are inside its braces.)
    fn start(self) -> proc_macro2::Span {
        let outer = self
            .attrs
            .iter()
            .find(|attr| matches!(attr.style, syn::AttrStyle::Outer));
        if let Some(attr) = outer {
            return attr.pound_token.span;
        }
        match self.vis {
            syn::Visibility::Public(p) => p.span,
            syn::Visibility::Restricted(r) => r.pub_token.span,
            syn::Visibility::Inherited => self.first,
        }
    }
}

/// A node's own facts, before [`ItemVisitor::add`] places it in its scope. Made by
/// [`ItemVisitor::declared`]; items then add what their kind shows (a type, generics, flags).
#[derive(Clone)]
struct NewNode {
    kind: NodeKind,
    name: String,
    span: Span,
    visibility: Visibility,
    details: DetailFields,
    impl_self: Option<String>,
}

impl<'a> ItemVisitor<'a> {
    /// A node's details: docs, derives, cfgs and the other attributes. Attribute texts repeat
    /// a lot (std's 159,000 are 18,000 distinct texts; `inline` alone is 28,000): each is
    /// kept once.
    fn describe(&self, attrs: &[syn::Attribute]) -> DetailFields {
        let mut details = DetailFields {
            doc: self.docs.summary(attrs, &self.offsets).map(Into::into),
            ..DetailFields::default()
        };
        for attr in attrs {
            let path = attr.path();
            if path.is_ident("doc") || self.docs.is_marker(attr, &self.offsets) {
                continue;
            }
            if path.is_ident("derive") {
                if let Ok(paths) =
                    attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                {
                    details.derives.extend(paths.iter().map(tidy));
                }
            } else if path.is_ident("cfg") {
                if let syn::Meta::List(list) = &attr.meta {
                    details.cfgs.push(tidy_tokens(list.tokens.clone()));
                }
            } else {
                details.attrs.push(self.attr_text(attr));
            }
        }
        details
    }

    /// An attribute's text, printed only the first time its source text is met.
    fn attr_text(&self, attr: &syn::Attribute) -> Arc<str> {
        let source = self.group_inside(attr.bracket_token.span, '[', ']');
        match source.filter(|text| !text.is_empty()) {
            Some(text) => self.state.attr_text(text, || tidy(&attr.meta)),
            None => tidy(&attr.meta).into(),
        }
    }

    /// The source text between a group's delimiters, if its span leads back to them (a span
    /// may not, in tokens re-parsed from a macro's input).
    fn group_inside(&self, group: DelimSpan, open: char, close: char) -> Option<&'a str> {
        let text = self.source.get(self.offsets.range(group.join()))?;
        text.strip_prefix(open)?.strip_suffix(close)
    }

    /// The node a declaration makes: its details are its attributes', its visibility the
    /// written one.
    fn declared(&self, kind: NodeKind, name: String, decl: Decl<'_>) -> NewNode {
        NewNode {
            kind,
            name,
            span: Span {
                start: self.base.map(decl.start().start()),
                end: self.base.map(decl.last.end()),
            },
            visibility: visibility(decl.vis),
            details: self.describe(decl.attrs),
            impl_self: None,
        }
    }

    /// Adds a node inside `scope`'s container, next in the chunk's order.
    fn add(&self, scope: &Scope, mut node: NewNode) -> RawNodeId {
        // Recovery left something out of this node's span: only part of it is here.
        node.details.partial |= self
            .losses
            .iter()
            .any(|&at| node.span.start <= at && at <= node.span.end);
        let ordinal = self.ordinal.get();
        self.ordinal.set(ordinal + 1);
        let id = self.state.node_id();
        let node = RawNode {
            kind: node.kind,
            name: node.name.into_boxed_str(),
            order: SourceOrder::new(self.file, self.chunk, ordinal),
            span: Some(node.span),
            parent: Some(scope.parent),
            module: scope.module,
            visibility: node.visibility,
            details: Box::new(node.details.into()),
            impl_self: node.impl_self.map(String::into_boxed_str),
        };
        self.out.borrow_mut().nodes.push((id, node));
        id
    }

    /// Adds the node of an item with generics, and returns it with the scope inside the item:
    /// its generic parameters in scope, their bounds recorded as `bound` edges.
    fn add_generic(
        &self,
        scope: &Scope,
        mut node: NewNode,
        generics: &syn::Generics,
    ) -> (RawNodeId, Scope) {
        node.details.generics = generics_text(generics);
        let id = self.add(scope, node);
        let inner = scope.with_generics(generics);
        self.generic_bounds(id, generics, &inner);
        (id, inner)
    }

    /// Changes a node this chunk added.
    fn update(&self, id: RawNodeId, change: impl FnOnce(&mut RawNode)) {
        if let Some(node) = self.out.borrow_mut().node_mut(id) {
            change(node);
        }
    }

    fn edge(&self, source: RawRef, target: RawRef, kind: EdgeKind) {
        self.out.borrow_mut().edges.push(RawEdge {
            source,
            target,
            kind,
        });
    }

    fn add_path_ref(&self, path_ref: PathRef) {
        self.out.borrow_mut().path_refs.push(path_ref);
    }

    fn path_ref(&self, source: RawNodeId, kind: EdgeKind, scope: &Scope, path: &syn::Path) {
        self.add_path_ref(PathRef {
            source: RawRef::Node(source),
            kind,
            scope: scope.module,
            segments: segments(path),
            global: path.leading_colon.is_some(),
        });
    }
}

fn visibility(vis: &syn::Visibility) -> Visibility {
    match vis {
        syn::Visibility::Public(_) => Visibility::Public,
        syn::Visibility::Inherited => Visibility::Private,
        syn::Visibility::Restricted(r) => {
            if r.in_token.is_some() {
                Visibility::In(tidy(&*r.path))
            } else if r.path.is_ident("crate") {
                Visibility::Crate
            } else if r.path.is_ident("super") {
                Visibility::Super
            } else if r.path.is_ident("self") {
                Visibility::SelfOnly
            } else {
                Visibility::In(tidy(&*r.path))
            }
        }
    }
}

fn generics_text(generics: &syn::Generics) -> Option<Box<str>> {
    if generics.params.is_empty() && generics.where_clause.is_none() {
        return None;
    }
    let mut text = tidy(generics);
    if let Some(clause) = &generics.where_clause {
        text.push(' ');
        text.push_str(&tidy(clause));
    }
    Some(text.into())
}
