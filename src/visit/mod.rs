//! Parse + visit: one file's chunks, in parallel, into the shared state.
//!
//! A chunk is parsed and visited on the same thread (syn trees are `!Send`);
//! only plain data leaves this module. Every item becomes a node, every type
//! written in a signature becomes an interned `type` node, and every name that
//! needs a scope to mean something (trait paths, type paths, calls, macro
//! invocations) is recorded for `resolve`.

mod text;

use crate::model::{DetailFields, Details, EdgeKind, NodeKind, Severity, Span, Visibility};
use crate::path_text::PathText;
use crate::state::{
    CallSite, Callee, FileIdx, GenericBounds, ModDecl, PathRef, RawDiagnostic, RawEdge, RawNode,
    RawNodeId, RawRef, Receiver, SourceOrder, TypeId, VisitorState,
};
use crate::syntax::docs::DocComments;
use crate::syntax::offsets::ChunkOffsets;
use crate::syntax::split::{Chunk, Split};
use proc_macro2::extra::DelimSpan;
use proc_macro2::LineColumn;
use rayon::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::Visit;
use text::{tidy, tidy_signature, tidy_tokens, tidy_type};

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
        state.failed_files.insert(file);
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
        state.diagnose(RawDiagnostic {
            file,
            line: at[0],
            column: at[1],
            severity: Severity::Error,
            message: problem.message.clone(),
        });
    }
    if !parsed.problems.is_empty() {
        state.damaged_files.insert(file);
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
    };
    let scope = Scope {
        parent: root,
        module: root,
        inline_chain: Vec::new(),
        container: Container::Module,
        impl_self: None,
        generics: Vec::new(),
        bounds: Vec::new(),
    };
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
/// (see [`crate::state::Batches`]).
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Module,
    Impl { trait_impl: bool },
    Trait,
    Function,
}

/// What an item needs to know about where it stands.
#[derive(Clone)]
struct Scope {
    parent: RawNodeId,
    module: RawNodeId,
    inline_chain: Vec<(String, Option<String>)>,
    container: Container,
    /// The self type's path inside an impl or trait, for `Self` and `self`.
    impl_self: Option<PathText>,
    /// Generic type parameters in scope, which name no definition.
    generics: Vec<String>,
    /// The trait bounds of those parameters (inline and `where`), by name.
    bounds: Vec<(String, Vec<PathText>)>,
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
    /// Where recovery left something out of this chunk (see [`crate::syntax::recover::Parsed`]), in
    /// file positions.
    losses: Vec<[u32; 2]>,
}

