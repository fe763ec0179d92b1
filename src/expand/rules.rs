//! A `macro_rules!` body as owned, span-free data: the rules' matchers and transcribers.
//! Definitions are read once, before the parallel visit, and shared by every thread, so they
//! hold no proc-macro2 tokens (those are bound to the thread that lexed them).

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// A token without a span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// An identifier or keyword as written, `r#` included.
    Ident(Box<str>),
    Punct(char, Spacing),
    /// A literal's source text.
    Lit(Box<str>),
    Group(Delimiter, Box<[Tok]>),
}

/// Converts a token stream, or `None` when it nests deeper than `depth` groups (the data
/// is walked recursively later, so depth is bounded once, here).
pub fn owned(stream: TokenStream, depth: usize) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    for tree in stream {
        out.push(match tree {
            TokenTree::Ident(ident) => Tok::Ident(ident.to_string().into()),
            TokenTree::Punct(punct) => Tok::Punct(punct.as_char(), punct.spacing()),
            TokenTree::Literal(lit) => Tok::Lit(lit.to_string().into()),
            TokenTree::Group(group) => {
                let inner = owned(group.stream(), depth.checked_sub(1)?)?;
                Tok::Group(group.delimiter(), inner.into())
            }
        });
    }
    Some(out)
}

/// What a fragment specifier accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FragmentKind {
    Item,
    Block,
    Stmt,
    /// `pat`: top-level or-patterns included (edition 2021).
    Pat,
    PatParam,
    /// `expr` and `expr_2021`, which differ only in whether `const {}` and `_` start one.
    Expr,
    Ty,
    Ident,
    Path,
    Tt,
    Meta,
    Lifetime,
    Vis,
    Literal,
}

impl FragmentKind {
    fn named(name: &str) -> Option<FragmentKind> {
        Some(match name {
            "item" => FragmentKind::Item,
            "block" => FragmentKind::Block,
            "stmt" => FragmentKind::Stmt,
            "pat" => FragmentKind::Pat,
            "pat_param" => FragmentKind::PatParam,
            "expr" | "expr_2021" => FragmentKind::Expr,
            "ty" => FragmentKind::Ty,
            "ident" => FragmentKind::Ident,
            "path" => FragmentKind::Path,
            "tt" => FragmentKind::Tt,
            "meta" => FragmentKind::Meta,
            "lifetime" => FragmentKind::Lifetime,
            "vis" => FragmentKind::Vis,
            "literal" => FragmentKind::Literal,
            _ => return None,
        })
    }
}

/// `*`, `+` or `?` after a repetition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepOp {
    ZeroOrMore,
    OneOrMore,
    ZeroOrOne,
}

impl RepOp {
    pub fn allows(self, count: usize) -> bool {
        match self {
            RepOp::ZeroOrMore => true,
            RepOp::OneOrMore => count >= 1,
            RepOp::ZeroOrOne => count <= 1,
        }
    }
}

/// One element of a matcher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pat {
    /// A token that must be there as written (not a group).
    Tok(Tok),
    Group(Delimiter, Vec<Pat>),
    Fragment(Box<str>, FragmentKind),
    Repeat(Repeat<Pat>),
}

/// One element of a transcriber.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tpl {
    Tok(Tok),
    Group(Delimiter, Vec<Tpl>),
    /// `$name`.
    Var(Box<str>),
    /// `$crate`.
    Crate,
    Repeat(Repeat<Tpl>),
}

/// `$( .. ) sep op`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat<T> {
    pub body: Vec<T>,
    /// The separator: one token, or a run of joint punctuation (`=>`).
    pub sep: Vec<Tok>,
    pub op: RepOp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub matcher: Vec<Pat>,
    pub body: Vec<Tpl>,
}

/// A macro's rules, in the order rustc tries them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MacroRules {
    pub rules: Vec<Rule>,
}

impl MacroRules {
    /// Reads `(matcher) => {transcriber};` rules; a rule that is not well formed makes the
    /// whole definition unusable, as it does for rustc.
    pub fn parse(body: &[Tok]) -> Result<MacroRules, String> {
        let mut rules = Vec::new();
        let mut rest = body;
        while let Some((first, after)) = rest.split_first() {
            let Tok::Group(_, matcher) = first else {
                return Err("expected a rule's `(matcher)`".into());
            };
            let after = match after {
                [Tok::Punct('=', Spacing::Joint), Tok::Punct('>', _), after @ ..] => after,
                _ => return Err("expected `=>` after a rule's matcher".into()),
            };
            let Some((Tok::Group(_, body), after)) = after.split_first() else {
                return Err("expected a rule's `{transcriber}`".into());
            };
            rules.push(Rule {
                matcher: matcher_of(matcher)?,
                body: transcriber_of(body),
            });
            rest = match after {
                [Tok::Punct(';', _), after @ ..] => after,
                [] => after,
                _ => return Err("expected `;` after a rule".into()),
            };
        }
        Ok(MacroRules { rules })
    }
}

