//! Matching an invocation's tokens against a rule's matcher, binding its fragments.
//!
//! Repetitions are greedy and give iterations back when the rest of the matcher fails
//! after them (rustc runs all alternatives at once and rejects ambiguous ones; the macros
//! it accepts match the same way here). A fragment is parsed by syn's own parser for its
//! kind, which reports how many tokens it took.

use super::budget::{Budget, Exceeded};
use super::rules::{FragmentKind, Pat, Repeat, Tok};
use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};

/// A bound fragment: the input tokens it took.
#[derive(Clone, Debug)]
pub struct Fragment {
    pub kind: FragmentKind,
    pub tokens: Vec<TokenTree>,
}

/// What a metavariable is bound to: one fragment, or one binding per repetition.
#[derive(Clone, Debug)]
pub enum Binding {
    One(Fragment),
    Many(Vec<Binding>),
}

/// Metavariables by name, in the order they were bound.
pub type Bindings = Vec<(Box<str>, Binding)>;

/// The bindings of `matcher` on the whole of `input`, or `None` when it does not match.
pub fn match_rule(
    matcher: &[Pat],
    input: &[TokenTree],
    budget: &mut Budget,
) -> Result<Option<Bindings>, Exceeded> {
    let mut binds = Vec::new();
    Ok(seq(matcher, input, 0, true, &mut binds, budget)?.map(|_| binds))
}

/// Matches `pats` from `pos`; with `must_end`, they must take the rest of `input`. Returns
/// where the match ended; on failure `binds` is as it was.
fn seq(
    pats: &[Pat],
    input: &[TokenTree],
    pos: usize,
    must_end: bool,
    binds: &mut Bindings,
    budget: &mut Budget,
) -> Result<Option<usize>, Exceeded> {
    let Some((first, rest)) = pats.split_first() else {
        return Ok((!must_end || pos == input.len()).then_some(pos));
    };
    budget.step(1)?;
    let mark = binds.len();
    let here = input.get(pos..).unwrap_or_default();
    let next = match first {
        Pat::Tok(tok) => here
            .first()
            .filter(|&tree| same(tok, tree))
            .map(|_| pos + 1),
        Pat::Group(delimiter, inner) => match here.first() {
            Some(TokenTree::Group(group)) if group.delimiter() == *delimiter => {
                let inside: Vec<TokenTree> = group.stream().into_iter().collect();
                budget.step(inside.len())?;
                seq(inner, &inside, 0, true, binds, budget)?.map(|_| pos + 1)
            }
            _ => None,
        },
        Pat::Fragment(name, kind) => fragment(*kind, here, budget)?.map(|taken| {
            binds.push((
                name.clone(),
                Binding::One(Fragment {
                    kind: *kind,
                    tokens: here[..taken].to_vec(),
                }),
            ));
            pos + taken
        }),
        Pat::Repeat(rep) => return repeat(rep, rest, input, pos, must_end, binds, budget),
    };
    let found = match next {
        Some(next) => seq(rest, input, next, must_end, binds, budget)?,
        None => None,
    };
    if found.is_none() {
        binds.truncate(mark);
    }
    Ok(found)
}

