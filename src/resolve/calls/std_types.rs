//! Receivers typed by std: method chains through std's types with their generic arguments
//! substituted (`self.items.iter().next()` is an `Option<&Node>`), `Deref` through `Box`,
//! `Rc`, `Arc`, `Pin`, guards and `&`, `?` through `Try::Output`, `.await` through
//! `Future::Output`, closure parameters of std's adapters, all read from the std
//! signatures table (`std_table`). A chain that lands on a crate type hands it back to the
//! crate's own resolution.

use super::std_table::{parse, table, MethodSig, Shape, TRAITS};
use super::{Calls, Ty, MAX_STEPS};
use crate::model::NodeId;
use crate::resolve::Target;

/// A type as far as std's signatures tell.
#[derive(Clone, Debug)]
pub(super) enum Term {
    /// A type of the table (`[]` for a slice), with its generic arguments.
    Std(&'static str, Vec<Term>),
    Ref(Box<Term>),
    Tuple(Vec<Term>),
    /// `impl Iterator<Item = T>`, `dyn Future<Output = T>`: a std trait and what its
    /// associated types are.
    Impl(Box<str>, Vec<(Box<str>, Term)>),
    /// A type the crate's signatures name.
    Crate(Ty),
    Unknown,
}

/// The generic parameters a signature's owner bound, and `Self`.
type Bindings = Vec<(&'static str, Term)>;

/// Where a method call on a std-typed receiver goes.
pub(super) enum Walk {
    /// std's own method: its signature, with what its owner's parameters are.
    Std(&'static MethodSig, Bindings),
    /// No std method of that name, but `Deref` leads to a crate type.
    Crate(Ty),
    Lost,
}

/// Nesting of terms built from input texts and of substitutions.
const DEPTH: u32 = 12;

impl Calls<'_, '_> {
    /// What a receiver type is as a term, when std's table says more of it than the
    /// crate's signatures do (`None` for a crate type, which resolves as before).
    pub(super) fn std_term(&self, ty: &Ty) -> Option<Term> {
        match self.open(Term::Crate(ty.clone())) {
            Term::Crate(_) | Term::Unknown => None,
            term => Some(term),
        }
    }

    /// Where `recv.method()` goes when the receiver is std-typed.
    pub(super) fn std_walk(&self, ty: &Ty, method: &str) -> Option<Walk> {
        let mut recv = self.std_term(ty)?;
        for _ in 0..MAX_STEPS {
            recv = self.open(recv);
            match recv {
                Term::Ref(inner) => recv = *inner,
                Term::Crate(ty) => return Some(Walk::Crate(ty)),
                Term::Std(name, _) => {
                    let own = table().methods(name, method).iter().find_map(|sig| {
                        let mut bindings = Vec::new();
                        (sig.takes_self && self.matches(&sig.owner, &recv, &mut bindings, DEPTH))
                            .then_some((sig, bindings))
                    });
                    if let Some((sig, mut bindings)) = own {
                        bindings.push(("Self", recv.clone()));
                        return Some(Walk::Std(sig, bindings));
                    }
                    if let Some(sig) = self.std_trait_method(&recv, method) {
                        return Some(Walk::Std(sig, vec![("Self", recv)]));
                    }
                    match self.assoc(&recv, Some("Deref"), "Target", DEPTH) {
                        Some(target) => recv = target,
                        None => return Some(Walk::Lost),
                    }
                }
                Term::Impl(..) => {
                    return Some(match self.std_trait_method(&recv, method) {
                        Some(sig) => Walk::Std(sig, vec![("Self", recv)]),
                        None => Walk::Lost,
                    })
                }
                Term::Tuple(_) | Term::Unknown => return Some(Walk::Lost),
            }
        }
        Some(Walk::Lost)
    }

    /// The crate type a std type dereferences to (`MutexGuard<Node>` to `Node`): no method
    /// has an empty name, so the walk only follows `Deref`.
    pub(super) fn std_deref(&self, ty: &Ty) -> Option<Ty> {
        match self.std_walk(ty, "")? {
            Walk::Crate(ty) => Some(ty),
            Walk::Std(..) | Walk::Lost => None,
        }
    }

    /// What `recv.method()` returns, by std's signature.
    pub(super) fn std_returns(&self, ty: &Ty, method: &str) -> Option<Ty> {
        match self.std_walk(ty, method)? {
            Walk::Std(sig, bindings) => as_ty(self.subst(&sig.ret, &bindings, DEPTH)),
            Walk::Crate(_) | Walk::Lost => None,
        }
    }

    /// The `param`th parameter of the closure passed as argument `arg` of `recv.method(..)`:
    /// `e` in `items.iter().map(|e| ..)` is the iterator's `Item`.
    pub(super) fn std_closure_param(
        &self,
        ty: &Ty,
        method: &str,
        arg: usize,
        param: usize,
    ) -> Option<Ty> {
        let Walk::Std(sig, bindings) = self.std_walk(ty, method)? else {
            return None;
        };
        let Some(Shape::Closure(params, _)) = sig.args.get(arg) else {
            return None;
        };
        as_ty(self.subst(params.get(param)?, &bindings, DEPTH))
    }

    /// `x?`: `Try::Output` of the receiver's std type.
    pub(super) fn std_unwrapped(&self, ty: &Ty) -> Option<Ty> {
        let term = self.std_term(ty)?;
        as_ty(self.assoc(&term, Some("Try"), "Output", DEPTH)?)
    }

    /// `e` of `Err(e)`: the error type of a `Result`.
    pub(super) fn std_failed(&self, ty: &Ty) -> Option<Ty> {
        match self.std_term(ty)? {
            Term::Std("Result", mut args) if args.len() == 2 => as_ty(args.pop()?),
            _ => None,
        }
    }

    /// `x.await`: `Future::Output`.
    pub(super) fn std_awaited(&self, ty: &Ty) -> Option<Ty> {
        let term = self.std_term(ty)?;
        as_ty(self.assoc(&term, Some("Future"), "Output", DEPTH)?)
    }

    /// `for x in xs`: `IntoIterator::Item`.
    pub(super) fn std_element(&self, ty: &Ty) -> Option<Ty> {
        let term = self.std_term(ty)?;
        as_ty(self.assoc(&term, Some("IntoIterator"), "Item", DEPTH)?)
    }

    /// `pair.0` of a tuple.
    pub(super) fn std_field(&self, ty: &Ty, field: &str) -> Option<Ty> {
        let Term::Tuple(elems) = self.std_term(ty)? else {
            return None;
        };
        as_ty(elems.get(field.parse::<usize>().ok()?)?.clone())
    }

    /// `Box::new(x)`, `Pin::new(&mut x)`, `Arc::new(x)`: a std type's associated function,
    /// its generic parameters bound by the first argument.
    pub(super) fn std_function(
        &self,
        owner: &[&str],
        function: &str,
        first_arg: Option<Ty>,
    ) -> Option<Ty> {
        let name = table().covered(owner)?;
        let sig = table()
            .methods(name, function)
            .iter()
            .find(|sig| !sig.takes_self)?;
        let mut bindings: Bindings = Vec::new();
        if let (Some(Shape::Path { segments, .. }), Some(arg)) = (sig.args.first(), first_arg) {
            if let [param] = segments.as_slice() {
                if let Some(param) = self.param_name(&sig.owner, param) {
                    bindings.push((param, Term::Crate(arg)));
                }
            }
        }
        let own = self.subst(&sig.owner, &bindings, DEPTH);
        bindings.push(("Self", own));
        as_ty(self.subst(&sig.ret, &bindings, DEPTH))
    }

    /// A declared std type (`Option<Node>`, `io::Result<Node>`) with what its type
    /// arguments are.
    pub(super) fn std_declared(
        &self,
        call: &crate::freeze::Call,
        path: &crate::state::path_text::PathText,
        args: Vec<Option<Ty>>,
    ) -> Option<Ty> {
        let written: Vec<&str> = path.segments().collect();
        let key = match self.scopes.resolve_path(call.scope, path.segments(), false) {
            Some(Target::External(full)) => {
                let full: Vec<&str> = full.split("::").collect();
                table().covered(&full).or_else(|| table().covered(&written))
            }
            Some(Target::Defs(_)) => None,
            None => table().covered(&written),
        }?;
        let terms: Vec<Term> = args
            .into_iter()
            .map(|arg| arg.map_or(Term::Unknown, Term::Crate))
            .collect();
        as_ty(match table().alias(key) {
            Some((params, alias)) => {
                let bindings: Bindings = params.iter().map(|p| &**p).zip(terms).collect();
                self.subst(alias, &bindings, DEPTH)
            }
            None => Term::Std(key, terms),
        })
    }

    /// The owner pattern's spelling of a parameter name, which lives as long as the table.
    fn param_name(&self, owner: &'static Shape, name: &str) -> Option<&'static str> {
        match owner {
            Shape::Path { segments, args, .. } => {
                if let [only] = segments.as_slice() {
                    if &**only == name {
                        return Some(only);
                    }
                }
                args.iter().find_map(|a| self.param_name(a, name))
            }
            Shape::Ref(inner) | Shape::Slice(inner) => self.param_name(inner, name),
            _ => None,
        }
    }

    /// A method of a std trait the receiver implements (`map` of an iterator).
    fn std_trait_method(&self, recv: &Term, method: &str) -> Option<&'static MethodSig> {
        TRAITS.iter().find_map(|&name| {
            let sig = table().methods(name, method).first()?;
            self.implements(recv, name).then_some(sig)
        })
    }

    fn implements(&self, recv: &Term, trait_name: &str) -> bool {
        match recv {
            Term::Std(name, _) => {
                // The table keeps no where clauses: `impl<I: Iterator> Iterator for Box<I>`
                // holds only when its associated types come out known, and the
                // `Iterator` subtraits only of an iterator.
                let subtrait = matches!(trait_name, "DoubleEndedIterator" | "ExactSizeIterator");
                (!subtrait || self.implements(recv, "Iterator"))
                    && table().impls(name).iter().any(|imp| {
                        let mut bindings = Vec::new();
                        &*imp.trait_name == trait_name
                            && self.matches(&imp.pattern, recv, &mut bindings, DEPTH)
                            && imp.assoc.iter().all(|(_, shape)| {
                                bindings.push(("Self", recv.clone()));
                                !matches!(self.subst(shape, &bindings, DEPTH), Term::Unknown)
                            })
                    })
                // Every iterator is `IntoIterator` (a blanket impl the table leaves out).
                    || trait_name == "IntoIterator" && self.implements(recv, "Iterator")
            }
            Term::Impl(name, _) => {
                &**name == trait_name
                    || trait_name == "Iterator"
                        && matches!(&**name, "DoubleEndedIterator" | "ExactSizeIterator")
            }
            _ => false,
        }
    }

    /// An associated type of a std type (of the impl of `trait_name`, or of any).
    fn assoc(&self, recv: &Term, trait_name: Option<&str>, name: &str, depth: u32) -> Option<Term> {
        let depth = depth.checked_sub(1)?;
        match self.open(recv.clone()) {
            Term::Ref(inner) if name == "Target" => Some(*inner),
            // A receiver's `&` is lost on the way: `Pin::new(&mut x)` binds `x`'s type.
            crate_type @ Term::Crate(_) if name == "Target" => Some(crate_type),
            Term::Ref(inner) => self.assoc(&inner, trait_name, name, depth),
            recv @ Term::Std(owner, _) => {
                for imp in table().impls(owner) {
                    if trait_name.is_some_and(|t| t != &*imp.trait_name) {
                        continue;
                    }
                    let Some((_, shape)) = imp.assoc.iter().find(|(n, _)| &**n == name) else {
                        continue;
                    };
                    let mut bindings = Vec::new();
                    if self.matches(&imp.pattern, &recv, &mut bindings, depth) {
                        bindings.push(("Self", recv.clone()));
                        return Some(self.subst(shape, &bindings, depth));
                    }
                }
                // An iterator is its own `IntoIterator`.
                match (trait_name, name) {
                    (Some("IntoIterator"), "Item") => {
                        self.assoc(&recv, Some("Iterator"), name, depth)
                    }
                    (Some("IntoIterator"), "IntoIter") if self.implements(&recv, "Iterator") => {
                        Some(recv)
                    }
                    _ => None,
                }
            }
            Term::Impl(_, assoc) => assoc
                .into_iter()
                .find(|(n, _)| &**n == name)
                .map(|(_, t)| t),
            _ => None,
        }
    }

    /// Whether `term` fits a signature's owner `pattern`, binding its generic parameters.
    fn matches(
        &self,
        pattern: &'static Shape,
        term: &Term,
        bindings: &mut Bindings,
        depth: u32,
    ) -> bool {
        let Some(depth) = depth.checked_sub(1) else {
            return false;
        };
        match pattern {
            Shape::Path { segments, args, .. } => {
                let Some(name) = table().name(&segments.join("::")) else {
                    // A generic parameter (or a type the table does not cover, which
                    // nothing can contradict).
                    if let [param] = segments.as_slice() {
                        if !bindings.iter().any(|(n, _)| *n == &**param) {
                            bindings.push((param, term.clone()));
                        }
                    }
                    return true;
                };
                match self.open(term.clone()) {
                    Term::Std(owner, targs) if owner == name => args
                        .iter()
                        .zip(targs.iter())
                        .all(|(p, t)| self.matches(p, t, bindings, depth)),
                    _ => false,
                }
            }
            Shape::Ref(inner) => match self.open(term.clone()) {
                Term::Ref(t) => self.matches(inner, &t, bindings, depth),
                // Receivers lose their `&` on the way (autoref).
                other => self.matches(inner, &other, bindings, depth),
            },
            Shape::Slice(inner) => match self.open(term.clone()) {
                Term::Std("[]", targs) => targs
                    .first()
                    .is_none_or(|t| self.matches(inner, t, bindings, depth)),
                _ => false,
            },
            Shape::Tuple(parts) => match self.open(term.clone()) {
                Term::Tuple(terms) if terms.len() == parts.len() => parts
                    .iter()
                    .zip(terms.iter())
                    .all(|(p, t)| self.matches(p, t, bindings, depth)),
                _ => false,
            },
            Shape::Impl(..) | Shape::Closure(..) | Shape::Unknown => true,
        }
    }

    /// A table type with the owner's parameters replaced by what they are bound to.
    fn subst(&self, shape: &'static Shape, bindings: &Bindings, depth: u32) -> Term {
        let Some(depth) = depth.checked_sub(1) else {
            return Term::Unknown;
        };
        let table = table();
        let each = |shapes: &'static [Shape]| -> Vec<Term> {
            shapes
                .iter()
                .map(|s| self.subst(s, bindings, depth))
                .collect()
        };
        match shape {
            Shape::Path { segments, args, .. } => {
                let bound = |name: &str| {
                    bindings
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, t)| t.clone())
                };
                if let [name] = segments.as_slice() {
                    if let Some(term) = bound(name) {
                        return term;
                    }
                    if let Some((params, alias)) = table.alias(name) {
                        let inner: Bindings = params
                            .iter()
                            .zip(each(args))
                            .map(|(p, t)| (&**p, t))
                            .collect();
                        return self.subst(alias, &inner, depth);
                    }
                }
                let names: Vec<&str> = segments.iter().map(|s| &**s).collect();
                if let Some(name) = table.name(&names.join("::")) {
                    return Term::Std(name, each(args));
                }
                // `Self::Item`, `I::IntoIter`, `P::Target::Output`: projections.
                let Some((first, rest)) = names.split_first() else {
                    return Term::Unknown;
                };
                let Some(mut base) = bound(first) else {
                    return Term::Unknown;
                };
                for name in rest {
                    match self.assoc(&base, None, name, depth) {
                        Some(next) => base = next,
                        None => return Term::Unknown,
                    }
                }
                base
            }
            Shape::Ref(inner) => Term::Ref(Box::new(self.subst(inner, bindings, depth))),
            Shape::Slice(inner) => Term::Std("[]", vec![self.subst(inner, bindings, depth)]),
            Shape::Tuple(parts) => Term::Tuple(each(parts)),
            Shape::Impl(name, assoc) => Term::Impl(
                name.clone(),
                assoc
                    .iter()
                    .map(|(n, s)| (n.clone(), self.subst(s, bindings, depth)))
                    .collect(),
            ),
            Shape::Closure(..) | Shape::Unknown => Term::Unknown,
        }
    }

