//! The input's own `macro_rules!`, expanded at their invocations (see [`crate::expand`]):
//! the output is parsed for the invocation's position and visited as if written there.
//! What it adds carries the invocation's span, the flag `expanded` and the macro's name.

use super::ItemVisitor;
use crate::expand::defs::MacroPath;
use crate::expand::{Budget, Failure};
use crate::model::{Severity, Span, Text};
use crate::resolve::prelude::STD_MACROS;
use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream, Parser};
use syn::spanned::Spanned;

/// The flag of nodes a crate macro wrote.
pub const EXPANDED_FLAG: &str = "expanded";

impl ItemVisitor<'_> {
    /// Expands `mac` if it invokes one of the input's own macros, and hands the output to
    /// `visit`, which parses and visits it and says whether it parsed. True when the
    /// invocation is dealt with: expanded and visited, or stopped by the budget (with a
    /// diagnostic); false leaves it to the treatment of other macros.
    pub(super) fn expand_with(
        &self,
        mac: &syn::Macro,
        visit: impl FnOnce(TokenStream) -> bool,
    ) -> bool {
        if self.state.macros.is_empty() {
            return false;
        }
        let Some(path) = macro_path(&mac.path) else {
            return false;
        };
        let Some(name) = mac.path.segments.last().map(|s| s.ident.to_string()) else {
            return false;
        };
        if STD_MACROS.contains(&name.as_str()) {
            return false;
        }
        let close = super::macros::delimiter_close(&mac.delimiter);
        let call_site = mac
            .path
            .span()
            .join(close)
            .unwrap_or_else(|| mac.path.span());
        let at = self.chunk + self.offsets.range(call_site).start;
        let Some(rules) = self
            .state
            .macros
            .lookup(&name, path, self.file, at)
            .and_then(|def| def.rules.clone())
        else {
            return false;
        };
        let top = self.expansion.borrow().is_none();
        let expanded = {
            let mut slot = self.expansion.borrow_mut();
            let budget = slot.get_or_insert_with(Budget::default);
            match budget.enter() {
                Ok(()) => {
                    let out = crate::expand::expand(&rules, mac.tokens.clone(), call_site, budget);
                    if out.is_err() {
                        budget.leave();
                    }
                    out
                }
                Err(exceeded) => Err(Failure::Exceeded(exceeded)),
            }
        };
        let tokens = match expanded {
            Ok(tokens) => tokens,
            Err(failure) => {
                if top {
                    *self.expansion.borrow_mut() = None;
                }
                let Failure::Exceeded(exceeded) = failure else {
                    return false;
                };
                let start = self.base.map(call_site.start());
                let message = exceeded.message(&name);
                self.state
                    .diagnostics
                    .report(self.file, start, Severity::Warning, message);
                return true;
            }
        };
        let before = self.out.borrow().nodes.len();
        let parsed = visit(tokens);
        {
            let mut slot = self.expansion.borrow_mut();
            if top {
                *slot = None;
            } else if let Some(budget) = slot.as_mut() {
                budget.leave();
            }
        }
        let span = Span {
            start: self.base.map(call_site.start()),
            end: self.base.map(call_site.end()),
        };
        for (_, node) in self.out.borrow_mut().nodes.iter_mut().skip(before) {
            node.span = Some(span);
            if !node.details.flags.iter().any(|f| f == EXPANDED_FLAG) {
                node.details.flags.push(EXPANDED_FLAG.into());
            }
            if node.details.text(Text::ExpandedFrom).is_none() {
                node.details.set_text(Text::ExpandedFrom, Some(&name));
            }
        }
        parsed
    }
}

/// How a macro path can name one of the input's macros: `m!`, or `crate::m!` (which
/// `$crate::m!` becomes).
fn macro_path(path: &syn::Path) -> Option<MacroPath> {
    let mut segments = path.segments.iter().map(|s| s.ident.to_string());
    match (
        path.leading_colon,
        segments.next(),
        segments.next(),
        segments.next(),
    ) {
        (None, Some(_), None, None) => Some(MacroPath::Bare),
        (None, Some(first), Some(_), None) if first == "crate" => Some(MacroPath::CrateRoot),
        _ => None,
    }
}

/// Items of one kind up to the end of the input: an expansion's output in an `impl` or a
/// trait.
pub(super) struct Many<T>(pub(super) Vec<T>);

impl<T: Parse> Parse for Many<T> {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut items = Vec::new();
        while !input.is_empty() {
            items.push(input.parse()?);
        }
        Ok(Many(items))
    }
}

/// Parses `tokens` as `T`.
pub(super) fn parse<T: Parse>(tokens: TokenStream) -> Option<T> {
    T::parse.parse2(tokens).ok()
}