fn matcher_of(tokens: &[Tok]) -> Result<Vec<Pat>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(tok) = tokens.get(i) {
        i += 1;
        match tok {
            Tok::Punct('$', _) => match tokens.get(i) {
                Some(Tok::Ident(name)) if &**name != "crate" => {
                    let Some(Tok::Punct(':', _)) = tokens.get(i + 1) else {
                        return Err(format!("`${name}` in a matcher needs a fragment specifier"));
                    };
                    let Some(Tok::Ident(kind)) = tokens.get(i + 2) else {
                        return Err(format!("`${name}:` needs a fragment specifier"));
                    };
                    let kind = FragmentKind::named(kind)
                        .ok_or_else(|| format!("unknown fragment specifier `{kind}`"))?;
                    out.push(Pat::Fragment(name.clone(), kind));
                    i += 3;
                }
                Some(Tok::Group(Delimiter::Parenthesis, body)) => {
                    let (sep, op, used) = repetition_tail(&tokens[i + 1..])?;
                    out.push(Pat::Repeat(Repeat {
                        body: matcher_of(body)?,
                        sep,
                        op,
                    }));
                    i += 1 + used;
                }
                _ => out.push(Pat::Tok(tok.clone())),
            },
            Tok::Group(delimiter, inner) => out.push(Pat::Group(*delimiter, matcher_of(inner)?)),
            _ => out.push(Pat::Tok(tok.clone())),
        }
    }
    Ok(out)
}

fn transcriber_of(tokens: &[Tok]) -> Vec<Tpl> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(tok) = tokens.get(i) {
        i += 1;
        match tok {
            Tok::Punct('$', _) => match tokens.get(i) {
                Some(Tok::Ident(name)) => {
                    out.push(if &**name == "crate" {
                        Tpl::Crate
                    } else {
                        Tpl::Var(name.clone())
                    });
                    i += 1;
                }
                Some(Tok::Group(Delimiter::Parenthesis, body)) => {
                    match repetition_tail(&tokens[i + 1..]) {
                        Ok((sep, op, used)) => {
                            out.push(Tpl::Repeat(Repeat {
                                body: transcriber_of(body),
                                sep,
                                op,
                            }));
                            i += 1 + used;
                        }
                        // `$(..)` with no operator: rustc rejects it when it is used; a
                        // definition that never expands it stays usable.
                        Err(_) => out.push(Tpl::Tok(tok.clone())),
                    }
                }
                _ => out.push(Tpl::Tok(tok.clone())),
            },
            Tok::Group(delimiter, inner) => {
                out.push(Tpl::Group(*delimiter, transcriber_of(inner)));
            }
            _ => out.push(Tpl::Tok(tok.clone())),
        }
    }
    out
}

/// After `$( .. )`: an optional separator, then the operator. Returns them and how many
/// tokens they took.
fn repetition_tail(tokens: &[Tok]) -> Result<(Vec<Tok>, RepOp, usize), String> {
    let op_of = |tok: Option<&Tok>| match tok {
        Some(Tok::Punct('*', _)) => Some(RepOp::ZeroOrMore),
        Some(Tok::Punct('+', _)) => Some(RepOp::OneOrMore),
        Some(Tok::Punct('?', _)) => Some(RepOp::ZeroOrOne),
        _ => None,
    };
    if let Some(op) = op_of(tokens.first()) {
        return Ok((Vec::new(), op, 1));
    }
    // A separator is one token; punctuation written joined (`=>`, `::`) is one token too,
    // but a joint `,` before `*` is a separator and its operator.
    for used in 1..=3 {
        let Some(sep) = tokens.get(..used) else { break };
        let well_formed = sep.iter().enumerate().all(|(k, tok)| match tok {
            Tok::Group(..) | Tok::Punct('$', _) => false,
            Tok::Punct(_, spacing) => k + 1 == used || *spacing == Spacing::Joint,
            _ => used == 1,
        });
        if !well_formed {
            break;
        }
        if let Some(op) = op_of(tokens.get(used)) {
            return Ok((sep.to_vec(), op, used + 1));
        }
    }
    Err("expected `*`, `+` or `?` after a repetition".into())
}
