//! `calls` edges. Path calls resolve exactly through the module scopes;
//! method calls go through what the receiver evidently is (a declared type,
//! a field's type, a call's return type, a generic's bounds) and are
//! `inferred`; a receiver of unknown type falls back to matching by name.

use super::impls::ImplIndex;
use super::prelude::{prelude, COMMON_METHODS};
use super::scopes::Scopes;
use super::{Found, Target};
use crate::freeze::{Call, TypeFacts};
use crate::model::{Confidence, EdgeKind, Graph, NodeId, NodeKind, Visibility};
use crate::state::path_text::PathText;
use crate::state::raw::{is_constructor, Callee, Receiver};
use blanket::Implements;
use foldhash::HashMap;
use std_types::Walk;

/// A method name shared by more candidates than this says nothing.
const MAX_AMBIGUOUS: usize = 6;

/// Bounds walks whose length comes from input (receiver chains, aliases,
/// supertraits, the container chain).
const MAX_STEPS: usize = 16;

pub(super) struct Calls<'a, 'g> {
    pub scopes: &'a Scopes<'g>,
    pub impls: &'a ImplIndex,
    /// What each type node's `refers_to` edges found.
    pub refers: &'a HashMap<NodeId, Vec<NodeId>>,
    pub types: &'a TypeFacts,
    pub graph: &'g Graph,
}

/// What a receiver's type is known as.
#[derive(Clone, Debug)]
enum Ty {
    /// A type definition (or a trait) in the input.
    Def(NodeId),
    /// An interned type node, read in the context of `context` (a node in
    /// the impl whose `Self` it may name).
    Node { ty: NodeId, context: NodeId },
    /// A std type read from std's signatures (`std_types`), as it stands in a chain.
    Std(Box<std_types::Term>),
}

/// What the methods a receiver can call belong to.
enum Owners {
    /// Type definitions or traits in the input.
    Known(Vec<NodeId>),
    /// The input's traits bounding a generic parameter, an `impl Trait` or a
    /// `dyn Trait` (see `bounds`).
    Bounded(Vec<NodeId>),
    /// A value of a type the input does not define, known by what it implements (a generic
    /// bound only by outside traits, a function item): of the input's methods, only its
    /// blanket impls' reach it.
    Implementing(Implements),
    /// A type the signatures name but the input does not define (`PathBuf`,
    /// `io::Result<Vec<u8>>`): its methods are not the input's.
    Outside,
    Unknown,
}

/// A resolved callee: the target and how sure.
type Resolved = (Target, Confidence);

impl<'a, 'g> Calls<'a, 'g> {
    pub fn resolve(&self, call: &Call) -> Option<Found> {
        let (target, confidence) = self.callee(call, &call.callee, MAX_STEPS)?;
        Some(Found {
            source: call.caller,
            kind: EdgeKind::Calls,
            target,
            confidence: Some(confidence),
            form: Some(call.form),
        })
    }

    fn callee(&self, call: &Call, callee: &Callee, budget: usize) -> Option<Resolved> {
        match callee {
            Callee::Path {
                segments,
                global,
                first_arg,
            } => self.path_call(call, segments, *global, first_arg, budget),
            Callee::Qualified {
                self_ty,
                trait_path,
                method,
            } => {
                let owner = self.type_def(call, self_ty);
                let trait_def = self.trait_def(call, trait_path);
                if let (Some(owner), Some(trait_def)) = (owner, trait_def) {
                    if let Some(m) = self.trait_impl_method(owner, trait_def, method) {
                        return Some(exact(m));
                    }
                }
                if let (None, Some(trait_def)) = (owner, trait_def) {
                    if let Some(m) = self.impl_for_outside_type(trait_def, self_ty, method) {
                        return Some(exact(m));
                    }
                }
                trait_def
                    .and_then(|t| self.trait_method(t, method))
                    .map(exact)
            }
            Callee::Method {
                method,
                receiver: Receiver::ImplSelf,
            } => self.same_self_type_method(call, method),
            Callee::Method { method, receiver } => {
                let (owners, _) = self.owners(call, receiver, method, budget);
                self.method_target(call, owners, method)
            }
            // Only the input's functions: a value naming something outside
            // (`.map(String::from)`) is not told from a constructor or a constant.
            Callee::Value { segments, global } => {
                let (last, _) = segments.split_last()?;
                if !self.impls.callable_names.contains(last) {
                    return None;
                }
                match self.path_call(call, segments, *global, &Receiver::Unknown, budget)? {
                    found @ (Target::Defs(_), _) => Some(found),
                    (Target::External(_), _) => None,
                }
            }
            Callee::Operator {
                trait_name,
                method,
                operand,
            } => self.operator(call, trait_name, method, operand, budget),
        }
    }