/// A node's own facts, before it is added.
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

    fn span(&self, start: proc_macro2::Span, end: proc_macro2::Span) -> Span {
        Span {
            start: self.base.map(start.start()),
            end: self.base.map(end.end()),
        }
    }

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

    /// Interns a type and everything inside it, records the type's path for
    /// resolution in this scope, and returns its id. The whole type is walked
    /// on every occurrence (not only when new) so that what gets recorded is
    /// a function of the input, not of which thread came first.
    fn intern(&self, ty: &syn::Type, scope: &Scope) -> TypeId {
        self.intern_with_text(ty, tidy_type(ty), scope)
    }

    /// [`ItemVisitor::intern`] with `ty`'s text, [`tidy_type`], already printed.
    fn intern_with_text(&self, ty: &syn::Type, text: String, scope: &Scope) -> TypeId {
        let base = base_path(ty);
        let (id, new) = self.state.intern_type(text, || base.clone());
        for child in type_children(ty) {
            let child = match child {
                TypeChild::Type(child) => self.intern(child, scope),
                TypeChild::Bound(path) => self.intern_bound(path, scope),
            };
            if new {
                self.edge(RawRef::Type(id), RawRef::Type(child), EdgeKind::TypeArg);
            }
        }
        if let Some((segments, global)) = base {
            let generic = segments.single().is_some_and(|name| scope.is_generic(name));
            if !generic {
                self.add_path_ref(PathRef {
                    source: RawRef::Type(id),
                    kind: EdgeKind::RefersTo,
                    scope: scope.module,
                    segments,
                    global,
                });
            }
        }
        id
    }

    /// A trait bound (`dyn Display`, `impl Iterator<Item = T>`) is interned as
    /// the path type it names, so that it can refer to the trait.
    fn intern_bound(&self, path: &syn::Path, scope: &Scope) -> TypeId {
        let ty = syn::Type::Path(syn::TypePath {
            qself: None,
            path: path.clone(),
        });
        self.intern(&ty, scope)
    }

    /// A `bound` edge from `node` to the type of each trait bound on its
    /// generic parameters and in its `where` clause. `scope` must already
    /// hold these generics, so that `Iterator<Item = T>` does not resolve `T`.
    fn generic_bounds(&self, node: RawNodeId, generics: &syn::Generics, scope: &Scope) {
        for param in generics.type_params() {
            self.bound_edges(node, &param.bounds, scope);
        }
        for predicate in generics.where_clause.iter().flat_map(|w| &w.predicates) {
            if let syn::WherePredicate::Type(p) = predicate {
                self.bound_edges(node, &p.bounds, scope);
            }
        }
    }

    /// `?Sized` relaxes a default rather than requiring a trait, so it gets
    /// no edge; lifetimes name no definition.
    fn bound_edges(
        &self,
        node: RawNodeId,
        bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>,
        scope: &Scope,
    ) {
        for bound in bounds {
            if let syn::TypeParamBound::Trait(t) = bound {
                if matches!(t.modifier, syn::TraitBoundModifier::None) {
                    let id = self.intern_bound(&t.path, scope);
                    self.edge(RawRef::Node(node), RawRef::Type(id), EdgeKind::Bound);
                }
            }
        }
    }

    fn type_edge(&self, node: RawNodeId, ty: &syn::Type, kind: EdgeKind, scope: &Scope) {
        self.type_edge_with_text(node, ty, tidy_type(ty), kind, scope);
    }

    /// [`ItemVisitor::type_edge`] for a type whose text the node's details have printed already.
    fn type_edge_with_text(
        &self,
        node: RawNodeId,
        ty: &syn::Type,
        text: String,
        kind: EdgeKind,
        scope: &Scope,
    ) {
        let id = self.intern_with_text(ty, text, scope);
        self.edge(RawRef::Node(node), RawRef::Type(id), kind);
    }

    fn item(&self, item: &syn::Item, scope: &Scope) {
        match item {
            syn::Item::Const(item) => {
                let ty_text = tidy_type(&item.ty);
                let details = DetailFields {
                    ty: Some(ty_text.as_str().into()),
                    ..self.describe(&item.attrs)
                };
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Const,
                        name: item.ident.to_string(),
                        span: self.span(
                            start(&item.attrs, &item.vis, item.const_token.span),
                            item.semi_token.span,
                        ),
                        visibility: visibility(&item.vis),
                        details,
                        impl_self: None,
                    },
                );
                self.type_edge_with_text(id, &item.ty, ty_text, EdgeKind::ValueType, scope);
                self.body(id, scope, |v| v.visit_expr(&item.expr));
            }
            syn::Item::Static(item) => {
                let ty_text = tidy_type(&item.ty);
                let mut details = DetailFields {
                    ty: Some(ty_text.as_str().into()),
                    ..self.describe(&item.attrs)
                };
                if matches!(item.mutability, syn::StaticMutability::Mut(_)) {
                    details.flags.push("mut".into());
                }
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Static,
                        name: item.ident.to_string(),
                        span: self.span(
                            start(&item.attrs, &item.vis, item.static_token.span),
                            item.semi_token.span,
                        ),
                        visibility: visibility(&item.vis),
                        details,
                        impl_self: None,
                    },
                );
                self.type_edge_with_text(id, &item.ty, ty_text, EdgeKind::ValueType, scope);
                self.body(id, scope, |v| v.visit_expr(&item.expr));
            }
            syn::Item::Fn(item) => {
                let first = fn_start(&item.sig);
                self.function(
                    scope,
                    &item.attrs,
                    &item.vis,
                    &item.sig,
                    Some(&item.block),
                    self.span(
                        start(&item.attrs, &item.vis, first),
                        item.block.brace_token.span.close(),
                    ),
                );
            }
            syn::Item::Struct(item) => {
                let end = match &item.fields {
                    syn::Fields::Named(f) => f.brace_token.span.close(),
                    _ => item.semi_token.map_or(item.ident.span(), |s| s.span),
                };
                let details = DetailFields {
                    generics: generics_text(&item.generics),
                    ..self.describe(&item.attrs)
                };
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Struct,
                        name: item.ident.to_string(),
                        span: self.span(start(&item.attrs, &item.vis, item.struct_token.span), end),
                        visibility: visibility(&item.vis),
                        details,
                        impl_self: None,
                    },
                );
                let scope = scope.with_generics(&item.generics);
                self.generic_bounds(id, &item.generics, &scope);
                self.fields(id, &item.fields, &scope, false);
            }
            syn::Item::Union(item) => {
                let details = DetailFields {
                    generics: generics_text(&item.generics),
                    ..self.describe(&item.attrs)
                };
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Union,
                        name: item.ident.to_string(),
                        span: self.span(
                            start(&item.attrs, &item.vis, item.union_token.span),
                            item.fields.brace_token.span.close(),
                        ),
                        visibility: visibility(&item.vis),
                        details,
                        impl_self: None,
                    },
                );
                let scope = scope.with_generics(&item.generics);
                self.generic_bounds(id, &item.generics, &scope);
                self.fields(id, &syn::Fields::Named(item.fields.clone()), &scope, false);
            }
            syn::Item::Enum(item) => {
                let details = DetailFields {
                    generics: generics_text(&item.generics),
                    ..self.describe(&item.attrs)
                };
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Enum,
                        name: item.ident.to_string(),
                        span: self.span(
                            start(&item.attrs, &item.vis, item.enum_token.span),
                            item.brace_token.span.close(),
                        ),
                        visibility: visibility(&item.vis),
                        details,
                        impl_self: None,
                    },
                );
                let inner = Scope {
                    parent: id,
                    ..scope.with_generics(&item.generics)
                };
                self.generic_bounds(id, &item.generics, &inner);
                for variant in &item.variants {
                    let first = variant
                        .attrs
                        .first()
                        .map_or(variant.ident.span(), |a| a.pound_token.span);
                    let last = variant
                        .discriminant
                        .as_ref()
                        .map(|(_, e)| e.span())
                        .unwrap_or_else(|| match &variant.fields {
                            syn::Fields::Named(f) => f.brace_token.span.close(),
                            syn::Fields::Unnamed(f) => f.paren_token.span.close(),
                            syn::Fields::Unit => variant.ident.span(),
                        });
                    let vid = self.add(
                        &inner,
                        NewNode {
                            kind: NodeKind::Variant,
                            name: variant.ident.to_string(),
                            span: self.span(first, last),
                            visibility: Visibility::Public,
                            details: self.describe(&variant.attrs),
                            impl_self: None,
                        },
                    );
                    self.fields(vid, &variant.fields, &inner, true);
                }
            }
            syn::Item::Trait(item) => {
                let first = item
                    .unsafety
                    .map(|t| t.span)
                    .or(item.auto_token.map(|t| t.span))
                    .unwrap_or(item.trait_token.span);
                let mut details = DetailFields {
                    generics: generics_text(&item.generics),
                    ..self.describe(&item.attrs)
                };
                if item.unsafety.is_some() {
                    details.flags.push("unsafe".into());
                }
                if item.auto_token.is_some() {
                    details.flags.push("auto".into());
                }
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Trait,
                        name: item.ident.to_string(),
                        span: self.span(
                            start(&item.attrs, &item.vis, first),
                            item.brace_token.span.close(),
                        ),
                        visibility: visibility(&item.vis),
                        details,
                        impl_self: None,
                    },
                );
                for bound in &item.supertraits {
                    if let syn::TypeParamBound::Trait(bound) = bound {
                        self.path_ref(id, EdgeKind::Supertrait, scope, &bound.path);
                    }
                }
                let mut inner = scope.with_generics(&item.generics);
                self.generic_bounds(id, &item.generics, &inner);
                inner.parent = id;
                inner.container = Container::Trait;
                inner.impl_self = Some(PathText::from_segments([&item.ident]));
                for trait_item in &item.items {
                    self.trait_item(trait_item, &inner);
                }
            }
            syn::Item::TraitAlias(item) => {
                let mut details = DetailFields {
                    generics: generics_text(&item.generics),
                    ..self.describe(&item.attrs)
                };
                details.flags.push("alias".into());
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Trait,
                        name: item.ident.to_string(),
                        span: self.span(
                            start(&item.attrs, &item.vis, item.trait_token.span),
                            item.semi_token.span,
                        ),
                        visibility: visibility(&item.vis),
                        details,
                        impl_self: None,
                    },
                );
                for bound in &item.bounds {
                    if let syn::TypeParamBound::Trait(bound) = bound {
                        self.path_ref(id, EdgeKind::Supertrait, scope, &bound.path);
                    }
                }
            }
            syn::Item::Impl(item) => self.impl_block(item, scope),
            syn::Item::Type(item) => {
                let ty_text = tidy_type(&item.ty);
                let details = DetailFields {
                    ty: Some(ty_text.as_str().into()),
                    generics: generics_text(&item.generics),
                    ..self.describe(&item.attrs)
                };
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::TypeAlias,
                        name: item.ident.to_string(),
                        span: self.span(
                            start(&item.attrs, &item.vis, item.type_token.span),
                            item.semi_token.span,
                        ),
                        visibility: visibility(&item.vis),
                        details,
                        impl_self: None,
                    },
                );
                let scope = scope.with_generics(&item.generics);
                self.generic_bounds(id, &item.generics, &scope);
                self.type_edge_with_text(id, &item.ty, ty_text, EdgeKind::AliasOf, &scope);
            }
            syn::Item::Mod(item) => self.module(item, scope),
            syn::Item::Use(item) => {
                let span = self.span(
                    start(&item.attrs, &item.vis, item.use_token.span),
                    item.semi_token.span,
                );
                let mut leaves = Vec::new();
                use_leaves(&item.tree, &mut Vec::new(), &mut leaves);
                let base = self.describe(&item.attrs);
                for leaf in leaves {
                    let (name, alias) = match &leaf.binding {
                        Binding::Name => (leaf.path.join("::"), None),
                        Binding::Rename(alias) => (
                            format!("{} as {alias}", leaf.path.join("::")),
                            Some(alias.clone()),
                        ),
                        Binding::Glob => (format!("{}::*", leaf.path.join("::")), None),
                    };
                    let import = match leaf.binding {
                        Binding::Glob => format!("{}::*", leaf.path.join("::")),
                        _ => leaf.path.join("::"),
                    };
                    let prefix = if item.leading_colon.is_some() {
                        "::"
                    } else {
                        ""
                    };
                    self.add(
                        scope,
                        NewNode {
                            kind: NodeKind::Use,
                            name: format!("{prefix}{name}"),
                            span,
                            visibility: visibility(&item.vis),
                            details: DetailFields {
                                import: Some(format!("{prefix}{import}").into()),
                                alias: alias.map(Into::into),
                                ..base.clone()
                            },
                            impl_self: None,
                        },
                    );
                }
            }
            syn::Item::ExternCrate(item) => {
                let mut details = self.describe(&item.attrs);
                details.import = Some(item.ident.to_string().into());
                details.alias = item
                    .rename
                    .as_ref()
                    .map(|(_, alias)| alias.to_string().into());
                details.flags.push("extern_crate".into());
                let name = match &details.alias {
                    Some(alias) => format!("{} as {alias}", item.ident),
                    None => item.ident.to_string(),
                };
                self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Use,
                        name,
                        span: self.span(
                            start(&item.attrs, &item.vis, item.extern_token.span),
                            item.semi_token.span,
                        ),
                        visibility: visibility(&item.vis),
                        details,
                        impl_self: None,
                    },
                );
            }
            syn::Item::ForeignMod(item) => {
                for foreign in &item.items {
                    self.foreign_item(foreign, scope);
                }
            }
            syn::Item::Macro(item) => self.item_macro(item, scope),
            syn::Item::Verbatim(tokens) => {
                // A function without a body, as nightly's intrinsics are declared.
                if let Ok(f) = syn::parse2::<syn::ForeignItemFn>(tokens.clone()) {
                    let span =
                        self.span(start(&f.attrs, &f.vis, fn_start(&f.sig)), f.semi_token.span);
                    self.function(scope, &f.attrs, &f.vis, &f.sig, None, span);
                    return;
                }
                if let Some(def) = crate::syntax::recover::macro_def(tokens.clone()) {
                    let mut details = self.describe(&def.attrs);
                    details.flags.push("macro".into());
                    let span = self.span(start(&def.attrs, &def.vis, def.macro_token), def.end);
                    self.add(
                        scope,
                        NewNode {
                            kind: NodeKind::Macro,
                            name: def.ident.to_string(),
                            span,
                            visibility: visibility(&def.vis),
                            details,
                            impl_self: None,
                        },
                    );
                    return;
                }
                let at = self.base.map(tokens.span().start());
                self.state.diagnose(RawDiagnostic {
                    file: self.file,
                    line: at[0],
                    column: at[1],
                    severity: Severity::Warning,
                    message: "syntax not supported by the parser (nightly or experimental); item left out".into(),
                });
                self.state.damaged_files.insert(self.file);
            }
            _ => {}
        }
    }

    fn module(&self, item: &syn::ItemMod, scope: &Scope) {
        let mut details = self.describe(&item.attrs);
        let path_attr = path_attribute(&item.attrs);
        let end = match &item.content {
            Some((brace, _)) => brace.span.close(),
            None => item.semi.map_or(item.ident.span(), |s| s.span),
        };
        if item.unsafety.is_some() {
            details.flags.push("unsafe".into());
        }
        let has_cfg = !details.cfgs.is_empty();
        let span = self.span(start(&item.attrs, &item.vis, item.mod_token.span), end);
        let order = SourceOrder::new(self.file, self.chunk, self.ordinal.get());
        let id = self.add(
            scope,
            NewNode {
                kind: NodeKind::Module,
                name: item.ident.to_string(),
                span,
                visibility: visibility(&item.vis),
                details,
                impl_self: None,
            },
        );
        match &item.content {
            Some((_, items)) => {
                let mut inline_chain = scope.inline_chain.clone();
                inline_chain.push((item.ident.to_string(), path_attr));
                let inner = Scope {
                    parent: id,
                    module: id,
                    inline_chain,
                    container: Container::Module,
                    impl_self: None,
                    generics: Vec::new(),
                    bounds: Vec::new(),
                };
                for item in items {
                    self.item(item, &inner);
                }
            }
            None => {
                self.state.mod_decls.insert(
                    id,
                    ModDecl {
                        file: self.file,
                        order,
                        start: span.start,
                        name: item.ident.to_string(),
                        path_attr,
                        inline_chain: scope.inline_chain.clone(),
                        has_cfg,
                    },
                );
            }
        }
    }

    fn impl_block(&self, item: &syn::ItemImpl, scope: &Scope) {
        let self_path = base_path(&item.self_ty).map(|(segments, _)| segments);
        let self_text = tidy_type(&item.self_ty);
        let self_name = self_path
            .as_ref()
            .and_then(|s| s.last().map(str::to_string))
            .unwrap_or_else(|| self_text.clone());
        let name = match &item.trait_ {
            Some((negative, path, _)) => {
                format!(
                    "impl {}{} for {self_text}",
                    if negative.is_some() { "!" } else { "" },
                    tidy(path),
                )
            }
            None => format!("impl {self_text}"),
        };
        let first = item
            .defaultness
            .map(|t| t.span)
            .or(item.unsafety.map(|t| t.span))
            .unwrap_or(item.impl_token.span);
        let mut details = DetailFields {
            generics: generics_text(&item.generics),
            ..self.describe(&item.attrs)
        };
        details.signature = Some(name.as_str().into());
        if item.unsafety.is_some() {
            details.flags.push("unsafe".into());
        }
        let id = self.add(
            scope,
            NewNode {
                kind: NodeKind::Impl,
                name,
                span: self.span(
                    start(&item.attrs, &syn::Visibility::Inherited, first),
                    item.brace_token.span.close(),
                ),
                visibility: Visibility::Public,
                details,
                impl_self: Some(self_name),
            },
        );
        let inner_generics = scope.with_generics(&item.generics);
        self.generic_bounds(id, &item.generics, &inner_generics);
        if let Some((_, path, _)) = &item.trait_ {
            self.path_ref(id, EdgeKind::Implements, &inner_generics, path);
        }
        // The self type resolves to its definition when it is a plain path,
        // and is otherwise (references, slices, generic parameters) the
        // interned type itself.
        let self_ty = self.intern_with_text(&item.self_ty, self_text, &inner_generics);
        match &self_path {
            Some(path)
                if !path
                    .single()
                    .is_some_and(|name| inner_generics.is_generic(name)) =>
            {
                if let Some((segments, global)) = base_path(&item.self_ty) {
                    self.add_path_ref(PathRef {
                        source: RawRef::Node(id),
                        kind: EdgeKind::ImplFor,
                        scope: scope.module,
                        segments,
                        global,
                    });
                }
            }
            _ => self.edge(RawRef::Node(id), RawRef::Type(self_ty), EdgeKind::ImplFor),
        }
        let inner = Scope {
            parent: id,
            container: Container::Impl {
                trait_impl: item.trait_.is_some(),
            },
            // `impl Trait for &mut Type` dispatches `self` on `Type`.
            impl_self: self_path.or_else(|| referenced_path(&item.self_ty)),
            ..inner_generics
        };
        for impl_item in &item.items {
            self.impl_item(impl_item, &inner);
        }
    }

    fn impl_item(&self, item: &syn::ImplItem, scope: &Scope) {
        let trait_impl = matches!(scope.container, Container::Impl { trait_impl: true });
        let vis = |v: &syn::Visibility| {
            if trait_impl {
                Visibility::Public
            } else {
                visibility(v)
            }
        };
        match item {
            syn::ImplItem::Fn(f) => {
                let first = f.defaultness.map_or(fn_start(&f.sig), |t| t.span);
                let id = self.function(
                    scope,
                    &f.attrs,
                    &f.vis,
                    &f.sig,
                    Some(&f.block),
                    self.span(
                        start(&f.attrs, &f.vis, first),
                        f.block.brace_token.span.close(),
                    ),
                );
                if trait_impl {
                    self.update(id, |node| node.visibility = Visibility::Public);
                }
            }
            syn::ImplItem::Const(c) => {
                let ty_text = tidy_type(&c.ty);
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Const,
                        name: c.ident.to_string(),
                        span: self.span(
                            start(&c.attrs, &c.vis, c.const_token.span),
                            c.semi_token.span,
                        ),
                        visibility: vis(&c.vis),
                        details: DetailFields {
                            ty: Some(ty_text.as_str().into()),
                            ..self.describe(&c.attrs)
                        },
                        impl_self: None,
                    },
                );
                self.type_edge_with_text(id, &c.ty, ty_text, EdgeKind::ValueType, scope);
                self.body(id, scope, |v| v.visit_expr(&c.expr));
            }
            syn::ImplItem::Type(t) => {
                let ty_text = tidy_type(&t.ty);
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::TypeAlias,
                        name: t.ident.to_string(),
                        span: self.span(
                            start(&t.attrs, &t.vis, t.type_token.span),
                            t.semi_token.span,
                        ),
                        visibility: vis(&t.vis),
                        details: DetailFields {
                            ty: Some(ty_text.as_str().into()),
                            ..self.describe(&t.attrs)
                        },
                        impl_self: None,
                    },
                );
                self.type_edge_with_text(id, &t.ty, ty_text, EdgeKind::AliasOf, scope);
            }
            syn::ImplItem::Macro(m) => self.macro_use(scope.parent, &m.mac, scope),
            _ => {}
        }
    }

    fn trait_item(&self, item: &syn::TraitItem, scope: &Scope) {
        match item {
            syn::TraitItem::Fn(f) => {
                let end = f.semi_token.map_or_else(
                    || {
                        f.default
                            .as_ref()
                            .map_or(f.sig.span(), |b| b.brace_token.span.close())
                    },
                    |s| s.span,
                );
                let id = self.function(
                    scope,
                    &f.attrs,
                    &syn::Visibility::Inherited,
                    &f.sig,
                    f.default.as_ref(),
                    self.span(
                        start(&f.attrs, &syn::Visibility::Inherited, fn_start(&f.sig)),
                        end,
                    ),
                );
                self.update(id, |node| node.visibility = Visibility::Public);
            }
            syn::TraitItem::Const(c) => {
                let ty_text = tidy_type(&c.ty);
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Const,
                        name: c.ident.to_string(),
                        span: self.span(
                            start(&c.attrs, &syn::Visibility::Inherited, c.const_token.span),
                            c.semi_token.span,
                        ),
                        visibility: Visibility::Public,
                        details: DetailFields {
                            ty: Some(ty_text.as_str().into()),
                            ..self.describe(&c.attrs)
                        },
                        impl_self: None,
                    },
                );
                self.type_edge_with_text(id, &c.ty, ty_text, EdgeKind::ValueType, scope);
                if let Some((_, expr)) = &c.default {
                    self.body(id, scope, |v| v.visit_expr(expr));
                }
            }
            syn::TraitItem::Type(t) => {
                let mut details = DetailFields {
                    generics: generics_text(&t.generics),
                    ..self.describe(&t.attrs)
                };
                if !t.bounds.is_empty() {
                    details.ty = Some(format!(": {}", tidy(&t.bounds)).into());
                }
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::TypeAlias,
                        name: t.ident.to_string(),
                        span: self.span(
                            start(&t.attrs, &syn::Visibility::Inherited, t.type_token.span),
                            t.semi_token.span,
                        ),
                        visibility: Visibility::Public,
                        details,
                        impl_self: None,
                    },
                );
                let scope = scope.with_generics(&t.generics);
                self.bound_edges(id, &t.bounds, &scope);
                self.generic_bounds(id, &t.generics, &scope);
                if let Some((_, ty)) = &t.default {
                    self.type_edge(id, ty, EdgeKind::AliasOf, &scope);
                }
            }
            syn::TraitItem::Macro(m) => self.macro_use(scope.parent, &m.mac, scope),
            _ => {}
        }
    }

    fn foreign_item(&self, item: &syn::ForeignItem, scope: &Scope) {
        match item {
            syn::ForeignItem::Fn(f) => {
                let id = self.function(
                    scope,
                    &f.attrs,
                    &f.vis,
                    &f.sig,
                    None,
                    self.span(start(&f.attrs, &f.vis, fn_start(&f.sig)), f.semi_token.span),
                );
                self.update(id, |node| node.details.flags.push("foreign".into()));
            }
            syn::ForeignItem::Static(s) => {
                let ty_text = tidy_type(&s.ty);
                let mut details = DetailFields {
                    ty: Some(ty_text.as_str().into()),
                    ..self.describe(&s.attrs)
                };
                details.flags.push("foreign".into());
                let id = self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Static,
                        name: s.ident.to_string(),
                        span: self.span(
                            start(&s.attrs, &s.vis, s.static_token.span),
                            s.semi_token.span,
                        ),
                        visibility: visibility(&s.vis),
                        details,
                        impl_self: None,
                    },
                );
                self.type_edge_with_text(id, &s.ty, ty_text, EdgeKind::ValueType, scope);
            }
            syn::ForeignItem::Type(t) => {
                let mut details = self.describe(&t.attrs);
                details.flags.push("foreign".into());
                self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::TypeAlias,
                        name: t.ident.to_string(),
                        span: self.span(
                            start(&t.attrs, &t.vis, t.type_token.span),
                            t.semi_token.span,
                        ),
                        visibility: visibility(&t.vis),
                        details,
                        impl_self: None,
                    },
                );
            }
            syn::ForeignItem::Macro(m) => self.macro_use(scope.parent, &m.mac, scope),
            _ => {}
        }
    }

    fn item_macro(&self, item: &syn::ItemMacro, scope: &Scope) {
        let is_rules = item.mac.path.is_ident("macro_rules");
        match (&item.ident, is_rules) {
            (Some(ident), true) => {
                let mut details = self.describe(&item.attrs);
                details.flags.push("macro_rules".into());
                if item.attrs.iter().any(|a| a.path().is_ident("macro_export")) {
                    details.flags.push("macro_export".into());
                }
                let end = item
                    .semi_token
                    .map_or(delimiter_close(&item.mac.delimiter), |s| s.span);
                let first = item
                    .attrs
                    .first()
                    .map_or(item.mac.path.span(), |a| a.pound_token.span);
                self.add(
                    scope,
                    NewNode {
                        kind: NodeKind::Macro,
                        name: ident.to_string(),
                        span: self.span(first, end),
                        visibility: if details.flags.iter().any(|f| f == "macro_export") {
                            Visibility::Public
                        } else {
                            Visibility::Private
                        },
                        details,
                        impl_self: None,
                    },
                );
            }
            _ => self.macro_use(scope.parent, &item.mac, scope),
        }
    }

    /// A macro invocation outside a body: a `macro_call` from the container,
    /// and whatever items its input holds, since many macros wrap items they
    /// pass through (`cfg_if!`, `bitflags!`-style wrappers). Those items are
    /// flagged `in_macro`.
    fn macro_use(&self, source: RawNodeId, mac: &syn::Macro, scope: &Scope) {
        self.path_ref(source, EdgeKind::MacroCall, scope, &mac.path);
        if !self.macro_may_hold(mac, Search::Items) {
            return;
        }
        if let Ok(file) = syn::parse2::<syn::File>(mac.tokens.clone()) {
            let before = self.out.borrow().nodes.len();
            for item in &file.items {
                self.item(item, scope);
            }
            self.flag_since(before, "in_macro");
        }
    }

    /// Whether a macro's input could hold what `search` looks for, judged from its source
    /// text: an item or a typed local needs its keyword, a nested macro a `!`, a call a `(`.
    /// Most macro inputs (`"{}", x`, `a == b`, tables of numbers) hold none, and parsing them
    /// copies their tokens first. Comments and strings count as text too, which costs only a
    /// parse; a span that does not lead back to the macro's delimiters counts as "maybe".
    fn macro_may_hold(&self, mac: &syn::Macro, search: Search) -> bool {
        let (open, close) = match mac.delimiter {
            syn::MacroDelimiter::Paren(_) => ('(', ')'),
            syn::MacroDelimiter::Brace(_) => ('{', '}'),
            syn::MacroDelimiter::Bracket(_) => ('[', ']'),
        };
        let Some(inside) = self.group_inside(*mac.delimiter.span(), open, close) else {
            return true;
        };
        let opens = |b: u8| b == b'!' || (search == Search::Everything && b == b'(');
        if inside.bytes().any(opens) {
            return true;
        }
        inside
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|word| {
                ITEM_KEYWORDS.contains(&word)
                    || (search == Search::Everything && (word == "let" || word == "for"))
            })
    }

    /// Flags every node this chunk added after the first `count`.
    fn flag_since(&self, count: usize, flag: &'static str) {
        for (_, node) in self.out.borrow_mut().nodes.iter_mut().skip(count) {
            node.details.flags.push(flag.into());
        }
    }

    fn function(
        &self,
        scope: &Scope,
        attrs: &[syn::Attribute],
        vis: &syn::Visibility,
        sig: &syn::Signature,
        block: Option<&syn::Block>,
        span: Span,
    ) -> RawNodeId {
        let mut details = DetailFields {
            signature: Some(tidy_signature(sig).into()),
            generics: generics_text(&sig.generics),
            ..self.describe(attrs)
        };
        for (present, flag) in [
            (sig.constness.is_some(), "const"),
            (sig.asyncness.is_some(), "async"),
            (sig.unsafety.is_some(), "unsafe"),
            (sig.abi.is_some(), "extern"),
        ] {
            if present {
                details.flags.push(flag.into());
            }
        }
        let proc_macro = attrs.iter().any(|a| {
            let path = a.path();
            path.is_ident("proc_macro")
                || path.is_ident("proc_macro_derive")
                || path.is_ident("proc_macro_attribute")
        });
        if attrs
            .iter()
            .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"))
        {
            details.flags.push("test".into());
        }
        let kind = if proc_macro {
            details.flags.push("proc_macro".into());
            NodeKind::Macro
        } else if matches!(scope.container, Container::Impl { .. } | Container::Trait) {
            NodeKind::Method
        } else {
            NodeKind::Function
        };
        if sig.receiver().is_some() {
            details.flags.push("self".into());
        }
        let id = self.add(
            scope,
            NewNode {
                kind,
                name: sig.ident.to_string(),
                span,
                visibility: visibility(vis),
                details,
                impl_self: None,
            },
        );
        let scope = scope.with_generics(&sig.generics);
        self.generic_bounds(id, &sig.generics, &scope);
        if !scope.bounds.is_empty() && block.is_some() {
            self.out
                .borrow_mut()
                .generic_bounds
                .push((id, scope.generic_bounds()));
        }
        let mut locals = HashMap::new();
        for input in &sig.inputs {
            match input {
                syn::FnArg::Typed(arg) => {
                    self.type_edge(id, &arg.ty, EdgeKind::ParamType, &scope);
                    if let syn::Pat::Ident(pat) = &*arg.pat {
                        let receiver = receiver_type(&arg.ty, &scope);
                        if receiver != Receiver::Unknown {
                            locals.insert(pat.ident.to_string(), receiver);
                        }
                    }
                }
                syn::FnArg::Receiver(receiver) => {
                    if receiver.colon_token.is_some() {
                        self.type_edge(id, &receiver.ty, EdgeKind::ParamType, &scope);
                    }
                }
            }
        }
        if let syn::ReturnType::Type(_, ty) = &sig.output {
            self.type_edge(id, ty, EdgeKind::ReturnType, &scope);
        }
        if let Some(block) = block {
            let fn_scope = Scope {
                parent: id,
                container: Container::Function,
                ..scope.clone()
            };
            let mut body = BodyVisitor {
                items: self,
                owner: id,
                scope: &fn_scope,
                locals,
                depth: 0,
            };
            body.visit_block(block);
        }
        id
    }

    /// Visits an initializer expression for calls, owned by `owner`.
    fn body(&self, owner: RawNodeId, scope: &Scope, visit: impl FnOnce(&mut BodyVisitor<'_, 'a>)) {
        let scope = Scope {
            parent: owner,
            container: Container::Function,
            ..scope.clone()
        };
        let mut body = BodyVisitor {
            items: self,
            owner,
            scope: &scope,
            locals: HashMap::new(),
            depth: 0,
        };
        visit(&mut body);
    }

    fn fields(&self, owner: RawNodeId, fields: &syn::Fields, scope: &Scope, in_variant: bool) {
        let inner = Scope {
            parent: owner,
            ..scope.clone()
        };
        for (index, field) in fields.iter().enumerate() {
            let name = field
                .ident
                .as_ref()
                .map_or_else(|| index.to_string(), ToString::to_string);
            let first = field
                .attrs
                .first()
                .map(|a| a.pound_token.span)
                .unwrap_or_else(|| match &field.vis {
                    syn::Visibility::Public(p) => p.span,
                    syn::Visibility::Restricted(r) => r.pub_token.span,
                    syn::Visibility::Inherited => field
                        .ident
                        .as_ref()
                        .map_or_else(|| field.ty.span(), |i| i.span()),
                });
            let ty_text = tidy_type(&field.ty);
            let id = self.add(
                &inner,
                NewNode {
                    kind: NodeKind::Field,
                    name,
                    span: self.span(first, field.ty.span()),
                    visibility: if in_variant {
                        Visibility::Public
                    } else {
                        visibility(&field.vis)
                    },
                    details: DetailFields {
                        ty: Some(ty_text.as_str().into()),
                        ..self.describe(&field.attrs)
                    },
                    impl_self: None,
                },
            );
            self.type_edge_with_text(id, &field.ty, ty_text, EdgeKind::FieldType, scope);
        }
    }
}

