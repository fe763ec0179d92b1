//! A declarative macro expander for the crate's own `macro_rules!`.
//!
//! Definitions are read before the visit, as owned token data ([`defs`]); the visit expands
//! an invocation whose macro they hold on its own thread and visits the output as if it
//! were written at the invocation. The matcher and transcriber follow rustc's rules (and
//! rust-analyzer's `mbe`); fragments are parsed with syn's parsers. Every expansion runs on
//! a [`Budget`], so hostile macros end in a diagnostic.
//!
//! - `rules.rs` — definitions as span-free data: matchers, transcribers.
//! - `matcher.rs` — an invocation's tokens against a matcher, binding fragments.
//! - `transcriber.rs` — the bindings written out through a transcriber.
//! - `budget.rs` — depth, steps and output tokens.
//! - `defs.rs` — the pre-pass that collects definitions, and which one a name means.

pub mod budget;
pub mod defs;
pub mod matcher;
pub mod rules;
pub mod transcriber;

#[cfg(test)]
mod tests;

pub use budget::{Budget, Exceeded};
pub use defs::MacroTable;
pub use rules::MacroRules;

use proc_macro2::{Span, TokenStream, TokenTree};

/// Why an invocation was not expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No rule matches the input.
    NoMatch,
    /// A rule matched but cannot be written out (rustc would report an error).
    Invalid(String),
    /// The budget ran out.
    Exceeded(Exceeded),
}

impl From<Exceeded> for Failure {
    fn from(exceeded: Exceeded) -> Failure {
        Failure::Exceeded(exceeded)
    }
}

/// Expands one invocation of `rules` with `input` (the tokens between its delimiters).
/// The macro's own tokens in the output get `call_site` as their span.
pub fn expand(
    rules: &MacroRules,
    input: TokenStream,
    call_site: Span,
    budget: &mut Budget,
) -> Result<TokenStream, Failure> {
    let input: Vec<TokenTree> = input.into_iter().collect();
    budget.step(input.len())?;
    for rule in &rules.rules {
        if let Some(binds) = matcher::match_rule(&rule.matcher, &input, budget)? {
            return transcriber::transcribe(&rule.body, &binds, call_site, budget);
        }
    }
    Err(Failure::NoMatch)
}
