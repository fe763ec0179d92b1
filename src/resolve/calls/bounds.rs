//! Calls through trait bounds: what a generic parameter (`E`), an associated
//! type of one (`T::Item`) or `Self` in a trait is bound by, and which
//! trait's method a call through those bounds reaches.
//!
//! A call through a bound runs whichever impl the caller is instantiated
//! with, so its one edge goes to the trait's method (the details panel lists
//! the impls it may dispatch to), `inferred`; when several bounding traits
//! have a method of that name, each of theirs, `ambiguous`.

use super::{Calls, Resolved, Ty, MAX_STEPS};
use crate::freeze::Call;
use crate::model::{Confidence, EdgeKind, NodeId, NodeKind};
use crate::resolve::generics::{generic_params, top_level};
use crate::resolve::Target;
use crate::state::path_text::{PathText, Segments};

impl Calls<'_, '_> {
    /// The input's traits bounding the type a path names from the caller:
    /// a bounded generic parameter, `Self` in a trait (bound by the trait),
    /// and the associated types below either (`T::Item`: bounded in a
    /// `where` clause, or by the trait's own `type Item: Bound`). `None`
    /// when the path does not start with such a name; the traits may be
    /// empty when every bound is a trait from outside the input.
    pub(super) fn bounding_traits(&self, call: &Call, path: Segments<'_>) -> Option<Vec<NodeId>> {
        let segments: Vec<&str> = path.collect();
        let (&first, rest) = segments.split_first()?;
        let mut traits = if first == "Self" {
            vec![self.enclosing(call.caller, NodeKind::Trait)?]
        } else {
            self.param_bounds(call, first)?
        };
        for (depth, assoc) in rest.iter().enumerate() {
            let mut next = self
                .param_bounds(call, &segments[..depth + 2].join("::"))
                .unwrap_or_default();
            for &t in &traits {
                next.extend(self.assoc_type_bounds(t, assoc));
            }
            traits = next;
        }
        traits.sort_unstable();
        traits.dedup();
        Some(traits)
    }

    /// The traits bounding a field's or a return's type when it names a
    /// generic parameter (or an associated type of one) as the caller sees
    /// it, or is a `dyn Trait`.
    pub(super) fn node_bounds(&self, call: &Call, ty: Ty) -> Option<Vec<NodeId>> {
        let Ty::Node { ty, context } = ty else {
            return None;
        };
        let ty = self.strip_wrappers(ty);
        // `dyn A + B`: its bounds are its type arguments.
        if self.node_text(ty).starts_with("dyn ") {
            let traits = self
                .edges_from(ty, EdgeKind::TypeArg)
                .filter_map(|bound| self.bound_trait(bound, context))
                .collect();
            return Some(traits);
        }
        let path = self.node_param(call, ty, context)?;
        self.bounding_traits(call, path.segments())
    }

    /// The names of every trait, the input's or not, that bounds the generic parameter a
    /// field's or a return's type names as the caller sees it (`Stream` of `St`).
    pub(super) fn node_bound_names(&self, call: &Call, ty: &Ty) -> Vec<String> {
        let Ty::Node { ty, context } = *ty else {
            return Vec::new();
        };
        let Some(path) = self.node_param(call, self.strip_wrappers(ty), context) else {
            return Vec::new();
        };
        let bounds = self.types.generic_bounds.get(&call.caller);
        let paths = bounds
            .and_then(|b| b.iter().find(|(param, _)| Some(&**param) == path.single()))
            .map_or(&[][..], |(_, paths)| &**paths);
        paths
            .iter()
            .filter_map(|p| p.last())
            .map(str::to_string)
            .collect()
    }

    /// The path a type node names as the caller sees it: a struct's generic parameter read
    /// in an impl is the impl's argument in its place.
    fn node_param(&self, call: &Call, ty: NodeId, context: NodeId) -> Option<PathText> {
        let (segments, false) = self.types.type_paths.get(&ty)? else {
            return None;
        };
        Some(
            match self.impl_argument(call.caller, segments.first()?, context) {
                Some(argument) => PathText::from_segments(argument.split("::").map(str::trim)),
                None => segments.clone(),
            },
        )
    }

    /// A field of type `F`, a generic parameter of its struct, read in an
    /// impl of that struct: `F` is the impl's argument in its place
    /// (`struct S<F> { f: F }`, `impl<R: Tr> S<R>`: `self.f` is an `R`).
    fn impl_argument(&self, caller: NodeId, param: &str, field: NodeId) -> Option<&str> {
        if self.scopes.kind(field) != NodeKind::Field {
            return None;
        }
        let mut owner = self.scopes.parent(field)?;
        if self.scopes.kind(owner) == NodeKind::Variant {
            owner = self.scopes.parent(owner)?;
        }
        let generics = self.graph.nodes.get(owner as usize)?.details.generics()?;
        let position = generic_params(generics).position(|p| p == param)?;
        let imp = self.enclosing(caller, NodeKind::Impl)?;
        if self.impls.owner_of.get(&imp) != Some(&owner) {
            return None;
        }
        let name = self.node_text(imp).strip_prefix("impl ")?;
        let self_ty = name.split_once(" for ").map_or(name, |(_, ty)| ty);
        let (_, arguments) = self_ty.split_once('<')?;
        top_level(arguments.strip_suffix('>')?)
            .filter(|a| !a.starts_with('\''))
            .nth(position)
            .filter(|a| !a.contains(['<', '&', '(', '[', ' ']))
    }