/// Matches a repetition and then `rest`: as many iterations as match, then fewer while
/// `rest` fails after them.
fn repeat(
    rep: &Repeat<Pat>,
    rest: &[Pat],
    input: &[TokenTree],
    pos: usize,
    must_end: bool,
    binds: &mut Bindings,
    budget: &mut Budget,
) -> Result<Option<usize>, Exceeded> {
    let mut iterations: Vec<(usize, Bindings)> = Vec::new();
    let mut at = pos;
    loop {
        if rep.op == super::rules::RepOp::ZeroOrOne && !iterations.is_empty() {
            break;
        }
        let mut start = at;
        if !iterations.is_empty() && !rep.sep.is_empty() {
            let here = input.get(at..).unwrap_or_default();
            let sep_matches = here.len() >= rep.sep.len()
                && rep.sep.iter().zip(here).all(|(tok, tree)| same(tok, tree));
            if !sep_matches {
                break;
            }
            start += rep.sep.len();
        }
        let mut inner = Vec::new();
        match seq(&rep.body, input, start, false, &mut inner, budget)? {
            // An iteration that takes nothing would repeat forever.
            Some(end) if end > at => {
                iterations.push((end, inner));
                at = end;
            }
            _ => break,
        }
    }
    let mut names = Vec::new();
    variables(&rep.body, &mut names);
    for count in (0..=iterations.len()).rev() {
        if !rep.op.allows(count) {
            continue;
        }
        budget.step(1)?;
        let end = count
            .checked_sub(1)
            .and_then(|last| iterations.get(last))
            .map_or(pos, |(end, _)| *end);
        let mark = binds.len();
        for name in &names {
            let each = iterations[..count]
                .iter()
                .map(|(_, bound)| {
                    bound
                        .iter()
                        .find(|(n, _)| n == name)
                        .map_or(Binding::Many(Vec::new()), |(_, b)| b.clone())
                })
                .collect();
            binds.push((name.clone(), Binding::Many(each)));
        }
        if let Some(found) = seq(rest, input, end, must_end, binds, budget)? {
            return Ok(Some(found));
        }
        binds.truncate(mark);
    }
    Ok(None)
}

/// The metavariables a matcher binds.
fn variables(pats: &[Pat], names: &mut Vec<Box<str>>) {
    for pat in pats {
        match pat {
            Pat::Fragment(name, _) => names.push(name.clone()),
            Pat::Group(_, inner) => variables(inner, names),
            Pat::Repeat(rep) => variables(&rep.body, names),
            Pat::Tok(_) => {}
        }
    }
}

/// Whether an input token is the token a matcher writes (spacing aside: `=>` is written
/// joint either way, and a matcher's last punctuation may be joint with what follows it).
fn same(tok: &Tok, tree: &TokenTree) -> bool {
    match (tok, tree) {
        (Tok::Ident(name), TokenTree::Ident(ident)) => ident == &**name,
        (Tok::Punct(ch, _), TokenTree::Punct(punct)) => punct.as_char() == *ch,
        (Tok::Lit(text), TokenTree::Literal(lit)) => lit.to_string() == **text,
        _ => false,
    }
}

/// How many tokens at the start of `input` a fragment of `kind` takes, if it matches.
fn fragment(
    kind: FragmentKind,
    input: &[TokenTree],
    budget: &mut Budget,
) -> Result<Option<usize>, Exceeded> {
    let quote = |i: usize| matches!(input.get(i), Some(TokenTree::Punct(p)) if p.as_char() == '\'' && p.spacing() == Spacing::Joint);
    let ident = |i: usize| matches!(input.get(i), Some(TokenTree::Ident(_)));
    Ok(match kind {
        FragmentKind::Tt if quote(0) && ident(1) => Some(2),
        FragmentKind::Tt => (!input.is_empty()).then_some(1),
        FragmentKind::Lifetime => (quote(0) && ident(1)).then_some(2),
        FragmentKind::Ident => match input.first() {
            Some(TokenTree::Ident(ident)) if ident != "_" => Some(1),
            _ => None,
        },
        FragmentKind::Literal => match input {
            [TokenTree::Literal(_), ..] => Some(1),
            [TokenTree::Punct(minus), TokenTree::Literal(_), ..] if minus.as_char() == '-' => {
                Some(2)
            }
            _ => None,
        },
        FragmentKind::Vis => parsed(input, budget, |s| s.parse::<syn::Visibility>().map(drop))?,
        FragmentKind::Item => parsed(input, budget, |s| s.parse::<syn::Item>().map(drop))?,
        FragmentKind::Block => parsed(input, budget, |s| s.parse::<syn::Block>().map(drop))?,
        FragmentKind::Pat => parsed(input, budget, |s| {
            syn::Pat::parse_multi_with_leading_vert(s).map(drop)
        })?,
        FragmentKind::PatParam => parsed(input, budget, |s| syn::Pat::parse_single(s).map(drop))?,
        FragmentKind::Expr => {
            parsed_to_follow(input, budget, |s| s.parse::<syn::Expr>().map(drop))?
        }
        FragmentKind::Ty => parsed(input, budget, |s| s.parse::<syn::Type>().map(drop))?,
        FragmentKind::Path => parsed(input, budget, |s| s.parse::<syn::Path>().map(drop))?,
        FragmentKind::Meta => parsed(input, budget, |s| s.parse::<syn::Meta>().map(drop))?,
        FragmentKind::Stmt => statement(input, budget)?,
    }
    .filter(|&taken| taken <= input.len() && (taken > 0 || kind == FragmentKind::Vis)))
}

