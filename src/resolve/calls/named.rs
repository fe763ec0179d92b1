//! Values named by a path, as receivers and operands: `MAX.count_ones()`,
//! `f16::ONE + x`, `Self::EMPTY.len()`, `REGISTRY.lock()`, `Unit.run()`,
//! `Color::Red.name()`.

use super::{Calls, Ty};
use crate::freeze::Call;
use crate::model::{NodeId, NodeKind};
use crate::resolve::Target;
use crate::state::path_text::PathText;

impl Calls<'_, '_> {
    /// The type of the constant, static, unit struct or variant a path names.
    pub(super) fn named_value(&self, call: &Call, path: &PathText) -> Option<Ty> {
        let found = match self.scopes.resolve_path(call.scope, path.segments(), false) {
            Some(Target::Defs(defs)) => defs.into_iter().find(|&d| {
                matches!(
                    self.scopes.kind(d),
                    NodeKind::Const | NodeKind::Static | NodeKind::Struct | NodeKind::Variant
                )
            }),
            _ => None,
        };
        let found = found.or_else(|| self.associated_const(call, path))?;
        match self.scopes.kind(found) {
            NodeKind::Struct => Some(Ty::Def(found)),
            NodeKind::Variant => self.scopes.parent(found).map(Ty::Def),
            _ => {
                let ty = *self.impls.value_type.get(&found)?;
                Some(Ty::Node { ty, context: found })
            }
        }
    }

    /// `Type::CONST`, `Self::CONST`: a constant of one of the type's impls.
    fn associated_const(&self, call: &Call, path: &PathText) -> Option<NodeId> {
        let (name, owner) = path.split_last()?;
        let owner = PathText::from_segments(owner);
        if owner.is_empty() {
            return None;
        }
        let owner = self.type_def(call, &owner)?;
        self.impls.impls_of.get(&owner)?.iter().find_map(|&imp| {
            self.scopes
                .members_named(imp, name)
                .iter()
                .map(|&(_, id)| id)
                .find(|&id| self.scopes.kind(id) == NodeKind::Const)
        })
    }
}