impl Scope {
    fn is_generic(&self, name: &str) -> bool {
        self.generics.iter().any(|g| g == name)
    }

    /// The bounds in scope, as the state keeps them.
    fn generic_bounds(&self) -> GenericBounds {
        self.bounds
            .iter()
            .map(|(name, traits)| (name.as_str().into(), traits.as_slice().into()))
            .collect()
    }

    fn with_generics(&self, generics: &syn::Generics) -> Scope {
        let mut scope = self.clone();
        scope
            .generics
            .extend(generics.type_params().map(|p| p.ident.to_string()));
        for param in generics.type_params() {
            scope.add_bounds(param.ident.to_string(), &param.bounds);
        }
        for predicate in generics.where_clause.iter().flat_map(|w| &w.predicates) {
            if let syn::WherePredicate::Type(p) = predicate {
                if let syn::Type::Path(ty) = &p.bounded_ty {
                    if let Some(ident) = ty.path.get_ident() {
                        scope.add_bounds(ident.to_string(), &p.bounds);
                    }
                }
            }
        }
        scope
    }

    fn add_bounds(
        &mut self,
        name: String,
        bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>,
    ) {
        let traits = trait_bounds(bounds);
        if traits.is_empty() {
            return;
        }
        match self.bounds.iter_mut().find(|(n, _)| *n == name) {
            Some((_, known)) => known.extend(traits),
            None => self.bounds.push((name, traits)),
        }
    }
}