    /// A method call's target, given what its receiver's methods belong to.
    fn method_target(&self, call: &Call, owners: Owners, method: &str) -> Option<Resolved> {
        match owners {
            Owners::Known(owners) => owners
                .iter()
                .find_map(|&o| {
                    self.own_reference_impl_method(call.caller, o, method)
                        .or_else(|| self.method_of(o, method))
                })
                .map(|m| (Target::Defs(vec![m]), Confidence::Inferred))
                .or_else(|| {
                    owners
                        .iter()
                        .find_map(|&o| self.through_blanket(&Implements::Def(o), method))
                }),
            Owners::Bounded(traits) => self.through_bounds(&traits, method).or_else(|| {
                if !self.impls.blanket_names.contains(method) {
                    return None;
                }
                let names = traits.iter().map(|&t| self.node_text(t).to_string());
                self.through_blanket(&Implements::Bounds(names.collect()), method)
            }),
            Owners::Implementing(implements) => self.through_blanket(&implements, method),
            // A receiver of a type from outside calls outside code (or a
            // trait method through a deref or blanket impl we cannot
            // see): guessing by name would be wrong.
            Owners::Outside => None,
            Owners::Unknown => self.by_name(call, method),
        }
    }

    /// `f()`, `a::b::f()`, `Self::new()`, `Type::assoc()`, `Trait::m(x)`.
    fn path_call(
        &self,
        call: &Call,
        segments: &PathText,
        global: bool,
        first_arg: &Receiver,
        budget: usize,
    ) -> Option<Resolved> {
        let (last, owner_path) = segments.split_last()?;
        let qualified = segments.len() > 1;
        if segments.len() == 2 && segments.first() == Some("Self") {
            let owner = self.impl_self_def(call.caller)?;
            return self.method_of(owner, last).map(exact);
        }
        // `E::custom(..)`, `T::Item::new()`: a generic parameter shadows any
        // item of its name.
        if qualified && !global {
            if let Some(traits) = self.bounding_traits(call, owner_path.clone()) {
                return self.through_bounds(&traits, last);
            }
        }
        if !qualified {
            // An item declared in the function's own body comes first.
            let local = self.local_items(call.caller, last);
            if !local.is_empty() {
                return Some((Target::Defs(local), Confidence::Exact));
            }
        }
        match self
            .scopes
            .resolve_path(call.scope, segments.segments(), global)
        {
            Some(Target::Defs(defs)) => {
                let callable: Vec<NodeId> = defs
                    .into_iter()
                    .filter(|&d| {
                        matches!(self.scopes.kind(d), NodeKind::Function | NodeKind::Method)
                    })
                    .collect();
                let callable = self.preferred(callable);
                // `Trait::m(x)` runs the impl of the trait for `x`'s type.
                if let [m] = callable.as_slice() {
                    let parent = self.scopes.parent(*m);
                    if let Some(trait_def) =
                        parent.filter(|&p| self.scopes.kind(p) == NodeKind::Trait)
                    {
                        if let Some(imp) = self
                            .owners(call, first_arg, last, budget)
                            .0
                            .known()
                            .iter()
                            .find_map(|&o| self.trait_impl_method(o, trait_def, last))
                        {
                            return Some((Target::Defs(vec![imp]), Confidence::Inferred));
                        }
                    }
                }
                if !callable.is_empty() {
                    return Some((Target::Defs(callable), Confidence::Exact));
                }
            }
            Some(Target::External(path)) if qualified || prelude(last).is_some() => {
                // `Display::fmt(self, f)`: an outside trait, implemented here.
                if let Some((trait_path, _)) = path.rsplit_once("::") {
                    if let Some(imp) = self
                        .owners(call, first_arg, last, budget)
                        .0
                        .known()
                        .iter()
                        .find_map(|&o| self.external_trait_impl_method(o, trait_path, last))
                    {
                        return Some((Target::Defs(vec![imp]), Confidence::Inferred));
                    }
                    // `de::Error::custom(msg)`: no argument tells `Self`, which the input's
                    // one impl of the trait is, most likely, when it has such a function.
                    if let Some(imp) = self.only_impl_function(trait_path, last) {
                        return Some((Target::Defs(vec![imp]), Confidence::Inferred));
                    }
                }
                return Some((Target::External(path), Confidence::Exact));
            }
            Some(Target::External(_)) | None => {}
        }
        // `Type::assoc()`: resolve the type, then look in its impls.
        if !qualified {
            return None;
        }
        let owner = match self.scopes.resolve_path(call.scope, owner_path, global)? {
            Target::Defs(defs) => self.compiled_type_def(defs)?,
            Target::External(_) => return None,
        };
        self.method_of(self.unalias(owner), last).map(exact)
    }

