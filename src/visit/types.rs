//! Types: each type written in a signature is interned with the types inside it, and its path
//! is recorded for resolve; trait bounds are interned as the path types they name.

use super::scope::Scope;
use super::text::tidy_type;
use super::{ItemVisitor, NewNode};
use crate::model::EdgeKind;
use crate::state::path_text::PathText;
use crate::state::raw::{PathRef, RawNodeId, RawRef, TypeId};
use syn::punctuated::Punctuated;

impl ItemVisitor<'_> {
    /// Interns a type and everything inside it, records the type's path for
    /// resolution in this scope, and returns its id. The whole type is walked
    /// on every occurrence (not only when new) so that what gets recorded is
    /// a function of the input, not of which thread came first.
    fn intern(&self, ty: &syn::Type, scope: &Scope) -> TypeId {
        self.intern_with_text(ty, tidy_type(ty), scope)
    }

    /// [`ItemVisitor::intern`] with `ty`'s text, [`tidy_type`], already printed.
    pub(super) fn intern_with_text(&self, ty: &syn::Type, text: String, scope: &Scope) -> TypeId {
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
    pub(super) fn generic_bounds(&self, node: RawNodeId, generics: &syn::Generics, scope: &Scope) {
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
    pub(super) fn bound_edges(
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

    pub(super) fn type_edge(&self, node: RawNodeId, ty: &syn::Type, kind: EdgeKind, scope: &Scope) {
        self.type_edge_with_text(node, ty, tidy_type(ty), kind, scope);
    }

    /// [`ItemVisitor::type_edge`] for a type whose text the node's details have printed already.
    pub(super) fn type_edge_with_text(
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

    /// Adds a node whose details show its type `ty`, with its `kind` edge to the interned `ty`
    /// (a constant's, a static's, a field's, an associated type's).
    pub(super) fn add_typed(
        &self,
        scope: &Scope,
        mut node: NewNode,
        ty: &syn::Type,
        kind: EdgeKind,
    ) -> RawNodeId {
        let text = tidy_type(ty);
        node.details.ty = Some(text.as_str().into());
        let id = self.add(scope, node);
        self.type_edge_with_text(id, ty, text, kind, scope);
        id
    }
}

/// The trait paths among bounds (lifetimes and `?Sized` left out).
pub(super) fn trait_bounds(
    bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>,
) -> Vec<PathText> {
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
pub(super) fn referenced_path(ty: &syn::Type) -> Option<PathText> {
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
pub(super) fn base_path(ty: &syn::Type) -> Option<(PathText, bool)> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            Some((segments(&p.path), p.path.leading_colon.is_some()))
        }
        syn::Type::Group(g) => base_path(&g.elem),
        syn::Type::Paren(p) => base_path(&p.elem),
        _ => None,
    }
}

pub(super) fn segments(path: &syn::Path) -> PathText {
    PathText::from_segments(path.segments.iter().map(|s| &s.ident))
}