/// Walks a body for calls, macro invocations and nested items. Locals map a
/// variable to its type's path when a declaration or constructor shows it.
struct BodyVisitor<'v, 'a> {
    items: &'v ItemVisitor<'a>,
    owner: RawNodeId,
    scope: &'v Scope,
    locals: HashMap<String, Receiver>,
    /// Macro inputs re-parsed as expressions nest; this bounds it.
    depth: u32,
}

impl BodyVisitor<'_, '_> {
    fn call(&self, callee: Callee) {
        self.items.out.borrow_mut().calls.push(CallSite {
            caller: self.owner,
            scope: self.scope.module,
            callee,
        });
    }

    fn receiver(&self, expr: &syn::Expr) -> Receiver {
        self.receiver_within(expr, MAX_RECEIVER_DEPTH)
    }

    /// What `expr` evidently is; `depth` bounds the nesting kept, since
    /// call chains come from input.
    fn receiver_within(&self, expr: &syn::Expr, depth: u32) -> Receiver {
        let Some(depth) = depth.checked_sub(1) else {
            return Receiver::Unknown;
        };
        let inner = |e: &syn::Expr| self.receiver_within(e, depth);
        let known = |r: Receiver| (r != Receiver::Unknown).then_some(r);
        match expr {
            syn::Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
                let name = p.path.segments[0].ident.to_string();
                if name == "self" {
                    return self
                        .scope
                        .impl_self
                        .clone()
                        .map_or(Receiver::Unknown, Receiver::Type);
                }
                self.locals.get(&name).cloned().unwrap_or(Receiver::Unknown)
            }
            syn::Expr::Field(f) => match &f.member {
                syn::Member::Named(field) => known(inner(&f.base)).map_or(Receiver::Unknown, |b| {
                    Receiver::Field(Box::new(b), field.to_string().into())
                }),
                syn::Member::Unnamed(_) => Receiver::Unknown,
            },
            syn::Expr::Reference(r) => inner(&r.expr),
            syn::Expr::Paren(p) => inner(&p.expr),
            syn::Expr::Group(g) => inner(&g.expr),
            syn::Expr::Index(i) => {
                known(inner(&i.expr)).map_or(Receiver::Unknown, |r| Receiver::Element(Box::new(r)))
            }
            syn::Expr::Try(t) => known(inner(&t.expr))
                .map_or(Receiver::Unknown, |r| Receiver::Unwrapped(Box::new(r))),
            syn::Expr::MethodCall(m) => {
                let base = inner(&m.receiver);
                match m.method.to_string().as_str() {
                    // These hand back the receiver's own type (or a view of it).
                    "clone" | "as_ref" | "as_mut" | "borrow" | "borrow_mut" | "to_owned"
                    | "by_ref" => base,
                    "unwrap" | "expect" => {
                        known(base).map_or(Receiver::Unknown, |r| Receiver::Unwrapped(Box::new(r)))
                    }
                    method => Receiver::Returns(Box::new(Callee::Method {
                        method: method.into(),
                        receiver: base,
                    })),
                }
            }
            syn::Expr::Call(call) => match constructed_type(expr, self.scope) {
                Some(path) => Receiver::Type(path),
                None => match &*call.func {
                    syn::Expr::Path(path) if path.qself.is_none() => {
                        Receiver::Returns(Box::new(Callee::Path {
                            segments: segments(&path.path),
                            global: path.path.leading_colon.is_some(),
                            first_arg: Receiver::Unknown,
                        }))
                    }
                    _ => Receiver::Unknown,
                },
            },
            _ => constructed_type(expr, self.scope).map_or(Receiver::Unknown, Receiver::Type),
        }
    }
}

