//! Writing a rule's transcriber out with the matcher's bindings.
//!
//! The macro's own tokens get the invocation's span (the expansion happened there); bound
//! fragments keep the spans of the input they came from. An `expr` fragment is wrapped in
//! an invisible group, so that `$e * 2` with `$e` = `a + b` stays `(a + b) * 2`.

use super::budget::{Budget, Exceeded};
use super::matcher::{Binding, Bindings};
use super::rules::{FragmentKind, Repeat, Tok, Tpl};
use super::Failure;
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Span, TokenStream, TokenTree};

/// How deeply an expansion's output may nest groups: syn parses it recursively.
pub const MAX_NESTING: usize = 128;

pub fn transcribe(
    body: &[Tpl],
    binds: &Bindings,
    call_site: Span,
    budget: &mut Budget,
) -> Result<TokenStream, Failure> {
    let env: Vec<(&str, &Binding)> = binds.iter().map(|(n, b)| (&**n, b)).collect();
    let mut out = Vec::new();
    let mut writer = Writer { call_site, budget };
    writer.tpls(body, &env, 0, &mut out)?;
    Ok(out.into_iter().collect())
}

struct Writer<'b> {
    call_site: Span,
    budget: &'b mut Budget,
}

impl Writer<'_> {
    fn tpls(
        &mut self,
        body: &[Tpl],
        env: &[(&str, &Binding)],
        nesting: usize,
        out: &mut Vec<TokenTree>,
    ) -> Result<(), Failure> {
        if nesting > MAX_NESTING {
            return Err(Failure::Invalid("the expansion nests too deeply".into()));
        }
        for tpl in body {
            self.budget.step(1)?;
            match tpl {
                Tpl::Tok(tok) => out.push(self.token(tok)?),
                Tpl::Group(delimiter, inner) => {
                    let mut inside = Vec::new();
                    self.tpls(inner, env, nesting + 1, &mut inside)?;
                    self.group(*delimiter, inside, out)?;
                }
                Tpl::Crate => {
                    self.budget.emit(1)?;
                    out.push(Ident::new("crate", self.call_site).into());
                }
                Tpl::Var(name) => match lookup(env, name) {
                    Some(Binding::One(fragment)) => {
                        self.budget.emit(fragment.tokens.len())?;
                        if fragment.kind == FragmentKind::Expr {
                            let stream = fragment.tokens.iter().cloned().collect();
                            out.push(Group::new(Delimiter::None, stream).into());
                        } else {
                            out.extend(fragment.tokens.iter().cloned());
                        }
                    }
                    Some(Binding::Many(_)) => {
                        return Err(Failure::Invalid(format!(
                            "`${name}` is still repeating at this depth"
                        )))
                    }
                    // Not a metavariable: rustc writes it out as it is.
                    None => {
                        out.push(self.token(&Tok::Punct('$', proc_macro2::Spacing::Alone))?);
                        out.push(self.token(&Tok::Ident(name.clone()))?);
                    }
                },
                Tpl::Repeat(rep) => self.repeat(rep, env, nesting, out)?,
            }
        }
        Ok(())
    }

    fn repeat(
        &mut self,
        rep: &Repeat<Tpl>,
        env: &[(&str, &Binding)],
        nesting: usize,
        out: &mut Vec<TokenTree>,
    ) -> Result<(), Failure> {
        let mut names = Vec::new();
        variables(&rep.body, &mut names);
        let mut repeating: Vec<(&str, &[Binding])> = Vec::new();
        for name in names {
            if let Some(Binding::Many(each)) = lookup(env, name) {
                if !repeating.iter().any(|(n, _)| *n == name) {
                    repeating.push((name, each));
                }
            }
        }
        let Some(&(_, first)) = repeating.first() else {
            return Err(Failure::Invalid(
                "a repetition in the transcriber repeats no metavariable".into(),
            ));
        };
        let count = first.len();
        if repeating.iter().any(|(_, each)| each.len() != count) {
            return Err(Failure::Invalid(
                "metavariables repeat different numbers of times".into(),
            ));
        }
        for i in 0..count {
            if i > 0 {
                for tok in &rep.sep {
                    out.push(self.token(tok)?);
                }
            }
            let mut inner = env.to_vec();
            inner.extend(
                repeating
                    .iter()
                    .filter_map(|&(name, each)| Some((name, each.get(i)?))),
            );
            self.tpls(&rep.body, &inner, nesting, out)?;
        }
        Ok(())
    }

    fn group(
        &mut self,
        delimiter: Delimiter,
        inside: Vec<TokenTree>,
        out: &mut Vec<TokenTree>,
    ) -> Result<(), Exceeded> {
        self.budget.emit(1)?;
        let mut group = Group::new(delimiter, inside.into_iter().collect());
        group.set_span(self.call_site);
        out.push(group.into());
        Ok(())
    }

    /// One of the macro's own tokens, at the invocation. Its text came from the lexer
    /// ([`super::rules::owned`]), so it is a valid identifier, punctuation or literal.
    fn token(&mut self, tok: &Tok) -> Result<TokenTree, Failure> {
        self.budget.emit(1)?;
        Ok(match tok {
            Tok::Ident(name) => match name.strip_prefix("r#") {
                Some(raw) => Ident::new_raw(raw, self.call_site).into(),
                None => Ident::new(name, self.call_site).into(),
            },
            Tok::Punct(ch, spacing) => {
                let mut punct = Punct::new(*ch, *spacing);
                punct.set_span(self.call_site);
                punct.into()
            }
            Tok::Lit(text) => {
                let mut lit: Literal = text
                    .parse()
                    .map_err(|_| Failure::Invalid(format!("not a literal: {text}")))?;
                lit.set_span(self.call_site);
                lit.into()
            }
            Tok::Group(delimiter, inner) => {
                // Groups reach here only as a separator, which `rules` refuses; still, write
                // them out rather than fail.
                let mut inside = Vec::new();
                for tok in inner.iter() {
                    inside.push(self.token(tok)?);
                }
                let mut group = Group::new(*delimiter, inside.into_iter().collect());
                group.set_span(self.call_site);
                group.into()
            }
        })
    }
}

fn lookup<'e>(env: &[(&str, &'e Binding)], name: &str) -> Option<&'e Binding> {
    env.iter().rev().find(|(n, _)| *n == name).map(|&(_, b)| b)
}

/// The metavariables a transcriber uses.
fn variables<'t>(body: &'t [Tpl], names: &mut Vec<&'t str>) {
    for tpl in body {
        match tpl {
            Tpl::Var(name) => names.push(name),
            Tpl::Group(_, inner) => variables(inner, names),
            Tpl::Repeat(rep) => variables(&rep.body, names),
            Tpl::Tok(_) | Tpl::Crate => {}
        }
    }
}
