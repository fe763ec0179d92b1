//! Local type inference for bodies: what the names a pattern binds are, given what the value
//! it matches is. `let`, `if let`, `while let`, `match` arms, `for` loops and closure
//! parameters all bind through [`BodyVisitor::bind`]; the receiver each name gets is the
//! scrutinee's, taken apart as the pattern takes the value apart (`Some(x)` unwraps, `&x`
//! sees through the reference, `Point { x, .. }` reads the field, `S(a, b)` the tuple
//! fields), and resolve reads it against the crate's signatures.

use super::bodies::{receiver_type, BodyVisitor};
use super::types::segments;
use crate::state::raw::Receiver;

/// The locals a pattern bound, each with what it hid, so that a scope can put them back.
pub(super) type Shadowed = Vec<(String, Option<Receiver>)>;

impl BodyVisitor<'_, '_> {
    /// Binds the names of `pat` to what they are when the pattern matches a value that
    /// `value` describes; names whose type cannot be told are bound as `Unknown` (they
    /// shadow an outer local, and a function, of the same name). Returns what was shadowed.
    pub(super) fn bind(&mut self, pat: &syn::Pat, value: Receiver) -> Shadowed {
        let mut shadowed = Vec::new();
        self.bind_into(pat, value, &mut shadowed, MAX_PATTERN_DEPTH);
        shadowed
    }

    /// Puts back what a scope's bindings hid.
    pub(super) fn unbind(&mut self, shadowed: Shadowed) {
        for (name, old) in shadowed.into_iter().rev() {
            match old {
                Some(old) => self.locals.insert(name, old),
                None => self.locals.remove(&name),
            };
        }
    }

    fn bind_into(&mut self, pat: &syn::Pat, value: Receiver, out: &mut Shadowed, depth: u32) {
        let Some(depth) = depth.checked_sub(1) else {
            return;
        };
        match pat {
            syn::Pat::Ident(ident) => {
                let name = ident.ident.to_string();
                let old = self.locals.insert(name.clone(), value);
                out.push((name, old));
                if let Some((_, sub)) = &ident.subpat {
                    // `x @ Some(y)`: the sub-pattern takes the same value apart.
                    let value = self.locals.get(&ident.ident.to_string()).cloned();
                    self.bind_into(sub, value.unwrap_or(Receiver::Unknown), out, depth);
                }
            }
            syn::Pat::Type(typed) => {
                let declared = receiver_type(&typed.ty, self.scope);
                let value = match declared {
                    Receiver::Unknown => value,
                    declared => declared,
                };
                self.bind_into(&typed.pat, value, out, depth);
            }
            // Matching through a reference or parentheses binds the same value.
            syn::Pat::Reference(r) => self.bind_into(&r.pat, value, out, depth),
            syn::Pat::Paren(p) => self.bind_into(&p.pat, value, out, depth),
            // Every alternative binds the same names to the same types: the first tells.
            syn::Pat::Or(or) => {
                let mut cases = or.cases.iter();
                if let Some(first) = cases.next() {
                    self.bind_into(first, value, out, depth);
                }
            }
            syn::Pat::TupleStruct(t) => {
                let path = segments(&t.path);
                let last = path.split_last().map(|(last, _)| last);
                for (index, elem) in t.elems.iter().enumerate() {
                    let elem_value = match (last, index) {
                        // `Some(x)`, `Ok(x)` (and `Poll::Ready(x)`): the payload.
                        (Some("Some" | "Ok" | "Ready"), 0) if t.elems.len() == 1 => {
                            unwrapped(value.clone())
                        }
                        (Some("Err"), 0) if t.elems.len() == 1 => match &value {
                            Receiver::Unknown => Receiver::Unknown,
                            known => Receiver::Failed(Box::new(known.clone())),
                        },
                        // A tuple struct's fields are named by position; an enum
                        // variant's payload is not a field of the enum.
                        _ => match self.constructed(&path) {
                            Some(own) => Receiver::Field(
                                Box::new(Receiver::Type(own)),
                                index.to_string().into(),
                            ),
                            None => Receiver::Unknown,
                        },
                    };
                    self.bind_into(elem, elem_value, out, depth);
                }
            }
            syn::Pat::Struct(s) => {
                let own = self.constructed(&segments(&s.path));
                for field in &s.fields {
                    let field_value = match (&own, &field.member) {
                        (Some(own), syn::Member::Named(name)) => Receiver::Field(
                            Box::new(Receiver::Type(own.clone())),
                            name.to_string().into(),
                        ),
                        (Some(own), syn::Member::Unnamed(index)) => Receiver::Field(
                            Box::new(Receiver::Type(own.clone())),
                            index.index.to_string().into(),
                        ),
                        (None, _) => Receiver::Unknown,
                    };
                    self.bind_into(&field.pat, field_value, out, depth);
                }
            }
            // `(a, b)`: a tuple's fields are named by position, as `pair.0` reads them.
            syn::Pat::Tuple(t) => {
                for (index, elem) in t.elems.iter().enumerate() {
                    let elem_value = match &value {
                        Receiver::Unknown => Receiver::Unknown,
                        known => Receiver::Field(Box::new(known.clone()), index.to_string().into()),
                    };
                    self.bind_into(elem, elem_value, out, depth);
                }
            }
            syn::Pat::Slice(s) => {
                let element = match value {
                    Receiver::Unknown => Receiver::Unknown,
                    known => Receiver::Element(Box::new(known)),
                };
                for elem in &s.elems {
                    self.bind_into(elem, element.clone(), out, depth);
                }
            }
            _ => {}
        }
    }

    /// The struct a pattern's path names, when it names one by a type-like last segment
    /// (`Point`, `Self`, `geo::Point`); an enum variant (`Shape::Circle`) is not a struct.
    fn constructed(
        &self,
        path: &crate::state::path_text::PathText,
    ) -> Option<crate::state::path_text::PathText> {
        let (last, owner) = path.split_last()?;
        let is_type_name = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
        if !is_type_name(last) || owner.clone().last().is_some_and(is_type_name) {
            return None;
        }
        match path.single() {
            Some("Self") => self.scope.impl_self.clone(),
            _ => Some(path.clone()),
        }
    }
}

fn unwrapped(value: Receiver) -> Receiver {
    match value {
        Receiver::Unknown => Receiver::Unknown,
        known => Receiver::Unwrapped(Box::new(known)),
    }
}

/// How deep a pattern is taken apart; patterns come from input.
const MAX_PATTERN_DEPTH: u32 = 16;
