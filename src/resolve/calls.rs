//! `calls` edges: path calls resolve exactly; method calls go through the
//! receiver's type when a heuristic knows it, else by name.

use super::impls::ImplIndex;
use super::prelude::{prelude, COMMON_METHODS};
use super::scopes::Scopes;
use super::{Found, Target};
use crate::freeze::Call;
use crate::model::{Confidence, EdgeKind, Graph, NodeId, NodeKind};
use crate::state::{Callee, Receiver};
use std::collections::HashMap;

const MAX_AMBIGUOUS: usize = 6;

pub(super) struct Calls<'a, 'g> {
    scopes: &'a Scopes<'g>,
    impls: &'a ImplIndex,
    refers: &'a HashMap<NodeId, Vec<NodeId>>,
    impl_self: &'a HashMap<NodeId, String>,
    graph: &'g Graph,
}

impl<'a, 'g> Calls<'a, 'g> {
    pub fn new(
        scopes: &'a Scopes<'g>,
        impls: &'a ImplIndex,
        refers: &'a HashMap<NodeId, Vec<NodeId>>,
        impl_self: &'a HashMap<NodeId, String>,
        graph: &'g Graph,
    ) -> Calls<'a, 'g> {
        Calls {
            scopes,
            impls,
            refers,
            impl_self,
            graph,
        }
    }

    pub fn resolve(&self, call: &Call) -> Vec<Found> {
        let edge = |target: Target, confidence: Confidence| Found {
            source: call.caller,
            kind: EdgeKind::Calls,
            target,
            confidence: Some(confidence),
        };
        match &call.callee {
            Callee::Path { segments, global } => self
                .path_call(call, segments, *global)
                .map(|(t, c)| edge(t, c))
                .into_iter()
                .collect(),
            Callee::Qualified {
                self_ty,
                trait_path,
                method,
            } => {
                let owner = self.type_def(call, self_ty);
                let trait_def = match self.scopes.resolve_path(call.scope, trait_path, false) {
                    Some(Target::Defs(defs)) => defs
                        .into_iter()
                        .find(|&d| self.scopes.kind(d) == NodeKind::Trait),
                    _ => None,
                };
                if let (Some(owner), Some(trait_def)) = (owner, trait_def) {
                    if let Some(m) = self.trait_impl_method(owner, trait_def, method) {
                        return vec![edge(Target::Defs(vec![m]), Confidence::Exact)];
                    }
                }
                match trait_def.and_then(|t| self.child_named(t, method)) {
                    Some(m) => vec![edge(Target::Defs(vec![m]), Confidence::Exact)],
                    None => Vec::new(),
                }
            }
            Callee::Method { method, receiver } => {
                let owner = match receiver {
                    Receiver::Type(path) => self.type_def(call, path),
                    Receiver::SelfField(field) => self.self_field_type(call.caller, field),
                    Receiver::Unknown => None,
                };
                if let Some(owner) = owner {
                    if let Some(m) = self.method_of(owner, method) {
                        return vec![edge(Target::Defs(vec![m]), Confidence::Inferred)];
                    }
                }
                self.by_name(method)
                    .into_iter()
                    .map(|(t, c)| edge(t, c))
                    .collect()
            }
        }
    }

    /// `f()`, `a::b::f()`, `Self::new()`, `Type::assoc()`, `Trait::m(x)`.
    fn path_call(
        &self,
        call: &Call,
        segments: &[String],
        global: bool,
    ) -> Option<(Target, Confidence)> {
        if let Some((last, owner_path)) = segments.split_last() {
            if owner_path.first().is_some_and(|s| s == "Self") && owner_path.len() == 1 {
                let owner = self.impl_self_def(call.caller)?;
                return self
                    .method_of(owner, last)
                    .map(|m| (Target::Defs(vec![m]), Confidence::Exact));
            }
            if segments.len() == 1 {
                // An item declared in the function's own body comes first.
                if let Some(local) = self.local_item(call.caller, last) {
                    return Some((Target::Defs(vec![local]), Confidence::Exact));
                }
            }
        }
        match self.scopes.resolve_path(call.scope, segments, global) {
            Some(Target::Defs(defs)) => {
                let callable: Vec<NodeId> = defs
                    .into_iter()
                    .filter(|&d| {
                        matches!(self.scopes.kind(d), NodeKind::Function | NodeKind::Method)
                    })
                    .collect();
                if !callable.is_empty() {
                    return Some((Target::Defs(callable), Confidence::Exact));
                }
            }
            Some(Target::External(path))
                if segments.len() > 1 || prelude(&segments[0]).is_some() =>
            {
                return Some((Target::External(path), Confidence::Exact));
            }
            Some(Target::External(_)) | None => {}
        }
        // `Type::assoc()`: resolve the type, then look in its impls.
        let (last, owner_path) = segments.split_last()?;
        if owner_path.is_empty() {
            return None;
        }
        let owner = match self.scopes.resolve_path(call.scope, owner_path, global)? {
            Target::Defs(defs) => defs
                .into_iter()
                .find(|&d| self.scopes.kind(d).is_type_definition())?,
            Target::External(_) => return None,
        };
        self.method_of(owner, last)
            .map(|m| (Target::Defs(vec![m]), Confidence::Exact))
    }

