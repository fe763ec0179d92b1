//! What an item's visit knows of where it stands: its container, its module, the generics in
//! scope and their bounds.

use super::types::trait_bounds;
use crate::state::path_text::PathText;
use crate::state::raw::{GenericBounds, RawNodeId};
use syn::punctuated::Punctuated;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Container {
    Module,
    Impl { trait_impl: bool },
    Trait,
    Function,
}

/// What an item needs to know about where it stands.
#[derive(Clone)]
pub(super) struct Scope {
    pub(super) parent: RawNodeId,
    pub(super) module: RawNodeId,
    pub(super) inline_chain: Vec<(String, Option<String>)>,
    pub(super) container: Container,
    /// The self type's path inside an impl or trait, for `Self` and `self`.
    pub(super) impl_self: Option<PathText>,
    /// Generic type parameters in scope, which name no definition.
    pub(super) generics: Vec<String>,
    /// The trait bounds of those parameters (inline and `where`), by name.
    pub(super) bounds: Vec<(String, Vec<PathText>)>,
}

impl Scope {
    /// A module's own scope: what its items stand in.
    pub(super) fn module(id: RawNodeId, inline_chain: Vec<(String, Option<String>)>) -> Scope {
        Scope {
            parent: id,
            module: id,
            inline_chain,
            container: Container::Module,
            impl_self: None,
            generics: Vec::new(),
            bounds: Vec::new(),
        }
    }

    pub(super) fn is_generic(&self, name: &str) -> bool {
        self.generics.iter().any(|g| g == name)
    }

    /// The bounds in scope, as the state keeps them.
    pub(super) fn generic_bounds(&self) -> GenericBounds {
        self.bounds
            .iter()
            .map(|(name, traits)| (name.as_str().into(), traits.as_slice().into()))
            .collect()
    }

    pub(super) fn with_generics(&self, generics: &syn::Generics) -> Scope {
        let mut scope = self.clone();
        scope
            .generics
            .extend(generics.type_params().map(|p| p.ident.to_string()));
        for param in generics.type_params() {
            scope.add_bounds(param.ident.to_string(), &param.bounds);
        }
        for predicate in generics.where_clause.iter().flat_map(|w| &w.predicates) {
            if let syn::WherePredicate::Type(p) = predicate {
                // `where T: Trait`, and `where T::Item: Trait` under the
                // associated type's path.
                if let syn::Type::Path(ty) = &p.bounded_ty {
                    if ty.qself.is_none() && ty.path.leading_colon.is_none() {
                        let name =
                            PathText::from_segments(ty.path.segments.iter().map(|s| &s.ident));
                        scope.add_bounds(name.to_string(), &p.bounds);
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
