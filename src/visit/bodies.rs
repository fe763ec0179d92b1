//! Bodies: function blocks and initializers, walked for call sites (with what can be told of
//! each receiver's type), macro invocations and nested items.

use super::locals::Shadowed;
use super::macros::{BlockBody, Search};
use super::scope::{Container, Scope};
use super::types::{base_path, segments, trait_bounds};
use super::ItemVisitor;
use crate::model::{CallForm, EdgeKind};
use crate::state::path_text::PathText;
use crate::state::raw::{is_constructor, CallSite, Callee, RawNodeId, Receiver};
use std::collections::HashMap;
use syn::punctuated::Punctuated;
use syn::visit::Visit;

impl<'a> ItemVisitor<'a> {
    /// Walks a body owned by `owner` (a function's block, an initializer) for calls, with the
    /// types already known of its locals (a function's parameters).
    pub(super) fn body(
        &self,
        owner: RawNodeId,
        scope: &Scope,
        locals: HashMap<String, Receiver>,
        visit: impl FnOnce(&mut BodyVisitor<'_, 'a>),
    ) {
        let scope = Scope {
            parent: owner,
            container: Container::Function,
            ..scope.clone()
        };
        let mut body = BodyVisitor {
            items: self,
            owner,
            scope: &scope,
            locals,
            conditional: Vec::new(),
            depth: 0,
        };
        visit(&mut body);
    }
}

/// Walks a body for calls, macro invocations and nested items. Locals map every
/// name bound in scope to what its type is known as (`Unknown` when nothing shows it).
pub(super) struct BodyVisitor<'v, 'a> {
    items: &'v ItemVisitor<'a>,
    owner: RawNodeId,
    pub(super) scope: &'v Scope,
    pub(super) locals: HashMap<String, Receiver>,
    /// What the `let`s of the condition being walked (`if let`, `while let`, let chains)
    /// shadowed, put back when its branch ends.
    conditional: Shadowed,
    /// Macro inputs re-parsed as expressions nest; this bounds it.
    depth: u32,
}

impl BodyVisitor<'_, '_> {
    /// A closure's body, its parameters bound to what `param` says the `n`th is (annotated
    /// ones, `|x: &Node|`, to their type); the others hide outer names.
    fn closure(&mut self, node: &syn::ExprClosure, param: impl Fn(usize) -> Receiver) {
        let mut shadowed = Vec::new();
        for (index, input) in node.inputs.iter().enumerate() {
            self.visit_pat(input);
            shadowed.extend(self.bind(input, param(index)));
        }
        self.visit_expr(&node.body);
        self.unbind(shadowed);
    }

    /// A macro input as expressions, or else as statements, or else (a syntax of the macro's
    /// own: `cfg_if! { if #[cfg(x)] { .. } else { .. } }`, `select! { v = f => { .. } }`)
    /// each of its brace groups the same way. Only brace groups: a parenthesized group may
    /// be anything (`#[cfg(all(..))]` is no call to `all`), while braces hold code.
    fn macro_input(&mut self, tokens: proc_macro2::TokenStream) {
        if self.depth >= 8 {
            return;
        }
        self.depth += 1;
        let parser = Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(exprs) = syn::parse::Parser::parse2(parser, tokens.clone()) {
            for expr in &exprs {
                self.visit_expr(expr);
            }
        } else if let Ok(block) = syn::parse2::<BlockBody>(tokens.clone()) {
            for stmt in &block.0 {
                self.visit_stmt(stmt);
            }
        } else {
            for tree in tokens {
                if let proc_macro2::TokenTree::Group(group) = tree {
                    if group.delimiter() == proc_macro2::Delimiter::Brace {
                        self.macro_input(group.stream());
                    }
                }
            }
        }
        self.depth -= 1;
    }

