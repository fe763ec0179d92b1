//! Calls through the input's blanket impls: `impl<T: Stream> StreamExt for T` gives every
//! stream `poll_next_unpin`, and `impl<F: FnMut(&mut I) -> O> Parser for F` makes a function
//! a parser. rustc reaches them only after the receiver's own impls (inherent, then its
//! trait impls); so do these rules.

use super::{type_name, Calls, Resolved, MAX_AMBIGUOUS};
use crate::model::{Confidence, NodeId};
use crate::resolve::Target;

/// What a receiver is known to implement, as far as a blanket impl's bounds ask.
#[derive(Debug)]
pub(super) enum Implements {
    /// A function item: the `Fn` traits.
    Callable,
    /// A generic parameter or `impl Trait`: the traits it is bound by, by name.
    Bounds(Vec<String>),
    /// A type definition of the input: the traits its impls implement.
    Def(NodeId),
}

/// Auto traits: nothing in the input says whether a type has them, and most do.
const AUTO_TRAITS: &[&str] = &["Sized", "Send", "Sync", "Unpin"];

impl Calls<'_, '_> {
    /// `method` of the blanket impls whose bounds the receiver meets: the impl's own
    /// function, or else its trait's (a provided method, as `StreamExt`'s all are).
    pub(super) fn through_blanket(&self, receiver: &Implements, method: &str) -> Option<Resolved> {
        if !self.impls.blanket_names.contains(method) {
            return None;
        }
        let mut found: Vec<NodeId> = self
            .impls
            .blanket
            .iter()
            .filter(|(_, bounds)| bounds.iter().all(|b| self.meets(receiver, b)))
            .filter_map(|&(imp, _)| {
                self.child_named(imp, method)
                    .or_else(|| self.trait_method(*self.impls.trait_of.get(&imp)?, method))
            })
            .collect();
        found.sort_unstable();
        found.dedup();
        let confidence = match found.len() {
            0 => return None,
            1 => Confidence::Inferred,
            n if n <= MAX_AMBIGUOUS => Confidence::Ambiguous,
            _ => return None,
        };
        Some((Target::Defs(found), confidence))
    }

    fn meets(&self, receiver: &Implements, bound: &str) -> bool {
        if AUTO_TRAITS.contains(&bound) {
            return true;
        }
        match receiver {
            Implements::Callable => matches!(bound, "Fn" | "FnMut" | "FnOnce"),
            Implements::Bounds(names) => names.iter().any(|n| n == bound),
            Implements::Def(def) => self.impls.impls_of.get(def).is_some_and(|impls| {
                impls.iter().any(|imp| {
                    let own = self.impls.trait_of.get(imp).map(|&t| self.node_text(t));
                    let outside = self.impls.external_trait_of.get(imp).map(|p| type_name(p));
                    own == Some(bound) || outside == Some(bound)
                })
            }),
        }
    }
}
