//! What a call returns: the crate's declared return type, std's signature, or (for the
//! methods that hand back their receiver) the receiver's own type.

use super::{Calls, Owners, Ty};
use crate::freeze::Call;
use crate::model::NodeId;
use crate::resolve::Target;
use crate::state::path_text::PathText;
use crate::state::raw::{is_constructor, Callee, Receiver};

/// Methods that hand back their receiver's own type (or a view of it) when neither the
/// crate nor std's table says otherwise (`derive(Clone)` writes no `clone` to read).
pub(super) const KEEPS_RECEIVER: &[&str] = &[
    "clone",
    "as_ref",
    "as_mut",
    "borrow",
    "borrow_mut",
    "to_owned",
    "by_ref",
    // pin-project's projections (`#[pin_project]`, `pin_project! { .. }`, macros from outside
    // the input, so never expanded) are structs with the same fields, each pinned or borrowed:
    // `self.project().inner.poll(cx)` reads as `self.inner.poll(cx)`.
    "project",
    "project_ref",
];

impl Calls<'_, '_> {
    /// What a call returns, and whether the callee is an `async fn` (whose declared return
    /// type is what awaiting the call gives).
    pub(super) fn call_returns(
        &self,
        call: &Call,
        callee: &Callee,
        budget: usize,
    ) -> Option<(Ty, bool)> {
        let returned = |defs: &[NodeId]| {
            let [function] = defs else {
                return None;
            };
            let ty = *self.impls.return_type.get(function)?;
            let is_async = self
                .graph
                .nodes
                .get(*function as usize)
                .is_some_and(|n| n.details.flags.iter().any(|f| f == "async"));
            Some((
                Ty::Node {
                    ty,
                    context: *function,
                },
                is_async,
            ))
        };
        match callee {
            Callee::Method {
                receiver: Receiver::ImplSelf,
                ..
            } => match self.callee(call, callee, budget)? {
                (Target::Defs(defs), _) => returned(&defs),
                _ => None,
            },
            Callee::Method { method, receiver } => {
                let (owners, recv) = self.owners(call, receiver, method, budget);
                let keeps = KEEPS_RECEIVER.contains(&&**method);
                // A name shared with std's `clone`, `as_ref`, .. says nothing of the type.
                let by_name = matches!(owners, Owners::Unknown);
                if !(keeps && by_name) {
                    if let Some((Target::Defs(defs), _)) = self.method_target(call, owners, method)
                    {
                        return returned(&defs);
                    }
                }
                let recv = recv?;
                if let Some(ty) = self.std_returns(&recv, method) {
                    return Some((ty, false));
                }
                keeps.then_some((recv, false))
            }
            Callee::Path {
                segments,
                first_arg,
                ..
            } => {
                let resolved = self.callee(call, callee, budget);
                if let Some((Target::Defs(defs), _)) = &resolved {
                    if let Some(returned) = returned(defs) {
                        return Some(returned);
                    }
                }
                let (last, owner) = segments.split_last()?;
                // `Box::new(x)`, `Pin::new(&mut x)`: std's function.
                if !matches!(resolved, Some((Target::Defs(_), _))) {
                    let owner: Vec<&str> = owner.clone().collect();
                    let first_arg = self.type_of(call, first_arg, budget);
                    if let Some(ty) = self.std_function(&owner, last, first_arg) {
                        return Some((ty, false));
                    }
                }
                // A constructor that says no more (`derive(Default)`, an outside trait's).
                if segments.len() > 1 && is_constructor(last) {
                    let owner = self.type_def(call, &PathText::from_segments(owner))?;
                    return Some((Ty::Def(owner), false));
                }
                None
            }
            Callee::Qualified { .. } | Callee::Value { .. } | Callee::Operator { .. } => {
                match self.callee(call, callee, budget)? {
                    (Target::Defs(defs), _) => returned(&defs),
                    _ => None,
                }
            }
        }
    }
}