    /// A crate type node read as a std term when its text names a std type (`Vec<Node>`,
    /// `&[T]`, `impl Iterator<Item = X>`); other terms as they are.
    fn open(&self, term: Term) -> Term {
        let Term::Crate(Ty::Node { ty, context }) = term else {
            return match term {
                Term::Crate(Ty::Std(inner)) => *inner,
                term => term,
            };
        };
        let text = self.node_text(ty);
        if !could_be_std(text) {
            return term;
        }
        let first = |shape: &Shape| match self.impls.first_arg.get(&ty) {
            Some(&arg) => Term::Crate(Ty::Node { ty: arg, context }),
            None => self.crate_term(shape, context, DEPTH),
        };
        match parse(text) {
            Shape::Ref(inner) => Term::Ref(Box::new(first(&inner))),
            Shape::Slice(inner) => Term::Std("[]", vec![first(&inner)]),
            shape @ Shape::Path { .. } => match self.crate_term(&shape, context, DEPTH) {
                Term::Std(name, mut terms) => {
                    // The first argument as its own type node, which keeps what the
                    // crate knows of it (a generic parameter's bounds).
                    if let (Some(slot), Shape::Path { args, .. }) = (terms.first_mut(), &shape) {
                        if let Some(arg) = args.first() {
                            *slot = first(arg);
                        }
                    }
                    Term::Std(name, terms)
                }
                // A crate type of a std name (`itertools::Map`) stays the crate's.
                _ => Term::Crate(Ty::Node { ty, context }),
            },
            shape @ (Shape::Tuple(_) | Shape::Impl(..)) => {
                match self.crate_term(&shape, context, DEPTH) {
                    Term::Unknown => Term::Crate(Ty::Node { ty, context }),
                    other => other,
                }
            }
            _ => Term::Crate(Ty::Node { ty, context }),
        }
    }

