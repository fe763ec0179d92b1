//! Items: the dispatch over every item form, and the items of no other family: functions,
//! constants, statics, type aliases, modules and foreign items.

use super::bodies::receiver_type;
use super::scope::{Container, Scope};
use super::text::{tidy_signature, tidy_type};
use super::{Decl, ItemVisitor, NewNode};
use crate::model::{EdgeKind, NodeKind, Severity};
use crate::state::raw::{ModDecl, RawNodeId, SourceOrder};
use std::collections::HashMap;
use syn::spanned::Spanned;
use syn::visit::Visit;

impl ItemVisitor<'_> {
    pub(super) fn item(&self, item: &syn::Item, scope: &Scope) {
        match item {
            syn::Item::Const(item) => {
                let decl = Decl::new(
                    &item.attrs,
                    &item.vis,
                    item.const_token.span,
                    item.semi_token.span,
                );
                let node = self.declared(NodeKind::Const, item.ident.to_string(), decl);
                self.add_value(scope, node, &item.ty, Some(&item.expr));
            }
            syn::Item::Static(item) => {
                let decl = Decl::new(
                    &item.attrs,
                    &item.vis,
                    item.static_token.span,
                    item.semi_token.span,
                );
                let mut node = self.declared(NodeKind::Static, item.ident.to_string(), decl);
                if matches!(item.mutability, syn::StaticMutability::Mut(_)) {
                    node.details.flags.push("mut".into());
                }
                self.add_value(scope, node, &item.ty, Some(&item.expr));
            }
            syn::Item::Fn(item) => {
                let end = item.block.brace_token.span.close();
                let decl = Decl::new(&item.attrs, &item.vis, fn_start(&item.sig), end);
                self.function(scope, decl, &item.sig, Some(&item.block));
            }
            syn::Item::Struct(item) => self.struct_def(item, scope),
            syn::Item::Union(item) => self.union_def(item, scope),
            syn::Item::Enum(item) => self.enum_def(item, scope),
            syn::Item::Trait(item) => self.trait_def(item, scope),
            syn::Item::TraitAlias(item) => self.trait_alias(item, scope),
            syn::Item::Impl(item) => self.impl_block(item, scope),
            syn::Item::Type(item) => {
                let decl = Decl::new(
                    &item.attrs,
                    &item.vis,
                    item.type_token.span,
                    item.semi_token.span,
                );
                let mut node = self.declared(NodeKind::TypeAlias, item.ident.to_string(), decl);
                let ty_text = tidy_type(&item.ty);
                node.details.ty = Some(ty_text.as_str().into());
                let (id, scope) = self.add_generic(scope, node, &item.generics);
                self.type_edge_with_text(id, &item.ty, ty_text, EdgeKind::AliasOf, &scope);
            }
            syn::Item::Mod(item) => self.module(item, scope),
            syn::Item::Use(item) => self.use_item(item, scope),
            syn::Item::ExternCrate(item) => self.extern_crate(item, scope),
            syn::Item::ForeignMod(item) => {
                for foreign in &item.items {
                    self.foreign_item(foreign, scope);
                }
            }
            syn::Item::Macro(item) => self.item_macro(item, scope),
            syn::Item::Verbatim(tokens) => self.verbatim(tokens, scope),
            _ => {}
        }
    }

    /// What syn keeps as tokens: nightly's bodiless functions, macros 2.0, and syntax it does
    /// not support, which is left out with a warning.
    fn verbatim(&self, tokens: &proc_macro2::TokenStream, scope: &Scope) {
        // A function without a body, as nightly's intrinsics are declared.
        if let Ok(f) = syn::parse2::<syn::ForeignItemFn>(tokens.clone()) {
            let decl = Decl::new(&f.attrs, &f.vis, fn_start(&f.sig), f.semi_token.span);
            self.function(scope, decl, &f.sig, None);
            return;
        }
        if let Some(def) = crate::syntax::recover::macro_def(tokens.clone()) {
            self.macro_def(&def, scope);
            return;
        }
        let at = self.base.map(tokens.span().start());
        self.state.diagnostics.lost(
            self.file,
            at,
            Severity::Warning,
            "syntax not supported by the parser (nightly or experimental); item left out",
        );
    }

    fn module(&self, item: &syn::ItemMod, scope: &Scope) {
        let path_attr = path_attribute(&item.attrs);
        let end = match &item.content {
            Some((brace, _)) => brace.span.close(),
            None => item.semi.map_or(item.ident.span(), |s| s.span),
        };
        let decl = Decl::new(&item.attrs, &item.vis, item.mod_token.span, end);
        let mut node = self.declared(NodeKind::Module, item.ident.to_string(), decl);
        if item.unsafety.is_some() {
            node.details.flags.push("unsafe".into());
        }
        let has_cfg = !node.details.cfgs.is_empty();
        let span = node.span;
        let order = SourceOrder::new(self.file, self.chunk, self.ordinal.get());
        let id = self.add(scope, node);
        match &item.content {
            Some((_, items)) => {
                let mut inline_chain = scope.inline_chain.clone();
                inline_chain.push((item.ident.to_string(), path_attr));
                let inner = Scope::module(id, inline_chain);
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

    fn foreign_item(&self, item: &syn::ForeignItem, scope: &Scope) {
        match item {
            syn::ForeignItem::Fn(f) => {
                let decl = Decl::new(&f.attrs, &f.vis, fn_start(&f.sig), f.semi_token.span);
                let id = self.function(scope, decl, &f.sig, None);
                self.update(id, |node| node.details.flags.push("foreign".into()));
            }
            syn::ForeignItem::Static(s) => {
                let decl = Decl::new(&s.attrs, &s.vis, s.static_token.span, s.semi_token.span);
                let mut node = self.declared(NodeKind::Static, s.ident.to_string(), decl);
                node.details.flags.push("foreign".into());
                self.add_value(scope, node, &s.ty, None);
            }
            syn::ForeignItem::Type(t) => {
                let decl = Decl::new(&t.attrs, &t.vis, t.type_token.span, t.semi_token.span);
                let mut node = self.declared(NodeKind::TypeAlias, t.ident.to_string(), decl);
                node.details.flags.push("foreign".into());
                self.add(scope, node);
            }
            syn::ForeignItem::Macro(m) => self.macro_use(scope.parent, &m.mac, scope),
            _ => {}
        }
    }

    /// Adds a constant's or a static's node, with its type, and walks its initializer for calls.
    pub(super) fn add_value(
        &self,
        scope: &Scope,
        node: NewNode,
        ty: &syn::Type,
        init: Option<&syn::Expr>,
    ) {
        let id = self.add_typed(scope, node, ty, EdgeKind::ValueType);
        if let Some(init) = init {
            self.body(id, scope, HashMap::new(), |v| v.visit_expr(init));
        }
    }

    /// A function or method, and its body when it has one.
    pub(super) fn function(
        &self,
        scope: &Scope,
        decl: Decl<'_>,
        sig: &syn::Signature,
        block: Option<&syn::Block>,
    ) -> RawNodeId {
        let proc_macro = decl.attrs.iter().any(|a| {
            let path = a.path();
            path.is_ident("proc_macro")
                || path.is_ident("proc_macro_derive")
                || path.is_ident("proc_macro_attribute")
        });
        let kind = if proc_macro {
            NodeKind::Macro
        } else if matches!(scope.container, Container::Impl { .. } | Container::Trait) {
            NodeKind::Method
        } else {
            NodeKind::Function
        };
        let mut node = self.declared(kind, sig.ident.to_string(), decl);
        let details = &mut node.details;
        details.signature = Some(tidy_signature(sig).into());
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
        if decl
            .attrs
            .iter()
            .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"))
        {
            details.flags.push("test".into());
        }
        if proc_macro {
            details.flags.push("proc_macro".into());
        }
        if sig.receiver().is_some() {
            details.flags.push("self".into());
        }
        let (id, scope) = self.add_generic(scope, node, &sig.generics);
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
                    // Every parameter is a local, of known type or not: a
                    // name that is one never names a function as a value.
                    if let syn::Pat::Ident(pat) = &*arg.pat {
                        let receiver = receiver_type(&arg.ty, &scope);
                        locals.insert(pat.ident.to_string(), receiver);
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
            self.body(id, &scope, locals, |v| v.visit_block(block));
        }
        id
    }
}

/// A function's first token after its attributes and visibility.
pub(super) fn fn_start(sig: &syn::Signature) -> proc_macro2::Span {
    sig.constness
        .map(|t| t.span)
        .or(sig.asyncness.map(|t| t.span))
        .or(sig.unsafety.map(|t| t.span))
        .or(sig.abi.as_ref().map(|a| a.extern_token.span))
        .unwrap_or(sig.fn_token.span)
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