/// How deep a receiver expression is kept (`a.b().c.d()?...`).
const MAX_RECEIVER_DEPTH: u32 = 8;

impl<'ast> Visit<'ast> for BodyVisitor<'_, '_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        // Items in a body belong to the function but resolve in its module.
        self.items.item(item, self.scope);
    }

    fn visit_expr_for_loop(&mut self, node: &'ast syn::ExprForLoop) {
        self.visit_expr(&node.expr);
        if let syn::Pat::Ident(ident) = &*node.pat {
            // `for x in &xs`, `xs.iter()`, `xs.iter_mut()`, `xs.into_iter()`.
            let mut collection = &*node.expr;
            while let syn::Expr::MethodCall(m) = collection {
                if !matches!(
                    m.method.to_string().as_str(),
                    "iter" | "iter_mut" | "into_iter"
                ) {
                    break;
                }
                collection = &m.receiver;
            }
            let name = ident.ident.to_string();
            match self.receiver(collection) {
                Receiver::Unknown => {
                    self.locals.remove(&name);
                }
                known => {
                    self.locals.insert(name, Receiver::Element(Box::new(known)));
                }
            }
        } else {
            self.visit_pat(&node.pat);
        }
        self.visit_block(&node.body);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        let (pat, declared) = match &local.pat {
            syn::Pat::Type(t) => (&*t.pat, receiver_type(&t.ty, self.scope)),
            pat => (pat, Receiver::Unknown),
        };
        if let syn::Pat::Ident(ident) = pat {
            let name = ident.ident.to_string();
            let inferred = match (declared, &local.init) {
                (Receiver::Unknown, Some(init)) => self.receiver(&init.expr),
                (declared, _) => declared,
            };
            match inferred {
                // A shadowing `let` with an unknown type hides the old one.
                Receiver::Unknown => {
                    self.locals.remove(&name);
                }
                known => {
                    self.locals.insert(name, known);
                }
            }
        } else {
            self.visit_pat(pat);
        }
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(path) = &*call.func {
            match &path.qself {
                Some(qself) => {
                    let segments = &path.path.segments;
                    if let (Some(method), Some(self_ty)) = (segments.last(), base_path(&qself.ty)) {
                        let trait_path = segments.iter().take(qself.position).map(|s| &s.ident);
                        self.call(Callee::Qualified {
                            self_ty: self_ty.0,
                            trait_path: PathText::from_segments(trait_path),
                            method: method.ident.to_string().into(),
                        });
                    }
                }
                None => {
                    let segments = segments(&path.path);
                    // `Trait::m(x, ..)` dispatches on `x`.
                    let first_arg = match (path.path.segments.len(), call.args.first()) {
                        (2.., Some(arg)) => self.receiver(arg),
                        _ => Receiver::Unknown,
                    };
                    self.call(Callee::Path {
                        segments,
                        global: path.path.leading_colon.is_some(),
                        first_arg,
                    })
                }
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let receiver = self.receiver(&call.receiver);
        self.call(Callee::Method {
            method: call.method.to_string().into(),
            receiver,
        });
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.items
            .path_ref(self.owner, EdgeKind::MacroCall, self.scope, &mac.path);
        // Calls inside `assert_eq!(f(x), y)`, `format!("{}", g())`, `vec![h()]`
        // are real calls: keep whatever parses as expressions or statements.
        if self.depth >= 8 || !self.items.macro_may_hold(mac, Search::Everything) {
            return;
        }
        self.depth += 1;
        let parser = Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(exprs) = syn::parse::Parser::parse2(parser, mac.tokens.clone()) {
            for expr in &exprs {
                self.visit_expr(expr);
            }
        } else if let Ok(block) = syn::parse2::<BlockBody>(mac.tokens.clone()) {
            for stmt in &block.0 {
                self.visit_stmt(stmt);
            }
        }
        self.depth -= 1;
    }
}

/// What a macro's input is searched for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Search {
    /// Items, outside bodies.
    Items,
    /// Calls, items and typed locals, in a body.
    Everything,
}