    fn local_item(&self, caller: NodeId, name: &str) -> Option<NodeId> {
        self.scopes
            .members_named(caller, name)
            .iter()
            .map(|&(_, id)| id)
            .find(|&d| self.scopes.kind(d) == NodeKind::Function)
    }

    /// The definition a type path names in the caller's scope.
    fn type_def(&self, call: &Call, path: &[String]) -> Option<NodeId> {
        if path.len() == 1 && path[0] == "Self" {
            return self.impl_self_def(call.caller);
        }
        match self.scopes.resolve_path(call.scope, path, false)? {
            Target::Defs(defs) => defs
                .into_iter()
                .find(|&d| self.scopes.kind(d).is_type_definition()),
            Target::External(_) => None,
        }
    }

    /// The type definition of the impl (or trait) the caller is in.
    fn impl_self_def(&self, caller: NodeId) -> Option<NodeId> {
        let mut id = caller;
        for _ in 0..64 {
            let parent = self.scopes.parent(id)?;
            match self.scopes.kind(parent) {
                NodeKind::Impl => {
                    return self.impls.owner_of.get(&parent).copied().or_else(|| {
                        let name = self.impl_self.get(&parent)?;
                        let module = self.scopes.module_of(parent);
                        match self.scopes.lookup(module, name)? {
                            Target::Defs(d) => d
                                .into_iter()
                                .find(|&d| self.scopes.kind(d).is_type_definition()),
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

    fn self_field_type(&self, caller: NodeId, field: &str) -> Option<NodeId> {
        let owner = self.impl_self_def(caller)?;
        let field = self.child_named(owner, field)?;
        let ty = *self.impls.field_type.get(&field)?;
        let receiver_ty = self.strip_wrappers(ty);
        self.refers
            .get(&receiver_ty)?
            .iter()
            .copied()
            .find(|&d| self.scopes.kind(d).is_type_definition())
    }

    /// `&T`, `Box<T>`, `Arc<T>`, `Rc<T>` dispatch methods on `T`.
    fn strip_wrappers(&self, mut ty: NodeId) -> NodeId {
        for _ in 0..8 {
            let name = &self.graph.nodes[ty as usize].name;
            let wrapper = name.starts_with('&')
                || ["Box<", "Arc<", "Rc<", "RefCell<", "Mutex<", "RwLock<"]
                    .iter()
                    .any(|w| name.starts_with(w));
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
        self.scopes
            .members_named(parent, name)
            .first()
            .map(|&(_, id)| id)
    }

    /// A method of a type: inherent impls first, then trait impls, then
    /// the default body in the trait.
    fn method_of(&self, owner: NodeId, method: &str) -> Option<NodeId> {
        if self.scopes.kind(owner) == NodeKind::Trait {
            return self.child_named(owner, method);
        }
        let impls = self.impls.impls_of.get(&owner)?;
        let (inherent, traits): (Vec<NodeId>, Vec<NodeId>) = impls
            .iter()
            .partition(|i| !self.impls.trait_of.contains_key(i));
        for imp in inherent.iter().chain(&traits) {
            if let Some(m) = self.child_named(*imp, method) {
                return Some(m);
            }
        }
        traits
            .iter()
            .find_map(|imp| self.child_named(*self.impls.trait_of.get(imp)?, method))
    }

    fn trait_impl_method(&self, owner: NodeId, trait_def: NodeId, method: &str) -> Option<NodeId> {
        let impls = self.impls.impls_of.get(&owner)?;
        impls
            .iter()
            .filter(|i| self.impls.trait_of.get(i) == Some(&trait_def))
            .find_map(|i| self.child_named(*i, method))
    }

    /// Methods anywhere in the input with this name, for an unknown receiver.
    fn by_name(&self, method: &str) -> Option<(Target, Confidence)> {
        let candidates = self
            .impls
            .methods_by_name
            .get(method)
            .cloned()
            .unwrap_or_default();
        match candidates.len() {
            0 => None,
            1 if !COMMON_METHODS.contains(&method) => {
                Some((Target::Defs(candidates), Confidence::Inferred))
            }
            n if n <= MAX_AMBIGUOUS => Some((Target::Defs(candidates), Confidence::Ambiguous)),
            _ => None,
        }
    }
}