    /// `self.m()` in an impl for a path-less type: `m` of the impls for that same type (the
    /// crate's extension traits for `[T]` or `str`); none when none has it, as it is then
    /// the type's own (`self.len()`), not any same-named method of the input.
    fn same_self_type_method(&self, call: &Call, method: &str) -> Option<Resolved> {
        let imp = self.scopes.parent(call.caller)?;
        let ty = self.impls.self_type_of.get(&imp)?;
        let found: Vec<NodeId> = self
            .impls
            .impls_for_type
            .get(ty)?
            .iter()
            .filter_map(|&other| self.child_named(other, method))
            .collect();
        let found = self.preferred(found);
        let confidence = match found.len() {
            0 => return None,
            1 => Confidence::Inferred,
            _ => Confidence::Ambiguous,
        };
        Some((Target::Defs(found), confidence))
    }

    /// Functions of that name declared in the caller's body; several when
    /// they differ by a `cfg` whose value is unknown.
    fn local_items(&self, caller: NodeId, name: &str) -> Vec<NodeId> {
        let local: Vec<NodeId> = self
            .scopes
            .members_named(caller, name)
            .iter()
            .map(|&(_, id)| id)
            .filter(|&d| self.scopes.kind(d) == NodeKind::Function)
            .collect();
        self.preferred(local)
    }