    /// An `if let` or `while let` body: the names its condition binds hold
    /// only inside it.
    fn visit_guarded<'ast>(&mut self, cond: &'ast syn::Expr, body: &'ast syn::Block) {
        let mark = self.conditional.len();
        self.visit_expr(cond);
        self.visit_block(body);
        let shadowed = self.conditional.split_off(mark);
        self.unbind(shadowed);
    }

    /// Records a call as written: a path or a method call.
    pub(super) fn call(&self, callee: Callee) {
        let form = match callee {
            Callee::Method { .. } => CallForm::Method,
            Callee::Path { .. } | Callee::Qualified { .. } => CallForm::Call,
            Callee::Operator { .. } => CallForm::Operator,
            Callee::Value { .. } => CallForm::Value,
        };
        self.call_as(callee, form);
    }

    /// Records a call in the given form; a call written `f(..)` or `.f(..)` inside a macro's
    /// input is `macro` (what the crate's own macros expand to is not input: it keeps its
    /// form). An operator or a function passed as a value stays what it is there too: a
    /// filter that hides operators hides the `==` of `assert!(a == b)`.
    fn call_as(&self, callee: Callee, form: CallForm) {
        let form = match form {
            CallForm::Call | CallForm::Method if self.depth > 0 => CallForm::Macro,
            form => form,
        };
        self.items.out.borrow_mut().calls.push(CallSite {
            caller: self.owner,
            scope: self.scope.module,
            callee,
            form,
        });
    }

    pub(super) fn receiver(&self, expr: &syn::Expr) -> Receiver {
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
                    // Only methods have a `self`; without a path, theirs is an impl's
                    // slice, tuple, `str` or other path-less type.
                    return self
                        .scope
                        .impl_self
                        .clone()
                        .map_or(Receiver::ImplSelf, Receiver::Type);
                }
                match self.locals.get(&name) {
                    Some(local) => local.clone(),
                    None => named(&p.path),
                }
            }
            syn::Expr::Path(p) if p.qself.is_none() => named(&p.path),
            syn::Expr::Field(f) => {
                // A tuple struct's fields are named by position (`self.0`).
                let field = match &f.member {
                    syn::Member::Named(field) => field.to_string(),
                    syn::Member::Unnamed(index) => index.index.to_string(),
                };
                known(inner(&f.base)).map_or(Receiver::Unknown, |b| {
                    Receiver::Field(Box::new(b), field.into())
                })
            }
            syn::Expr::Reference(r) => inner(&r.expr),
            syn::Expr::Binary(b) => super::operators::binary_result(&b.op, inner(&b.left)),
            syn::Expr::Paren(p) => inner(&p.expr),
            syn::Expr::Group(g) => inner(&g.expr),
            syn::Expr::Index(i) => {
                known(inner(&i.expr)).map_or(Receiver::Unknown, |r| Receiver::Element(Box::new(r)))
            }
            syn::Expr::Try(t) => known(inner(&t.expr))
                .map_or(Receiver::Unknown, |r| Receiver::Unwrapped(Box::new(r))),
            syn::Expr::Await(a) => {
                known(inner(&a.base)).map_or(Receiver::Unknown, |r| Receiver::Awaited(Box::new(r)))
            }
            syn::Expr::MethodCall(m) => {
                let base = self.method_receiver(&m.receiver, depth);
                match m.method.to_string().as_str() {
                    "unwrap" | "expect" => {
                        known(base).map_or(Receiver::Unknown, |r| Receiver::Unwrapped(Box::new(r)))
                    }
                    method => Receiver::Returns(Box::new(Callee::Method {
                        method: method.into(),
                        receiver: base,
                    })),
                }
            }
            // `Type::new(x)`: what the function returns (`Box::new(x)` is a `Box<X>`); resolve
            // falls back to the type itself.
            syn::Expr::Call(call)
                if matches!(&*call.func, syn::Expr::Path(p) if p.path.segments.len() > 1)
                    && constructed_type(expr, self.scope).is_some() =>
            {
                let syn::Expr::Path(path) = &*call.func else {
                    return Receiver::Unknown;
                };
                Receiver::Returns(Box::new(Callee::Path {
                    segments: segments(&path.path),
                    global: path.path.leading_colon.is_some(),
                    first_arg: call.args.first().map_or(Receiver::Unknown, inner),
                }))
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

impl BodyVisitor<'_, '_> {
    /// What the receiver of a method call is; a path no local binds is kept even when
    /// lowercase, as it may be a function item (`dec_uint.parse_next(i)`), which resolve
    /// tells by looking it up.
    fn method_receiver(&self, expr: &syn::Expr, depth: u32) -> Receiver {
        match (self.receiver_within(expr, depth), expr) {
            (Receiver::Unknown, syn::Expr::Path(p)) if p.qself.is_none() => {
                Receiver::Named(segments(&p.path))
            }
            (receiver, _) => receiver,
        }
    }
}

/// A constant, static, unit struct or variant, by the capital it is written with.
fn named(path: &syn::Path) -> Receiver {
    match path.segments.last() {
        Some(last) if last.ident.to_string().starts_with(char::is_uppercase) => {
            Receiver::Named(segments(path))
        }
        _ => Receiver::Unknown,
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
        // `for x in &xs`, `xs.iter()`, `xs.iter().enumerate()`: the `IntoIterator::Item`.
        let element = match self.receiver(&node.expr) {
            Receiver::Unknown => Receiver::Unknown,
            known => Receiver::Element(Box::new(known)),
        };
        self.visit_pat(&node.pat);
        let shadowed = self.bind(&node.pat, element);
        self.visit_block(&node.body);
        self.unbind(shadowed);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        let mut value = Receiver::Unknown;
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
            value = self.receiver(&init.expr);
        }
        self.visit_pat(&local.pat);
        // A `let` binds until the end of its block, which this walk does not track: the
        // names stay bound (a later `let` of the same name replaces them).
        self.bind(&local.pat, value);
    }

    fn visit_expr_let(&mut self, node: &'ast syn::ExprLet) {
        self.visit_expr(&node.expr);
        self.visit_pat(&node.pat);
        let value = self.receiver(&node.expr);
        let shadowed = self.bind(&node.pat, value);
        self.conditional.extend(shadowed);
    }

    fn visit_expr_if(&mut self, node: &'ast syn::ExprIf) {
        // `if let` binds in the `then` branch only.
        self.visit_guarded(&node.cond, &node.then_branch);
        if let Some((_, else_branch)) = &node.else_branch {
            self.visit_expr(else_branch);
        }
    }

    fn visit_expr_while(&mut self, node: &'ast syn::ExprWhile) {
        self.visit_guarded(&node.cond, &node.body);
    }

    fn visit_expr_match(&mut self, node: &'ast syn::ExprMatch) {
        self.visit_expr(&node.expr);
        let value = self.receiver(&node.expr);
        for arm in &node.arms {
            self.visit_pat(&arm.pat);
            let shadowed = self.bind(&arm.pat, value.clone());
            if let Some((_, guard)) = &arm.guard {
                self.visit_expr(guard);
            }
            self.visit_expr(&arm.body);
            self.unbind(shadowed);
        }
    }

    fn visit_expr_closure(&mut self, node: &'ast syn::ExprClosure) {
        self.closure(node, |_| Receiver::Unknown);
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
        match &*call.func {
            // The called path is not a value (`values.rs`).
            syn::Expr::Path(_) => call.args.iter().for_each(|arg| self.visit_expr(arg)),
            _ => syn::visit::visit_expr_call(self, call),
        }
    }

    fn visit_expr_path(&mut self, node: &'ast syn::ExprPath) {
        self.value(node);
    }

    // Operators that may run the crate's own `std::ops`/`std::cmp` impls (`operators.rs`).
    fn visit_expr_binary(&mut self, node: &'ast syn::ExprBinary) {
        self.binary(node);
    }

    fn visit_expr_unary(&mut self, node: &'ast syn::ExprUnary) {
        self.unary(node);
    }

    fn visit_expr_index(&mut self, node: &'ast syn::ExprIndex) {
        self.index(node, false);
    }

    fn visit_expr_assign(&mut self, node: &'ast syn::ExprAssign) {
        self.assign(node);
    }

    fn visit_expr_reference(&mut self, node: &'ast syn::ExprReference) {
        self.reference(node);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let receiver = self.method_receiver(&call.receiver, MAX_RECEIVER_DEPTH);
        let callee = Callee::Method {
            method: call.method.to_string().into(),
            receiver,
        };
        self.call(callee.clone());
        self.visit_expr(&call.receiver);
        // A closure argument's parameters are what the method's signature passes it.
        for (arg, expr) in call.args.iter().enumerate() {
            match expr {
                syn::Expr::Closure(closure) => {
                    self.closure(closure, |param| Receiver::ClosureParam {
                        call: Box::new(callee.clone()),
                        arg: arg as u32,
                        param: param as u32,
                    })
                }
                expr => self.visit_expr(expr),
            }
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.items
            .path_ref(self.owner, EdgeKind::MacroCall, self.scope, &mac.path);
        // The crate's own macro: its expansion, as statements of this body.
        let items = self.items;
        let expanded = items.expand_with(mac, |tokens| {
            super::expansion::parse::<BlockBody>(tokens)
                .map(|block| block.0.iter().for_each(|stmt| self.visit_stmt(stmt)))
                .is_some()
        });
        if expanded {
            return;
        }
        // Calls inside `assert_eq!(f(x), y)`, `format!("{}", g())`, `vec![h()]`
        // are real calls: keep whatever parses as expressions or statements.
        if self.depth >= 8 || !self.items.macro_may_hold(mac, Search::Everything) {
            return;
        }
        self.macro_input(mac.tokens.clone());
    }
}

/// What a value of this declared type dispatches methods on: references,
/// smart pointers and `mut` are seen through; a generic parameter or
/// `impl Trait` is known by its trait bounds.
pub(super) fn receiver_type(ty: &syn::Type, scope: &Scope) -> Receiver {
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
            // `Option<Node>`, `HashMap<K, Node>`: what std's signatures need of it.
            if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                let args: Box<[Receiver]> = args
                    .args
                    .iter()
                    .filter_map(|arg| match arg {
                        syn::GenericArgument::Type(ty) => Some(receiver_type(ty, scope)),
                        _ => None,
                    })
                    .collect();
                if !args.is_empty() {
                    return Receiver::Declared(segments, args);
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
            if is_constructor(last) && owner.clone().last().is_some_and(is_type_name) {
                return resolve_self(PathText::from_segments(owner));
            }
            None
        }
        _ => None,
    }
}
