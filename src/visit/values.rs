//! Functions named as values, not called: `.map(parse_item)`, `let f = Self::helper;`,
//! `apply(parse_item, x)`. Each path that could name a function is recorded as a
//! `value` call of it; resolve keeps only what resolves to a function or method
//! of the input. A tuple struct or variant used as a constructor (`.map(Wrap)`,
//! `.map(Some)`) is no function in the graph and gets no edge.

use super::bodies::BodyVisitor;
use super::types::segments;
use crate::state::raw::Callee;

impl BodyVisitor<'_, '_> {
    pub(super) fn value(&self, node: &syn::ExprPath) {
        // `<T as Trait>::m` named as a value is rare; its call form is resolved elsewhere.
        if node.qself.is_some() {
            return;
        }
        let path = &node.path;
        let Some(last) = path.segments.last() else {
            return;
        };
        // Constants, statics, unit structs and variants are capitalized, and are no
        // functions; a local (bound by any pattern or parameter) or a generic
        // parameter shadows a function of its name.
        let name = last.ident.to_string();
        if name.starts_with(|c: char| c.is_uppercase()) || name == "self" {
            return;
        }
        if path.segments.len() == 1
            && path.leading_colon.is_none()
            && (self.locals.contains_key(&name) || self.scope.is_generic(&name))
        {
            return;
        }
        self.call(Callee::Value {
            segments: segments(path),
            global: path.leading_colon.is_some(),
        });
    }
}
