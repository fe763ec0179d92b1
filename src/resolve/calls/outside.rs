//! The input's impls of what it does not define: its traits for outside types
//! (`impl Zero for Wrapping<T>`), and outside traits for its types (`impl de::Error for
//! Error`), reached by paths that name the outside side.

use super::{type_name, Calls};
use crate::model::NodeId;
use crate::state::path_text::PathText;

impl Calls<'_, '_> {
    /// `<Wrapping<T> as Trait>::m`, `<i32 as Trait>::m`: `m` of the one impl of the input's
    /// trait for a type the input does not define, told by the type's name.
    pub(super) fn impl_for_outside_type(
        &self,
        trait_def: NodeId,
        self_ty: &PathText,
        method: &str,
    ) -> Option<NodeId> {
        let name = self_ty.segments().last()?;
        let mut found = self
            .impls
            .impls_of_trait
            .get(&trait_def)?
            .iter()
            .filter(|imp| {
                let ty = self.impls.outside_self_of.get(imp);
                ty.is_some_and(|ty| type_name(ty) == name)
            })
            .filter_map(|&imp| self.child_named(imp, method));
        let one = found.next()?;
        found.next().is_none().then_some(one)
    }

    pub(super) fn external_trait_impl_method(
        &self,
        owner: NodeId,
        trait_path: &str,
        method: &str,
    ) -> Option<NodeId> {
        self.impls
            .impls_of
            .get(&owner)?
            .iter()
            .filter(|i| {
                self.impls
                    .external_trait_of
                    .get(i)
                    .is_some_and(|p| same_trait(p, trait_path))
            })
            .find_map(|&i| self.child_named(i, method))
    }

    /// `Trait::f(..)` of an outside trait where `f` takes no `self`: the input's one impl of
    /// the trait with such an `f` (`de::Error::invalid_type` of serde_json's `impl de::Error
    /// for Error`). With several impls, only the call's expected type would tell.
    pub(super) fn only_impl_function(&self, trait_path: &str, name: &str) -> Option<NodeId> {
        let impls = self
            .impls
            .impls_of_outside_trait
            .get(type_name(trait_path))?;
        let mut found = impls
            .iter()
            .filter(|i| {
                let path = self.impls.external_trait_of.get(i);
                path.is_some_and(|p| same_trait(p, trait_path))
            })
            .filter_map(|&i| self.child_named(i, name));
        let one = found.next()?;
        let takes_self = self
            .graph
            .nodes
            .get(one as usize)?
            .details
            .flags
            .iter()
            .any(|f| f == "self");
        (found.next().is_none() && !takes_self).then_some(one)
    }
}

/// Two paths of an outside trait name the same trait: `fmt::Display` and
/// `std::fmt::Display`, `core::fmt::Display`. Both come from resolving
/// paths, so they agree on the last segment and on as much of the rest as
/// both spell out.
pub(super) fn same_trait(a: &str, b: &str) -> bool {
    let strip = |p: &'_ str| -> Vec<String> {
        p.split("::")
            .filter(|s| !matches!(*s, "std" | "core" | "alloc"))
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (strip(a), strip(b));
    let n = a.len().min(b.len());
    n > 0 && a[a.len() - n..] == b[b.len() - n..]
}
