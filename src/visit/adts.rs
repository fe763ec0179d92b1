//! Algebraic data types: structs, unions and enums, with their variants and fields.

use super::scope::Scope;
use super::{Decl, ItemVisitor};
use crate::model::{EdgeKind, NodeKind, Visibility};
use crate::state::raw::RawNodeId;
use syn::spanned::Spanned;

impl ItemVisitor<'_> {
    pub(super) fn struct_def(&self, item: &syn::ItemStruct, scope: &Scope) {
        let end = match &item.fields {
            syn::Fields::Named(f) => f.brace_token.span.close(),
            _ => item.semi_token.map_or(item.ident.span(), |s| s.span),
        };
        let decl = Decl::new(&item.attrs, &item.vis, item.struct_token.span, end);
        let node = self.declared(NodeKind::Struct, item.ident.to_string(), decl);
        let (id, scope) = self.add_generic(scope, node, &item.generics);
        self.fields(id, &item.fields, &scope, false);
    }

    pub(super) fn union_def(&self, item: &syn::ItemUnion, scope: &Scope) {
        let end = item.fields.brace_token.span.close();
        let decl = Decl::new(&item.attrs, &item.vis, item.union_token.span, end);
        let node = self.declared(NodeKind::Union, item.ident.to_string(), decl);
        let (id, scope) = self.add_generic(scope, node, &item.generics);
        self.fields(id, &syn::Fields::Named(item.fields.clone()), &scope, false);
    }

    pub(super) fn enum_def(&self, item: &syn::ItemEnum, scope: &Scope) {
        let end = item.brace_token.span.close();
        let decl = Decl::new(&item.attrs, &item.vis, item.enum_token.span, end);
        let node = self.declared(NodeKind::Enum, item.ident.to_string(), decl);
        let (id, inner) = self.add_generic(scope, node, &item.generics);
        let inner = Scope {
            parent: id,
            ..inner
        };
        for variant in &item.variants {
            let last = variant
                .discriminant
                .as_ref()
                .map(|(_, e)| e.span())
                .unwrap_or_else(|| match &variant.fields {
                    syn::Fields::Named(f) => f.brace_token.span.close(),
                    syn::Fields::Unnamed(f) => f.paren_token.span.close(),
                    syn::Fields::Unit => variant.ident.span(),
                });
            let decl = Decl::new(
                &variant.attrs,
                &syn::Visibility::Inherited,
                variant.ident.span(),
                last,
            );
            let mut node = self.declared(NodeKind::Variant, variant.ident.to_string(), decl);
            node.visibility = Visibility::Public;
            let variant_id = self.add(&inner, node);
            self.fields(variant_id, &variant.fields, &inner, true);
        }
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
            let last = field.ty.span();
            let first = field.ident.as_ref().map_or(last, |i| i.span());
            let decl = Decl::new(&field.attrs, &field.vis, first, last);
            let mut node = self.declared(NodeKind::Field, name, decl);
            if in_variant {
                node.visibility = Visibility::Public;
            }
            self.add_typed(&inner, node, &field.ty, EdgeKind::FieldType);
        }
    }
}