/// Keywords that start an item.
const ITEM_KEYWORDS: &[&str] = &[
    "const", "enum", "extern", "fn", "impl", "macro", "mod", "static", "struct", "trait", "type",
    "union", "use",
];

/// Statements without braces: the input of `thread_local!`-like or
/// `quote!`-free statement macros.
struct BlockBody(Vec<syn::Stmt>);

impl syn::parse::Parse for BlockBody {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        syn::Block::parse_within(input).map(BlockBody)
    }
}

/// What a value of this declared type dispatches methods on: references,
/// smart pointers and `mut` are seen through; a generic parameter or
/// `impl Trait` is known by its trait bounds.
fn receiver_type(ty: &syn::Type, scope: &Scope) -> Receiver {
    match ty {
        syn::Type::Reference(r) => receiver_type(&r.elem, scope),
        syn::Type::Paren(p) => receiver_type(&p.elem, scope),
        syn::Type::Slice(s) => collection(receiver_type(&s.elem, scope)),
        syn::Type::Array(a) => collection(receiver_type(&a.elem, scope)),
        syn::Type::ImplTrait(t) => bounded(trait_bounds(&t.bounds).into()),
        syn::Type::TraitObject(t) => bounded(trait_bounds(&t.bounds).into()),
        syn::Type::Path(p) if p.qself.is_none() => {
            let Some(last) = p.path.segments.last() else {
                return Receiver::Unknown;
            };
            let wrapper = last.ident.to_string();
            if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                    match wrapper.as_str() {
                        "Box" | "Rc" | "Arc" | "RefMut" | "Ref" | "MutexGuard" => {
                            return receiver_type(inner, scope)
                        }
                        "Vec" | "VecDeque" => return collection(receiver_type(inner, scope)),
                        _ => {}
                    }
                }
            }
            let segments = segments(&p.path);
            if let Some(name) = segments.single() {
                if scope.is_generic(name) {
                    return bounded(
                        scope
                            .bounds
                            .iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, b)| b.as_slice().into())
                            .unwrap_or_default(),
                    );
                }
                if name == "Self" {
                    return scope
                        .impl_self
                        .clone()
                        .map_or(Receiver::Unknown, Receiver::Type);
                }
            }
            Receiver::Type(segments)
        }
        _ => Receiver::Unknown,
    }
}