    /// The type definitions (or traits) whose `method` a receiver can call, and the
    /// receiver's type when it was needed to tell.
    fn owners(
        &self,
        call: &Call,
        receiver: &Receiver,
        method: &str,
        budget: usize,
    ) -> (Owners, Option<Ty>) {
        match receiver {
            Receiver::Bounded(traits) => return (self.bounded(call, traits, method), None),
            Receiver::Named(path) if self.names_function(call, path) => {
                return (Owners::Implementing(Implements::Callable), None)
            }
            // `x: T::Item`
            Receiver::Type(path) if path.len() > 1 => {
                if let Some(traits) = self.bounding_traits(call, path.segments()) {
                    return (Owners::Bounded(traits), None);
                }
            }
            _ => {}
        }
        let Some(ty) = self.type_of(call, receiver, budget) else {
            // `path.as_ref()` of a `P: AsRef<Path>`: what its receiver's owners are.
            if let Receiver::Returns(callee) = receiver {
                if let Callee::Method {
                    method: kept,
                    receiver: base,
                } = &**callee
                {
                    if returns::KEEPS_RECEIVER.contains(&&**kept) {
                        let budget = budget.saturating_sub(1);
                        return (self.owners(call, base, method, budget).0, None);
                    }
                }
            }
            return match self.names_outside_type(call, receiver) {
                true => (Owners::Outside, None),
                false => (Owners::Unknown, None),
            };
        };
        let dispatched = match self.std_walk(&ty, method) {
            // std's own method: not the input's.
            Some(Walk::Std(..)) => return (Owners::Outside, Some(ty)),
            // Through `Deref` to a crate type.
            Some(Walk::Crate(inner)) => inner,
            // A std type of a chain without that method: perhaps a crate trait's, as an
            // unknown receiver's would be.
            Some(Walk::Lost)
                if matches!(ty, Ty::Std(_))
                    && !matches!(receiver, Receiver::Collection(_) | Receiver::Declared(..)) =>
            {
                return (Owners::Unknown, Some(ty))
            }
            _ => ty.clone(),
        };
        let owners = match self.def_of(dispatched.clone()) {
            Some(def) => Owners::Known(vec![def]),
            // A field or return of a generic type `T`: its bounds.
            None => match self.node_bounds(call, dispatched.clone()) {
                Some(traits) if !traits.is_empty() => Owners::Bounded(traits),
                // A generic bound only by outside traits, reached through std's chain
                // (`f` of `v.iter_mut().map(|f| f.poll_unpin(cx))`): a crate extension
                // trait's method, perhaps, as an unknown receiver's would be.
                _ if matches!(ty, Ty::Std(_)) => Owners::Unknown,
                _ if !self.impls.blanket_names.contains(method) => Owners::Outside,
                _ => match self.node_bound_names(call, &dispatched) {
                    names if names.is_empty() => Owners::Outside,
                    names => Owners::Implementing(Implements::Bounds(names)),
                },
            },
        };
        (owners, Some(ty))
    }

    fn bounded(&self, call: &Call, traits_paths: &[PathText], method: &str) -> Owners {
        let traits: Vec<NodeId> = traits_paths
            .iter()
            .filter_map(|path| self.trait_def(call, path))
            .collect();
        if !traits.is_empty() {
            return Owners::Bounded(traits);
        }
        if !self.impls.blanket_names.contains(method) {
            return Owners::Outside;
        }
        let names = traits_paths
            .iter()
            .filter_map(|p| p.last())
            .map(str::to_string);
        Owners::Implementing(Implements::Bounds(names.collect()))
    }

    /// Whether a path named as a value is one of the input's functions (`dec_uint` in
    /// `dec_uint.parse_next(i)`): a function item, which implements the `Fn` traits.
    fn names_function(&self, call: &Call, path: &PathText) -> bool {
        let is_function =
            |d: &NodeId| matches!(self.scopes.kind(*d), NodeKind::Function | NodeKind::Method);
        path.last()
            .is_some_and(|name| self.impls.callable_names.contains(name))
            && matches!(
                self.scopes.resolve_path(call.scope, path.segments(), false),
                Some(Target::Defs(defs)) if defs.iter().any(is_function)
            )
    }

    /// A receiver whose type is written out but is not the input's.
    fn names_outside_type(&self, call: &Call, receiver: &Receiver) -> bool {
        match receiver {
            Receiver::Type(path) | Receiver::Declared(path, _) => matches!(
                self.scopes.resolve_path(call.scope, path.segments(), false),
                Some(Target::External(_))
            ),
            Receiver::Collection(_) => true,
            // `Path::new(..)`: an outside type's constructor.
            Receiver::Returns(callee) => match &**callee {
                Callee::Path {
                    segments, global, ..
                } => segments.split_last().is_some_and(|(last, owner)| {
                    segments.len() > 1
                        && is_constructor(last)
                        && matches!(
                            self.scopes.resolve_path(call.scope, owner, *global),
                            Some(Target::External(_))
                        )
                }),
                _ => false,
            },
            _ => false,
        }
    }

