//! Traits, trait aliases and impl blocks, with the items inside them.

use super::items::fn_start;
use super::scope::{Container, Scope};
use super::text::{tidy, tidy_type};
use super::types::{base_path, referenced_path};
use super::{Decl, ItemVisitor};
use crate::model::{EdgeKind, NodeKind, Visibility};
use crate::state::path_text::PathText;
use crate::state::raw::{PathRef, RawNodeId, RawRef};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;

impl ItemVisitor<'_> {
    pub(super) fn trait_def(&self, item: &syn::ItemTrait, scope: &Scope) {
        let first = item
            .unsafety
            .map(|t| t.span)
            .or(item.auto_token.map(|t| t.span))
            .unwrap_or(item.trait_token.span);
        let end = item.brace_token.span.close();
        let decl = Decl::new(&item.attrs, &item.vis, first, end);
        let mut node = self.declared(NodeKind::Trait, item.ident.to_string(), decl);
        if item.unsafety.is_some() {
            node.details.flags.push("unsafe".into());
        }
        if item.auto_token.is_some() {
            node.details.flags.push("auto".into());
        }
        let (id, mut inner) = self.add_generic(scope, node, &item.generics);
        self.supertraits(id, &item.supertraits, scope);
        inner.parent = id;
        inner.container = Container::Trait;
        inner.impl_self = Some(PathText::from_segments([&item.ident]));
        for trait_item in &item.items {
            self.trait_item(trait_item, &inner);
        }
    }

    /// `trait A = B + C;`: its bounds are its supertraits, and it has no bounds of its own.
    pub(super) fn trait_alias(&self, item: &syn::ItemTraitAlias, scope: &Scope) {
        let decl = Decl::new(
            &item.attrs,
            &item.vis,
            item.trait_token.span,
            item.semi_token.span,
        );
        let mut node = self.declared(NodeKind::Trait, item.ident.to_string(), decl);
        node.details.generics = super::generics_text(&item.generics);
        node.details.flags.push("alias".into());
        let id = self.add(scope, node);
        self.supertraits(id, &item.bounds, scope);
    }

    fn supertraits(
        &self,
        id: RawNodeId,
        bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>,
        scope: &Scope,
    ) {
        for bound in bounds {
            if let syn::TypeParamBound::Trait(bound) = bound {
                self.path_ref(id, EdgeKind::Supertrait, scope, &bound.path);
            }
        }
    }

    pub(super) fn impl_block(&self, item: &syn::ItemImpl, scope: &Scope) {
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
        let decl = Decl::new(
            &item.attrs,
            &syn::Visibility::Inherited,
            first,
            item.brace_token.span.close(),
        );
        let mut node = self.declared(NodeKind::Impl, name, decl);
        node.details.signature = Some(node.name.as_str().into());
        if item.unsafety.is_some() {
            node.details.flags.push("unsafe".into());
        }
        node.visibility = Visibility::Public;
        node.impl_self = Some(self_name);
        let (id, inner_generics) = self.add_generic(scope, node, &item.generics);
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

    pub(super) fn impl_item(&self, item: &syn::ImplItem, scope: &Scope) {
        // A trait impl's items are as public as the trait.
        let trait_impl = matches!(scope.container, Container::Impl { trait_impl: true });
        match item {
            syn::ImplItem::Fn(f) => {
                let first = f.defaultness.map_or(fn_start(&f.sig), |t| t.span);
                let end = f.block.brace_token.span.close();
                let decl = Decl::new(&f.attrs, &f.vis, first, end);
                let id = self.function(scope, decl, &f.sig, Some(&f.block));
                if trait_impl {
                    self.update(id, |node| node.visibility = Visibility::Public);
                }
            }
            syn::ImplItem::Const(c) => {
                let decl = Decl::new(&c.attrs, &c.vis, c.const_token.span, c.semi_token.span);
                let mut node = self.declared(NodeKind::Const, c.ident.to_string(), decl);
                if trait_impl {
                    node.visibility = Visibility::Public;
                }
                self.add_value(scope, node, &c.ty, Some(&c.expr));
            }
            syn::ImplItem::Type(t) => {
                let decl = Decl::new(&t.attrs, &t.vis, t.type_token.span, t.semi_token.span);
                let mut node = self.declared(NodeKind::TypeAlias, t.ident.to_string(), decl);
                if trait_impl {
                    node.visibility = Visibility::Public;
                }
                self.add_typed(scope, node, &t.ty, EdgeKind::AliasOf);
            }
            syn::ImplItem::Macro(m) => self.macro_use(scope.parent, &m.mac, scope),
            _ => {}
        }
    }

    /// A trait's items, all as public as the trait.
    pub(super) fn trait_item(&self, item: &syn::TraitItem, scope: &Scope) {
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
                let decl = Decl::new(&f.attrs, &syn::Visibility::Inherited, fn_start(&f.sig), end);
                let id = self.function(scope, decl, &f.sig, f.default.as_ref());
                self.update(id, |node| node.visibility = Visibility::Public);
            }
            syn::TraitItem::Const(c) => {
                let decl = Decl::new(
                    &c.attrs,
                    &syn::Visibility::Inherited,
                    c.const_token.span,
                    c.semi_token.span,
                );
                let mut node = self.declared(NodeKind::Const, c.ident.to_string(), decl);
                node.visibility = Visibility::Public;
                self.add_value(scope, node, &c.ty, c.default.as_ref().map(|(_, expr)| expr));
            }
            syn::TraitItem::Type(t) => {
                let decl = Decl::new(
                    &t.attrs,
                    &syn::Visibility::Inherited,
                    t.type_token.span,
                    t.semi_token.span,
                );
                let mut node = self.declared(NodeKind::TypeAlias, t.ident.to_string(), decl);
                node.visibility = Visibility::Public;
                if !t.bounds.is_empty() {
                    node.details.ty = Some(format!(": {}", tidy(&t.bounds)).into());
                }
                let (id, scope) = self.add_generic(scope, node, &t.generics);
                self.bound_edges(id, &t.bounds, &scope);
                if let Some((_, ty)) = &t.default {
                    self.type_edge(id, ty, EdgeKind::AliasOf, &scope);
                }
            }
            syn::TraitItem::Macro(m) => self.macro_use(scope.parent, &m.mac, scope),
            _ => {}
        }
    }
}