fn collection(element: Receiver) -> Receiver {
    match element {
        Receiver::Unknown => Receiver::Unknown,
        element => Receiver::Collection(Box::new(element)),
    }
}

fn bounded(traits: Box<[PathText]>) -> Receiver {
    if traits.is_empty() {
        Receiver::Unknown
    } else {
        Receiver::Bounded(traits)
    }
}

/// The trait paths among bounds (lifetimes and `?Sized` left out).
fn trait_bounds(bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>) -> Vec<PathText> {
    bounds
        .iter()
        .filter_map(|b| match b {
            syn::TypeParamBound::Trait(t)
                if matches!(t.modifier, syn::TraitBoundModifier::None) =>
            {
                Some(segments(&t.path))
            }
            _ => None,
        })
        .collect()
}

/// `Type::new(..)`, `Type::from(..)?`, `Type { .. }`, `Type(..)`: the type
/// a constructor-shaped expression evidently builds.
fn constructed_type(expr: &syn::Expr, scope: &Scope) -> Option<PathText> {
    let resolve_self = |path: PathText| match path.split_first() {
        Some(("Self", rest)) => {
            let own = scope.impl_self.as_ref()?;
            Some(PathText::from_segments(own.segments().chain(rest)))
        }
        _ => Some(path),
    };
    match expr {
        syn::Expr::Struct(s) => resolve_self(segments(&s.path)),
        syn::Expr::Try(t) => constructed_type(&t.expr, scope),
        syn::Expr::Paren(p) => constructed_type(&p.expr, scope),
        syn::Expr::Call(call) => {
            let syn::Expr::Path(path) = &*call.func else {
                return None;
            };
            if path.qself.is_some() {
                return None;
            }
            let segments = segments(&path.path);
            let (last, owner) = segments.split_last()?;
            let is_type_name = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
            if segments.len() == 1 && is_type_name(last) && !matches!(last, "Some" | "Ok" | "Err") {
                return resolve_self(segments);
            }
            let constructor = last == "new"
                || last.starts_with("with_")
                || last.starts_with("from")
                || last == "default";
            if constructor && owner.clone().last().is_some_and(is_type_name) {
                return resolve_self(PathText::from_segments(owner));
            }
            None
        }
        _ => None,
    }
}