    /// What a receiver's type is, as far as signatures tell.
    fn type_of(&self, call: &Call, receiver: &Receiver, budget: usize) -> Option<Ty> {
        let budget = budget.checked_sub(1)?;
        match receiver {
            Receiver::Type(path) => self.type_def(call, path).map(Ty::Def),
            Receiver::Declared(path, args) => {
                self.type_def(call, path).map(Ty::Def).or_else(|| {
                    let args = args
                        .iter()
                        .map(|arg| self.type_of(call, arg, budget))
                        .collect();
                    self.std_declared(call, path, args)
                })
            }
            Receiver::Field(base, field) => {
                let base = self.type_of(call, base, budget)?;
                if let Some(element) = self.std_field(&base, field) {
                    return Some(element);
                }
                let owner = self.def_of(base)?;
                let field = self
                    .scopes
                    .members_named(owner, field)
                    .iter()
                    .map(|&(_, id)| id)
                    .find(|&id| self.scopes.kind(id) == NodeKind::Field)?;
                let ty = *self.impls.field_type.get(&field)?;
                Some(Ty::Node { ty, context: field })
            }
            Receiver::Returns(callee) => self.call_returns(call, callee, budget).map(|(ty, _)| ty),
            Receiver::Awaited(inner) => {
                // A crate `async fn`'s call is its declared return type once awaited.
                if let Receiver::Returns(callee) = &**inner {
                    let (ty, is_async) = self.call_returns(call, callee, budget)?;
                    return match is_async {
                        true => Some(ty),
                        false => self.std_awaited(&ty),
                    };
                }
                self.std_awaited(&self.type_of(call, inner, budget)?)
            }
            Receiver::ClosureParam {
                call: callee,
                arg,
                param,
            } => {
                let Callee::Method { method, receiver } = &**callee else {
                    return None;
                };
                let receiver = self.type_of(call, receiver, budget)?;
                self.std_closure_param(&receiver, method, *arg as usize, *param as usize)
            }
            Receiver::Unwrapped(inner) => match self.type_of(call, inner, budget)? {
                // A constructor's `?`: `Type::parse(..)?` is a `Type`.
                def @ Ty::Def(_) => Some(def),
                ty @ Ty::Std(_) => self.std_unwrapped(&ty),
                node @ Ty::Node { ty, context } => {
                    if let Some(unwrapped) = self.std_unwrapped(&node) {
                        return Some(unwrapped);
                    }
                    let ty = self.strip_references(ty);
                    let base = type_name(self.node_text(ty));
                    if !matches!(base, "Result" | "Option" | "Poll" | "LockResult") {
                        return None;
                    }
                    let ty = *self.impls.first_arg.get(&ty)?;
                    Some(Ty::Node { ty, context })
                }
            },
            Receiver::Failed(inner) => self.std_failed(&self.type_of(call, inner, budget)?),
            Receiver::Element(inner) => match &**inner {
                Receiver::Collection(element) => self.type_of(call, element, budget),
                inner => self.element_of(call, inner, budget),
            },
            Receiver::Named(path) => self.named_value(call, path),
            // A declared `Vec<T>` or `[T]`: a slice of `T`, for std's methods.
            Receiver::Collection(element) => {
                let element = self.type_of(call, element, budget)?;
                Some(Ty::Std(Box::new(std_types::Term::Std(
                    "[]",
                    vec![std_types::Term::Crate(element)],
                ))))
            }
            Receiver::Bounded(_) | Receiver::ImplSelf | Receiver::Unknown => None,
        }
    }

    /// The element type of a collection whose type a signature names.
    fn element_of(&self, call: &Call, collection: &Receiver, budget: usize) -> Option<Ty> {
        let ty = self.type_of(call, collection, budget)?;
        if let Some(element) = self.std_element(&ty) {
            return Some(element);
        }
        match ty {
            Ty::Def(_) | Ty::Std(_) => None,
            Ty::Node { ty, context } => {
                let ty = self.strip_references(ty);
                let text = self.node_text(ty);
                if !(text.starts_with('[') || matches!(type_name(text), "Vec" | "VecDeque" | "Box"))
                {
                    return None;
                }
                let ty = *self.impls.first_arg.get(&ty)?;
                Some(Ty::Node { ty, context })
            }
        }
    }