    /// A type text the crate wrote (in the module of `context`) as a term: its paths
    /// resolved in the crate first, std's types by the table.
    fn crate_term(&self, shape: &Shape, context: NodeId, depth: u32) -> Term {
        let Some(depth) = depth.checked_sub(1) else {
            return Term::Unknown;
        };
        let each = |shapes: &[Shape]| -> Vec<Term> {
            shapes
                .iter()
                .map(|s| self.crate_term(s, context, depth))
                .collect()
        };
        match shape {
            Shape::Path { segments, args, .. } => {
                let names: Vec<&str> = segments.iter().map(|s| &**s).collect();
                if names == ["Self"] {
                    return self
                        .impl_self_def(context)
                        .map_or(Term::Unknown, |d| Term::Crate(Ty::Def(d)));
                }
                let module = self.scopes.module_of(context);
                let key = match self
                    .scopes
                    .resolve_path(module, names.iter().copied(), false)
                {
                    Some(Target::Defs(defs)) => {
                        return self
                            .compiled_type_def(defs)
                            .map_or(Term::Unknown, |d| Term::Crate(Ty::Def(self.unalias(d))));
                    }
                    Some(Target::External(path)) => {
                        let full: Vec<&str> = path.split("::").collect();
                        table().covered(&full).or_else(|| table().covered(&names))
                    }
                    None => table().covered(&names),
                };
                let Some(key) = key else {
                    return Term::Unknown;
                };
                let terms = each(args);
                match table().alias(key) {
                    Some((params, alias)) => {
                        let bindings: Bindings = params.iter().map(|p| &**p).zip(terms).collect();
                        self.subst(alias, &bindings, depth)
                    }
                    None => Term::Std(key, terms),
                }
            }
            Shape::Ref(inner) => Term::Ref(Box::new(self.crate_term(inner, context, depth))),
            Shape::Slice(inner) => Term::Std("[]", vec![self.crate_term(inner, context, depth)]),
            Shape::Tuple(parts) => Term::Tuple(each(parts)),
            // Only std's traits: a crate's `dyn Trait` resolves through the crate.
            Shape::Impl(name, assoc) if TRAITS.contains(&&**name) => Term::Impl(
                name.clone(),
                assoc
                    .iter()
                    .map(|(n, s)| (n.clone(), self.crate_term(s, context, depth)))
                    .collect(),
            ),
            _ => Term::Unknown,
        }
    }
}

/// A term as a receiver type: a crate type as itself, std's as a term.
fn as_ty(term: Term) -> Option<Ty> {
    match term {
        Term::Crate(ty) => Some(ty),
        Term::Unknown => None,
        term => Some(Ty::Std(Box::new(term))),
    }
}

/// Whether a type text may name a std type of the table (cheap, before parsing it).
fn could_be_std(text: &str) -> bool {
    if text.starts_with(['&', '[', '(']) || text.starts_with("impl ") || text.starts_with("dyn ") {
        return true;
    }
    let base = text.split('<').next().unwrap_or(text);
    let names: Vec<&str> = base.split("::").collect();
    table().covered(&names).is_some()
}
