//! Operators (`a + b`, `x[i]`, `a == b`): the method of the crate's own impl
//! of the std trait the operator calls, for the left operand's type. Only a
//! type the input defines, with that impl written out, gets an edge: an
//! operand of unknown or outside type, a derived impl (no method node) or a
//! same-named trait of the crate's own give none, never a guess by name.

use super::{Calls, Owners, Resolved};
use crate::freeze::Call;
use crate::model::{Confidence, NodeId};
use crate::resolve::Target;
use crate::state::raw::Receiver;

impl Calls<'_, '_> {
    pub(super) fn operator(
        &self,
        call: &Call,
        trait_name: &str,
        method: &str,
        operand: &Receiver,
        budget: usize,
    ) -> Option<Resolved> {
        let (Owners::Known(owners), _) = self.owners(call, operand, method, budget) else {
            return None;
        };
        // `!=` and `<`, `<=`, `>`, `>=` left to std's default bodies run the
        // `eq` and `partial_cmp` the impl writes.
        let delegate = match method {
            "ne" => Some("eq"),
            "lt" | "le" | "gt" | "ge" => Some("partial_cmp"),
            _ => None,
        };
        owners
            .iter()
            .find_map(|&owner| {
                self.std_impl_method(owner, trait_name, method)
                    .or_else(|| self.std_impl_method(owner, trait_name, delegate?))
            })
            .map(|m| (Target::Defs(vec![m]), Confidence::Inferred))
    }

    /// The method of `owner`'s impl of std's `trait_name` (`core::ops::Add`,
    /// or std's own trait node when std itself is the input).
    fn std_impl_method(&self, owner: NodeId, trait_name: &str, method: &str) -> Option<NodeId> {
        let module = match trait_name {
            "PartialEq" | "PartialOrd" => "cmp",
            _ => "ops",
        };
        let std_path = format!("core::{module}::{trait_name}");
        self.impls
            .impls_of
            .get(&owner)?
            .iter()
            .filter(|imp| match self.impls.trait_of.get(imp) {
                Some(&t) => self.is_std_trait(t, trait_name, module),
                None => self
                    .impls
                    .external_trait_of
                    .get(imp)
                    .is_some_and(|path| super::outside::same_trait(path, &std_path)),
            })
            .find_map(|&imp| self.child_named(imp, method))
    }

    /// A trait node that is std's own `trait_name` (`core::ops::arith::Add`,
    /// `core::cmp::PartialEq`), as when std's sources are the input.
    fn is_std_trait(&self, trait_def: NodeId, trait_name: &str, module: &str) -> bool {
        self.graph.nodes.get(trait_def as usize).is_some_and(|n| {
            let mut segments = n.path.split("::");
            n.name == trait_name
                && matches!(segments.next(), Some("core" | "std"))
                && segments.next() == Some(module)
        })
    }
}