    /// The definition a receiver type dispatches on.
    fn def_of(&self, ty: Ty) -> Option<NodeId> {
        let (ty, context) = match ty {
            Ty::Def(def) => return Some(self.unalias(def)),
            Ty::Node { ty, context } => (self.strip_wrappers(ty), context),
            // A std type's fields are not the input's; `Deref` may lead to a crate type.
            ty @ Ty::Std(_) => return self.def_of(self.std_deref(&ty)?),
        };
        if self.node_text(ty) == "Self" {
            return self.impl_self_def(context);
        }
        self.type_node_def(ty, context).map(|d| self.unalias(d))
    }

    /// The definition a type node names where `context` wrote it. Type
    /// nodes are shared by every module that writes the same text (`Flags`
    /// in two modules is one node), so the path is resolved again in the
    /// writer's module; `refers_to` is the fallback.
    fn type_node_def(&self, ty: NodeId, context: NodeId) -> Option<NodeId> {
        let is_type = |d: &NodeId| self.scopes.kind(*d).is_type_definition();
        if let Some((segments, global)) = self.types.type_paths.get(&ty) {
            let module = self.scopes.module_of(context);
            if let Some(Target::Defs(defs)) =
                self.scopes
                    .resolve_path(module, segments.segments(), *global)
            {
                let defs: Vec<NodeId> = defs.into_iter().filter(is_type).collect();
                if let Some(&def) = self.preferred(defs).first() {
                    return Some(def);
                }
            }
        }
        self.refers.get(&ty)?.iter().copied().find(is_type)
    }

    /// A type alias stands for the type it names.
    fn unalias(&self, mut def: NodeId) -> NodeId {
        for _ in 0..MAX_STEPS {
            if self.scopes.kind(def) != NodeKind::TypeAlias {
                break;
            }
            let next = self
                .impls
                .alias_of
                .get(&def)
                .and_then(|&ty| self.type_node_def(self.strip_wrappers(ty), def));
            match next {
                Some(next) if next != def => def = next,
                _ => break,
            }
        }
        def
    }

    fn node_text(&self, id: NodeId) -> &str {
        self.graph
            .nodes
            .get(id as usize)
            .map_or("", |n| n.name.as_str())
    }

    /// The definition a type path names in the caller's scope.
    fn type_def(&self, call: &Call, path: &PathText) -> Option<NodeId> {
        if path.single() == Some("Self") {
            return self.impl_self_def(call.caller);
        }
        match self
            .scopes
            .resolve_path(call.scope, path.segments(), false)?
        {
            Target::Defs(defs) => self.compiled_type_def(defs).map(|d| self.unalias(d)),
            Target::External(_) => None,
        }
    }

    fn trait_def(&self, call: &Call, path: &PathText) -> Option<NodeId> {
        match self
            .scopes
            .resolve_path(call.scope, path.segments(), false)?
        {
            Target::Defs(defs) => defs
                .into_iter()
                .find(|&d| self.scopes.kind(d) == NodeKind::Trait),
            Target::External(_) => None,
        }
    }

    /// The type definition of the impl (or trait) the node is in.
    fn impl_self_def(&self, node: NodeId) -> Option<NodeId> {
        let mut id = node;
        for _ in 0..MAX_STEPS {
            let parent = self.scopes.parent(id)?;
            match self.scopes.kind(parent) {
                NodeKind::Impl => {
                    return self.impls.owner_of.get(&parent).copied().or_else(|| {
                        let name = self.types.impl_self.get(&parent)?;
                        let module = self.scopes.module_of(parent);
                        match self.scopes.lookup(module, name)? {
                            Target::Defs(d) => self.compiled_type_def(d),
                            Target::External(_) => None,
                        }
                    });
                }
                NodeKind::Trait => return Some(parent),
                _ => id = parent,
            }
        }
        None
    }