    /// `name.method()` or `Name::method()` where `name`'s type is bound by
    /// `traits`: the one trait method of that name (after supertraits), or
    /// each of several.
    pub(super) fn through_bounds(&self, traits: &[NodeId], method: &str) -> Option<Resolved> {
        let mut methods: Vec<NodeId> = traits
            .iter()
            .filter_map(|&t| self.trait_method(t, method))
            .collect();
        methods.sort_unstable();
        methods.dedup();
        let confidence = match methods.len() {
            0 => return None,
            1 => Confidence::Inferred,
            _ => Confidence::Ambiguous,
        };
        Some((Target::Defs(methods), confidence))
    }

    /// The input's traits among the bounds on a generic parameter (or an
    /// associated type path of one, `T::Item`, bounded in a `where` clause)
    /// in the caller's scope; `None` when no bound names it.
    fn param_bounds(&self, call: &Call, name: &str) -> Option<Vec<NodeId>> {
        let bounds = self.types.generic_bounds.get(&call.caller)?;
        let (_, paths) = bounds.iter().find(|(param, _)| &**param == name)?;
        Some(
            paths
                .iter()
                .filter_map(|path| self.trait_def(call, path))
                .collect(),
        )
    }

    /// The impl or trait (`kind`) a function is an item of, through nested
    /// bodies.
    fn enclosing(&self, node: NodeId, kind: NodeKind) -> Option<NodeId> {
        let mut id = node;
        for _ in 0..MAX_STEPS {
            let parent = self.scopes.parent(id)?;
            match self.scopes.kind(parent) {
                found if found == kind => return Some(parent),
                NodeKind::Impl | NodeKind::Trait | NodeKind::Module => return None,
                _ => id = parent,
            }
        }
        None
    }

    /// The bounds an associated type declares (`type Item: New;`), in the
    /// trait or its supertraits.
    fn assoc_type_bounds(&self, trait_def: NodeId, name: &str) -> Vec<NodeId> {
        let Some(assoc) = self.supertrait_walk(trait_def, |t| {
            self.scopes
                .members_named(t, name)
                .iter()
                .map(|&(_, id)| id)
                .find(|&id| self.scopes.kind(id) == NodeKind::TypeAlias)
        }) else {
            return Vec::new();
        };
        self.edges_from(assoc, EdgeKind::Bound)
            .filter_map(|bound| self.bound_trait(bound, assoc))
            .collect()
    }

    /// The targets of a node's `kind` edges among freeze's (sorted by
    /// source) edges.
    fn edges_from(&self, source: NodeId, kind: EdgeKind) -> impl Iterator<Item = NodeId> + '_ {
        let edges = &self.graph.edges;
        let start = edges.partition_point(|e| e.source < source);
        edges[start..]
            .iter()
            .take_while(move |e| e.source == source)
            .filter(move |e| e.kind == kind)
            .map(|e| e.target)
    }

    /// The trait a bound's type node names where `context` wrote it.
    fn bound_trait(&self, ty: NodeId, context: NodeId) -> Option<NodeId> {
        let is_trait = |d: &NodeId| self.scopes.kind(*d) == NodeKind::Trait;
        if let Some((segments, global)) = self.types.type_paths.get(&ty) {
            let module = self.scopes.module_of(context);
            if let Some(Target::Defs(defs)) =
                self.scopes
                    .resolve_path(module, segments.segments(), *global)
            {
                if let Some(def) = defs.into_iter().find(is_trait) {
                    return Some(def);
                }
            }
        }
        self.refers.get(&ty)?.iter().copied().find(is_trait)
    }

    /// The first of a trait and its supertraits (nearest first) for which
    /// `found` finds something.
    pub(super) fn supertrait_walk<T>(
        &self,
        trait_def: NodeId,
        mut found: impl FnMut(NodeId) -> Option<T>,
    ) -> Option<T> {
        let mut queue = std::collections::VecDeque::from([trait_def]);
        let mut seen = Vec::new();
        while let Some(t) = queue.pop_front() {
            if seen.contains(&t) || seen.len() >= MAX_STEPS {
                continue;
            }
            seen.push(t);
            if let Some(hit) = found(t) {
                return Some(hit);
            }
            queue.extend(self.impls.supertraits.get(&t).into_iter().flatten());
        }
        None
    }
}