/// How many tokens `parse` takes from the start of `input`.
fn parsed(
    input: &[TokenTree],
    budget: &mut Budget,
    parse: fn(ParseStream) -> syn::Result<()>,
) -> Result<Option<usize>, Exceeded> {
    budget.step(input.len())?;
    let stream: TokenStream = input.iter().cloned().collect();
    Ok(taken(stream, parse).map(|left| input.len().saturating_sub(left)))
}

/// What `parse` leaves of `stream`, in token trees; `None` when it fails.
fn taken(stream: TokenStream, parse: fn(ParseStream) -> syn::Result<()>) -> Option<usize> {
    let counted = move |stream: ParseStream| -> syn::Result<usize> {
        parse(stream)?;
        stream.step(|cursor| {
            let mut rest = *cursor;
            let mut left = 0usize;
            while let Some((_, next)) = rest.token_tree() {
                left += 1;
                rest = next;
            }
            Ok((left, rest))
        })
    };
    counted.parse2(stream).ok()
}

/// How many tokens an `expr` or `stmt` fragment takes: first tried on the input up to its
/// first top-level `,`, `;` or `=>` (the only tokens rustc lets follow these fragments, and
/// none of them continues a complete expression), so that a repetition of `n` fragments
/// parses `n` short streams instead of `n` suffixes of the input; the whole input when the
/// prefix is not exactly one fragment (a closure `|a, b| ..`, a turbofish `f::<A, B>()`).
fn parsed_to_follow(
    input: &[TokenTree],
    budget: &mut Budget,
    parse: fn(ParseStream) -> syn::Result<()>,
) -> Result<Option<usize>, Exceeded> {
    let follow = (0..input.len()).find(|&i| match &input[i] {
        TokenTree::Punct(p) => match p.as_char() {
            ',' | ';' => true,
            '=' => {
                p.spacing() == Spacing::Joint
                    && matches!(input.get(i + 1), Some(TokenTree::Punct(gt)) if gt.as_char() == '>')
            }
            _ => false,
        },
        _ => false,
    });
    if let Some(cut) = follow.filter(|&cut| cut > 0) {
        if parsed(&input[..cut], budget, parse)? == Some(cut) {
            return Ok(Some(cut));
        }
    }
    parsed(input, budget, parse)
}

/// A statement without its `;`, which rustc's `stmt` leaves out: parsed with a `;` after the
/// input, so that a `let` at the end of the input parses too.
fn statement(input: &[TokenTree], budget: &mut Budget) -> Result<Option<usize>, Exceeded> {
    budget.step(input.len())?;
    let semi = TokenTree::Punct(proc_macro2::Punct::new(';', Spacing::Alone));
    let stream: TokenStream = input.iter().cloned().chain([semi]).collect();
    let Some(left) = taken(stream, |s| s.parse::<syn::Stmt>().map(drop)) else {
        return Ok(None);
    };
    let mut taken = (input.len() + 1).saturating_sub(left).min(input.len());
    if taken > 1 && matches!(&input[taken - 1], TokenTree::Punct(p) if p.as_char() == ';') {
        taken -= 1;
    }
    Ok(Some(taken))
}