    fn strip_references(&self, mut ty: NodeId) -> NodeId {
        for _ in 0..MAX_STEPS {
            if !self.node_text(ty).starts_with('&') {
                break;
            }
            match self.impls.first_arg.get(&ty) {
                Some(&inner) => ty = inner,
                None => break,
            }
        }
        ty
    }

    /// `&T`, `Box<T>`, `Arc<T>`, `Rc<T>` dispatch methods on `T`.
    fn strip_wrappers(&self, mut ty: NodeId) -> NodeId {
        for _ in 0..MAX_STEPS {
            let name = self.node_text(ty);
            let wrapper = name.starts_with('&')
                || ["Box<", "Arc<", "Rc<"].iter().any(|w| name.starts_with(w));
            if !wrapper {
                break;
            }
            match self.impls.first_arg.get(&ty) {
                Some(&inner) => ty = inner,
                None => break,
            }
        }
        ty
    }

    fn child_named(&self, parent: NodeId, name: &str) -> Option<NodeId> {
        let candidates: Vec<NodeId> = self
            .scopes
            .members_named(parent, name)
            .iter()
            .map(|&(_, id)| id)
            .filter(|&id| matches!(self.scopes.kind(id), NodeKind::Method | NodeKind::Function))
            .collect();
        self.preferred(candidates).first().copied()
    }

    /// The type definition among what a path names; of twins under opposite `cfg`s (an
    /// `enum` and a `union` of one name), the one a default build compiles.
    fn compiled_type_def(&self, defs: Vec<NodeId>) -> Option<NodeId> {
        let types = defs
            .into_iter()
            .filter(|&d| self.scopes.kind(d).is_type_definition())
            .collect();
        self.preferred(types).first().copied()
    }

    /// Of same-named definitions under different `cfg`s, those a default
    /// Linux build compiles (see `cfg`); all of them when that is unclear.
    fn preferred(&self, candidates: Vec<NodeId>) -> Vec<NodeId> {
        if candidates.len() < 2 {
            return candidates;
        }
        let ranked: Vec<(u8, NodeId)> = candidates
            .iter()
            .map(|&c| (self.scopes.cfg_rank(c), c))
            .collect();
        let best = ranked.iter().map(|&(r, _)| r).max().unwrap_or(0);
        ranked
            .into_iter()
            .filter(|&(r, _)| r == best)
            .map(|(_, c)| c)
            .collect()
    }

    /// In `impl Trait for &Type`, `self` is a `&Type`: its methods resolve
    /// to that impl before `Type`'s own trait impls.
    fn own_reference_impl_method(
        &self,
        caller: NodeId,
        owner: NodeId,
        method: &str,
    ) -> Option<NodeId> {
        let imp = self.scopes.parent(caller)?;
        if !self.impls.for_reference.contains(&imp) || self.impls.owner_of.get(&imp) != Some(&owner)
        {
            return None;
        }
        self.child_named(imp, method)
    }

    /// A method of a type: inherent impls first (as rustc picks them), then
    /// trait impls, then a trait's default body. For a trait (a `dyn` or a
    /// generic's bound): its own methods, then its supertraits'.
    fn method_of(&self, owner: NodeId, method: &str) -> Option<NodeId> {
        if self.scopes.kind(owner) == NodeKind::Trait {
            return self.trait_method(owner, method);
        }
        let impls = self.impls.impls_of.get(&owner)?;
        let is_inherent = |i: &&NodeId| {
            !self.impls.trait_of.contains_key(i) && !self.impls.external_trait_of.contains_key(i)
        };
        // Inherent methods first; of the same method in impls under opposite `cfg`s (one
        // impl for each of a type's twins), the one a default build compiles.
        let inherent = impls.iter().filter(is_inherent);
        let traits = impls.iter().filter(|i| !is_inherent(i));
        for group in [inherent.collect::<Vec<_>>(), traits.collect()] {
            let found = group
                .into_iter()
                .filter_map(|&imp| self.child_named(imp, method))
                .collect();
            if let Some(&m) = self.preferred(found).first() {
                return Some(m);
            }
        }
        impls
            .iter()
            .find_map(|imp| self.trait_method(*self.impls.trait_of.get(imp)?, method))
    }