enum TypeChild<'t> {
    Type(&'t syn::Type),
    Bound(&'t syn::Path),
}

/// The types written directly inside a type: generic arguments, element
/// types, tuple members, fn pointer parameters, trait bounds.
fn type_children(ty: &syn::Type) -> Vec<TypeChild<'_>> {
    let mut out = Vec::new();
    match ty {
        syn::Type::Array(a) => out.push(TypeChild::Type(&a.elem)),
        syn::Type::Slice(s) => out.push(TypeChild::Type(&s.elem)),
        syn::Type::Ptr(p) => out.push(TypeChild::Type(&p.elem)),
        syn::Type::Reference(r) => out.push(TypeChild::Type(&r.elem)),
        syn::Type::Paren(p) => out.push(TypeChild::Type(&p.elem)),
        syn::Type::Group(g) => out.push(TypeChild::Type(&g.elem)),
        syn::Type::Tuple(t) => out.extend(t.elems.iter().map(TypeChild::Type)),
        syn::Type::BareFn(f) => {
            out.extend(f.inputs.iter().map(|arg| TypeChild::Type(&arg.ty)));
            if let syn::ReturnType::Type(_, ret) = &f.output {
                out.push(TypeChild::Type(ret));
            }
        }
        syn::Type::TraitObject(t) => out.extend(bound_paths(&t.bounds)),
        syn::Type::ImplTrait(t) => out.extend(bound_paths(&t.bounds)),
        syn::Type::Path(p) => {
            if let Some(qself) = &p.qself {
                out.push(TypeChild::Type(&qself.ty));
            }
            for segment in &p.path.segments {
                match &segment.arguments {
                    syn::PathArguments::AngleBracketed(args) => {
                        for arg in &args.args {
                            match arg {
                                syn::GenericArgument::Type(t) => out.push(TypeChild::Type(t)),
                                syn::GenericArgument::AssocType(a) => {
                                    out.push(TypeChild::Type(&a.ty))
                                }
                                _ => {}
                            }
                        }
                    }
                    syn::PathArguments::Parenthesized(args) => {
                        out.extend(args.inputs.iter().map(TypeChild::Type));
                        if let syn::ReturnType::Type(_, ret) = &args.output {
                            out.push(TypeChild::Type(ret));
                        }
                    }
                    syn::PathArguments::None => {}
                }
            }
        }
        _ => {}
    }
    out
}

fn bound_paths(
    bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>,
) -> impl Iterator<Item = TypeChild<'_>> {
    bounds.iter().filter_map(|b| match b {
        syn::TypeParamBound::Trait(t) => Some(TypeChild::Bound(&t.path)),
        _ => None,
    })
}

/// The path of the type a reference type points to (`&'a mut T` → `T`).
fn referenced_path(ty: &syn::Type) -> Option<PathText> {
    match ty {
        syn::Type::Reference(r) => {
            referenced_path(&r.elem).or_else(|| base_path(&r.elem).map(|(s, _)| s))
        }
        syn::Type::Paren(p) => referenced_path(&p.elem),
        _ => None,
    }
}

/// A path type's segments without generic arguments, and whether it starts
/// with `::`. `None` for every other type form.
fn base_path(ty: &syn::Type) -> Option<(PathText, bool)> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            Some((segments(&p.path), p.path.leading_colon.is_some()))
        }
        syn::Type::Group(g) => base_path(&g.elem),
        syn::Type::Paren(p) => base_path(&p.elem),
        _ => None,
    }
}

fn segments(path: &syn::Path) -> PathText {
    PathText::from_segments(path.segments.iter().map(|s| &s.ident))
}

fn fn_start(sig: &syn::Signature) -> proc_macro2::Span {
    sig.constness
        .map(|t| t.span)
        .or(sig.asyncness.map(|t| t.span))
        .or(sig.unsafety.map(|t| t.span))
        .or(sig.abi.as_ref().map(|a| a.extern_token.span))
        .unwrap_or(sig.fn_token.span)
}

/// Where an item's text begins: its first attribute, else its visibility,
/// else its first keyword.
fn start(
    attrs: &[syn::Attribute],
    vis: &syn::Visibility,
    keyword: proc_macro2::Span,
) -> proc_macro2::Span {
    if let Some(attr) = attrs.first() {
        return attr.pound_token.span;
    }
    match vis {
        syn::Visibility::Public(p) => p.span,
        syn::Visibility::Restricted(r) => r.pub_token.span,
        syn::Visibility::Inherited => keyword,
    }
}

fn delimiter_close(delimiter: &syn::MacroDelimiter) -> proc_macro2::Span {
    match delimiter {
        syn::MacroDelimiter::Paren(d) => d.span.close(),
        syn::MacroDelimiter::Brace(d) => d.span.close(),
        syn::MacroDelimiter::Bracket(d) => d.span.close(),
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

fn path_attribute(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .find(|a| a.path().is_ident("path"))
        .and_then(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
}

/// One name a `use` tree brings in.
struct UseLeaf {
    path: Vec<String>,
    binding: Binding,
}

enum Binding {
    Name,
    Rename(String),
    Glob,
}

fn use_leaves(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<UseLeaf>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_leaves(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            // `use a::{self}` imports `a` itself.
            if n.ident != "self" || prefix.is_empty() {
                path.push(n.ident.to_string());
            }
            out.push(UseLeaf {
                path,
                binding: Binding::Name,
            });
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" || prefix.is_empty() {
                path.push(r.ident.to_string());
            }
            out.push(UseLeaf {
                path,
                binding: Binding::Rename(r.rename.to_string()),
            });
        }
        syn::UseTree::Glob(_) => out.push(UseLeaf {
            path: prefix.clone(),
            binding: Binding::Glob,
        }),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_leaves(tree, prefix, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{EdgeKind, Graph, NodeKind};
    use crate::vfs::SourceFile;

    fn node(graph: &Graph, kind: NodeKind, name: &str) -> u32 {
        let found = graph
            .nodes
            .iter()
            .find(|n| n.kind == kind && n.name == name);
        found.map(|n| n.id).expect(name)
    }

    #[test]
    fn macro_inputs_are_searched_when_they_may_hold_something() {
        let source = r#"
struct S;
impl S { fn go(&self) {} }
fn make() -> S { S }
fn helper() -> bool { true }
fn f() {
    assert!(true, "a call? (no)");
    println!("{}", 1);
    stmts! { let s: S = S; }
    s.go();
    let v = vec![make(), S];
    stmts! { struct Inner; }
    debug_assert!(helper() == true);
}
"#;
        let graph = crate::analyze(
            vec![SourceFile::new("lib.rs", source.as_bytes())],
            &crate::Options::default(),
        );
        let f = node(&graph, NodeKind::Function, "f");
        let calls = |target: u32| {
            graph
                .edges
                .iter()
                .any(|e| e.kind == EdgeKind::Calls && e.source == f && e.target == target)
        };
        assert!(
            calls(node(&graph, NodeKind::Method, "go")),
            "typed by a macro's `let`"
        );
        assert!(calls(node(&graph, NodeKind::Function, "make")));
        assert!(calls(node(&graph, NodeKind::Function, "helper")));
        let inner = node(&graph, NodeKind::Struct, "Inner");
        assert!(graph
            .edges
            .iter()
            .any(|e| e.kind == EdgeKind::Contains && e.source == f && e.target == inner));
    }
}