    fn trait_method(&self, trait_def: NodeId, method: &str) -> Option<NodeId> {
        self.supertrait_walk(trait_def, |t| self.child_named(t, method))
    }

    fn trait_impl_method(&self, owner: NodeId, trait_def: NodeId, method: &str) -> Option<NodeId> {
        self.impls
            .impls_of
            .get(&owner)?
            .iter()
            .filter(|i| self.impls.trait_of.get(i) == Some(&trait_def))
            .find_map(|&i| self.child_named(i, method))
    }

    /// Methods anywhere in the input with this name, for an unknown receiver.
    /// A receiver of unknown type: the input's methods of that name that the caller can see
    /// (a private method of another module is no candidate, however unique its name).
    fn by_name(&self, call: &Call, method: &str) -> Option<Resolved> {
        let all = self.impls.methods_by_name.get(method)?;
        // More than that many are no guess either way (and no privacy walk is spent on them).
        if all.len() > MAX_AMBIGUOUS {
            return None;
        }
        let candidates: Vec<NodeId> = all
            .iter()
            .copied()
            .filter(|&m| self.visible_from(m, call.caller))
            .collect();
        match candidates.len() {
            0 => None,
            1 if !COMMON_METHODS.contains(&method) => {
                Some((Target::Defs(candidates), Confidence::Inferred))
            }
            n if n <= MAX_AMBIGUOUS => Some((Target::Defs(candidates), Confidence::Ambiguous)),
            _ => None,
        }
    }

    /// Whether code in `from` may name `def` by Rust's privacy rules: private items (and
    /// `pub(self)`) within their module and the modules inside it, `pub(super)` within the
    /// parent's, `pub(crate)` within the crate; `pub(in path)` is taken as visible.
    fn visible_from(&self, def: NodeId, from: NodeId) -> bool {
        let Some(node) = self.graph.nodes.get(def as usize) else {
            return false;
        };
        let home = self.scopes.module_of(def);
        let same_crate = || self.scopes.root_of(from) == self.scopes.root_of(home);
        let scope = match node.visibility {
            Visibility::Public | Visibility::In(_) => return true,
            Visibility::Crate => return same_crate(),
            Visibility::Private | Visibility::SelfOnly => home,
            Visibility::Super => match self.scopes.parent(home) {
                Some(parent) => self.scopes.module_of(parent),
                None => return same_crate(),
            },
        };
        let mut module = Some(self.scopes.module_of(from));
        for _ in 0..MAX_STEPS {
            let Some(current) = module else { break };
            if current == scope {
                return true;
            }
            module = self
                .scopes
                .parent(current)
                .map(|p| self.scopes.module_of(p));
        }
        false
    }
}

impl Owners {
    fn known(&self) -> &[NodeId] {
        match self {
            Owners::Known(owners) | Owners::Bounded(owners) => owners,
            Owners::Implementing(_) | Owners::Outside | Owners::Unknown => &[],
        }
    }
}

/// A type's name without its path and generic arguments: `Wrapping` of
/// `std::num::Wrapping<T>`.
fn type_name(text: &str) -> &str {
    let base = text.split('<').next().unwrap_or(text);
    base.rsplit("::").next().unwrap_or(base)
}

fn exact(def: NodeId) -> Resolved {
    (Target::Defs(vec![def]), Confidence::Exact)
}

mod blanket;
mod bounds;
mod named;
mod operators;
mod outside;
mod returns;
mod std_table;
mod std_types;
#[cfg(test)]
mod tests;
