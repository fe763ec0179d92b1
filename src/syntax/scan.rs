//! Recovery's scanners: what `recover` learns from an item's tokens before, or instead of,
//! asking syn. Each is one pass of the lexer over one item's text, linear and panic-free on any
//! input (the `split` fuzz target drives them all):
//!
//! - [`item_body`]: where the item's `{ .. }` is and what it holds, so that a broken body can
//!   be blanked and the signature kept;
//! - [`resync_points`]: where a broken item of a block may be cut, so that it swallows none of
//!   its siblings;
//! - [`nesting`]: how deep syn will recurse on the item, and which groups to empty to stay
//!   within the limit; `Depth` is the same count fed token by token, which the splitter makes
//!   along its scan so that a valid chunk needs no scan of its own;
//! - [`nightly_keywords`]: the nightly-only keywords to blank so that syn parses the rest.

use super::lexer::{opener_for, Kind, Lexer, Token};
use super::split::{looks_like_item, Item};

/// The body of a single item: where its `{ ... }` is and what the item holds there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Body {
    pub kind: BodyKind,
    /// Byte offsets of the body's `{` and of its matching `}` (the end of the text when it
    /// never closes).
    pub open: usize,
    pub close: usize,
}

/// What an item's body holds, which decides how much of a broken item can be kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// Statements: a function keeps its signature without them.
    Function,
    /// Items: `impl`, `trait`, `mod` and `extern` blocks keep the items that parse.
    Impl,
    Trait,
    Module,
    ExternBlock,
    /// Anything else (`struct`, `enum`, a macro call...): all or nothing.
    Other,
}

/// Finds the body of the item that `text` holds (one chunk, or one item of a body), using the
/// same leading-keyword rules as [`split`](super::split::split). The first of `fn`, `impl`, `trait`, `mod` or
/// another item keyword decides the kind: `impl Trait for fn() {}` is an impl, `fn f() -> impl
/// Trait {}` a function.
pub fn item_body(text: &str) -> Option<Body> {
    let mut item = Item::new(0);
    let mut kind = None;
    let mut extern_seen = false;
    let mut lexer = Lexer::new(text, 0);
    while let Some(tok) = lexer.next() {
        match tok.kind {
            Kind::Comment | Kind::Doc { .. } => continue,
            Kind::Word if kind.is_none() => {
                kind = match &text[tok.start..tok.end] {
                    "fn" => Some(BodyKind::Function),
                    "impl" => Some(BodyKind::Impl),
                    "trait" => Some(BodyKind::Trait),
                    "mod" => Some(BodyKind::Module),
                    "extern" => {
                        extern_seen = true;
                        None
                    }
                    "struct" | "enum" | "union" | "macro_rules" | "static" | "type" | "use"
                    | "let" => Some(BodyKind::Other),
                    _ => None,
                };
            }
            Kind::Open(b'{') if item.opens_body() => {
                let kind = kind.unwrap_or(if extern_seen {
                    BodyKind::ExternBlock
                } else {
                    BodyKind::Other
                });
                let close = matching_close(&mut lexer, b'{').unwrap_or(text.len());
                return Some(Body {
                    kind,
                    open: tok.start,
                    close,
                });
            }
            Kind::Open(opener) => {
                // Attributes, parameters, tuple fields: skipped whole.
                item.classify(tok.kind, &text[tok.start..tok.end]);
                matching_close(&mut lexer, opener);
                item.arg_slot = false;
                continue;
            }
            Kind::Punct(b';') => return None,
            _ => {}
        }
        item.classify(tok.kind, &text[tok.start..tok.end]);
        item.follow_generics(tok.kind);
    }
    None
}

/// Advances `lexer` past the closer of the group that `opener` just opened; returns the
/// closer's offset. Mismatched closers are taken the way the splitter takes them: one that an
/// open group matches closes it (and the groups inside it), any other is ignored.
fn matching_close(lexer: &mut Lexer<'_>, opener: u8) -> Option<usize> {
    let mut open = vec![opener];
    for tok in lexer.by_ref() {
        match tok.kind {
            Kind::Open(b) => open.push(b),
            Kind::Close(closer) => {
                let opener = opener_for(closer);
                if let Some(at) = open.iter().rposition(|&o| o == opener) {
                    open.truncate(at);
                    if open.is_empty() {
                        return Some(tok.start);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Where recovery may cut a broken item of a block: one that does not lex, or that swallowed
/// its siblings because the block around it never closed. At every later item-like token that
/// either starts a line at or left of the item's own column `indent` (in bytes), or follows a
/// `}` or `;` inside a `(` or `[` that no `{` encloses (`fn f( { } fn g() {}`, where items
/// cannot be). Increasing offsets into `text`, none on its first line.
pub fn resync_points(text: &str, indent: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut points = Vec::new();
    let mut open = Vec::new();
    let mut previous_end = 0;
    let mut after_end = false;
    for tok in Lexer::new(text, 0) {
        let line_start = text[previous_end..tok.start]
            .rfind('\n')
            .map(|at| previous_end + at + 1);
        let dedented = line_start.is_some_and(|line| tok.start - line <= indent);
        let in_parens = after_end && !open.is_empty() && !open.contains(&b'{');
        if (dedented || in_parens) && looks_like_item(&bytes[tok.start..]) {
            points.push(tok.start);
        }
        previous_end = tok.end;
        match tok.kind {
            Kind::Comment => continue,
            Kind::Open(opener) => open.push(opener),
            Kind::Close(closer) => {
                let opener = opener_for(closer);
                if let Some(at) = open.iter().rposition(|&o| o == opener) {
                    open.truncate(at);
                }
            }
            _ => {}
        }
        after_end = matches!(tok.kind, Kind::Close(b'}') | Kind::Punct(b';'));
    }
    points
}

/// The keywords that nightly-only syntax adds to syntax that syn knows, which can be dropped
/// without changing the item's shape: `const` in `const trait`, `const unsafe trait`,
/// `const impl`, `impl const Trait` and `impl<T> const Trait`, and the bound modifiers
/// `~const` and `[const]`.
pub fn nightly_keywords(text: &str) -> Vec<std::ops::Range<usize>> {
    let tokens: Vec<Token> = Lexer::new(text, 0)
        .filter(|t| !matches!(t.kind, Kind::Comment | Kind::Doc { .. }))
        .collect();
    let word = |i: usize| tokens.get(i).map_or("", |t| &text[t.start..t.end]);
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(tok) = tokens.get(i) {
        match word(i) {
            "const" if matches!(word(i + 1), "trait" | "impl") => found.push(tok.start..tok.end),
            "const" if word(i + 1) == "unsafe" && word(i + 2) == "trait" => {
                found.push(tok.start..tok.end)
            }
            "impl" => {
                // Past the impl's generics, if any.
                let mut next = i + 1;
                if word(next) == "<" {
                    let mut angle = 0usize;
                    while let Some(t) = tokens.get(next) {
                        match t.kind {
                            Kind::Punct(b'<') => angle += 1,
                            Kind::Punct(b'>') => angle = angle.saturating_sub(1),
                            _ => {}
                        }
                        next += 1;
                        if angle == 0 {
                            break;
                        }
                    }
                }
                if word(next) == "const" {
                    found.push(tokens[next].start..tokens[next].end);
                }
            }
            "~" if word(i + 1) == "const" => found.push(tok.start..tokens[i + 1].end),
            "[" if word(i + 1) == "const" && word(i + 2) == "]" => {
                found.push(tok.start..tokens[i + 2].end)
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// What [`nesting`] found: how to keep an item's syntax tree within the depth limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Nesting {
    Within,
    /// Emptying these groups (byte ranges of their insides) brings the item within the limit.
    Prune(Vec<std::ops::Range<usize>>),
    /// The item is too deep outside any group (`const X: u8 = 1 + 1 + ...;`), at this offset.
    TooDeep(usize),
}

/// Estimates how deep syn (and every recursive walk over its tree) will recurse on `text`, and
/// says which groups to empty to stay within `limit`.
///
/// syn's parser and the trees it builds nest once per group and once per operator in a chain:
/// `((x))`, `- - x`, `&&&T`, `a + b + c` (a left-deep tree), `a.b().c()`, `x as T as U`,
/// `if .. {} else if .. {}`. The estimate counts every token since the last `;`, `,` or `#` of
/// the same group as one level on top of the group's own depth, which bounds all of those. A
/// `}` ends a run (items and statements follow each other without separators), unless `else`
/// continues the chain.
pub fn nesting(text: &str, limit: usize) -> Nesting {
    let mut prune = Vec::new();
    // For each open group: its opener, where its inside starts, and the depth and run length
    // outside it. (`Depth` is the same count without the pruning, for the splitter.)
    let mut stack: Vec<(u8, usize, usize, usize)> = Vec::new();
    let (mut base, mut run) = (0usize, 0usize);
    let mut after_brace = None;
    let mut lexer = Lexer::new(text, 0);
    while let Some(tok) = lexer.next() {
        let chain = after_brace.take();
        match tok.kind {
            Kind::Comment | Kind::Doc { .. } | Kind::Punct(b':') => continue,
            // Attributes follow each other without nesting, like statements.
            Kind::Punct(b';' | b',' | b'#') => {
                run = 0;
                continue;
            }
            Kind::Close(closer) => {
                if let Some((_, _, outer_base, outer_run)) = stack.pop() {
                    (base, run) = (outer_base, outer_run);
                }
                if closer == b'}' {
                    after_brace = Some(run);
                    run = 0;
                }
                continue;
            }
            Kind::Word if &text[tok.start..tok.end] == "else" => run = chain.unwrap_or(run) + 1,
            _ => run += 1,
        }
        if base + run > limit {
            let Some((opener, inside, outer_base, outer_run)) = stack.pop() else {
                return Nesting::TooDeep(tok.start);
            };
            // Empty the innermost open group: it opened within the limit.
            let end = if let Kind::Open(inner) = tok.kind {
                matching_close(&mut lexer, inner).and_then(|_| matching_close(&mut lexer, opener))
            } else {
                matching_close(&mut lexer, opener)
            };
            let end = end.unwrap_or(text.len());
            prune.push(inside..end);
            (base, run) = (outer_base, outer_run);
            if text.as_bytes().get(end) == Some(&b'}') {
                after_brace = Some(run);
                run = 0;
            }
            continue;
        }
        if let Kind::Open(opener) = tok.kind {
            stack.push((opener, tok.end, base, run));
            (base, run) = (base + run, 0);
        }
    }
    if prune.is_empty() {
        Nesting::Within
    } else {
        Nesting::Prune(prune)
    }
}

/// [`nesting`]'s count, fed one token at a time, without the pruning: the deepest level
/// it reaches. The splitter runs one along each item, so that a chunk that stays within the
/// limit needs no scan of its own.
#[derive(Default)]
pub(super) struct Depth {
    /// For each open group: the depth and run length outside it.
    stack: Vec<(usize, usize)>,
    base: usize,
    run: usize,
    after_brace: Option<usize>,
    pub(super) max: usize,
}

impl Depth {
    /// Feeds the next token that is not a plain comment; `text` is its source.
    pub(super) fn feed(&mut self, kind: Kind, text: &str) {
        let chain = self.after_brace.take();
        match kind {
            Kind::Comment | Kind::Doc { .. } | Kind::Punct(b':') => return,
            Kind::Punct(b';' | b',' | b'#') => {
                self.run = 0;
                return;
            }
            Kind::Close(closer) => {
                if let Some((outer_base, outer_run)) = self.stack.pop() {
                    (self.base, self.run) = (outer_base, outer_run);
                }
                if closer == b'}' {
                    self.after_brace = Some(self.run);
                    self.run = 0;
                }
                return;
            }
            Kind::Word if text == "else" => self.run = chain.unwrap_or(self.run) + 1,
            _ => self.run += 1,
        }
        self.max = self.max.max(self.base + self.run);
        if let Kind::Open(_) = kind {
            self.stack.push((self.base, self.run));
            (self.base, self.run) = (self.base + self.run, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::split::split;
    use crate::syntax::testing::check_invariants;

    #[test]
    fn item_bodies() {
        fn body(text: &str) -> Option<(BodyKind, &str)> {
            item_body(text).map(|b| (b.kind, &text[b.open..=b.close]))
        }
        assert_eq!(
            body("#[a(x)] pub(crate) fn f<T: Fn() -> u8>(x: [u8; 2]) -> impl Tr { x }"),
            Some((BodyKind::Function, "{ x }"))
        );
        assert_eq!(
            body("unsafe impl<const N: usize> A<{ N }> for fn() {}"),
            Some((BodyKind::Impl, "{}"))
        );
        assert_eq!(
            body("pub const unsafe trait T { fn f(); }"),
            Some((BodyKind::Trait, "{ fn f(); }"))
        );
        assert_eq!(body("mod m { }"), Some((BodyKind::Module, "{ }")));
        assert_eq!(
            body("extern \"C\" { fn f(); }"),
            Some((BodyKind::ExternBlock, "{ fn f(); }"))
        );
        assert_eq!(
            body("extern \"C\" fn f() {}"),
            Some((BodyKind::Function, "{}"))
        );
        assert_eq!(
            body("struct S { a: u8 }").map(|b| b.0),
            Some(BodyKind::Other)
        );
        assert_eq!(body("const X: S = S { a: 1 };"), None);
        assert_eq!(body("struct S;"), None);
        // Never closed: the body runs to the end.
        let text = "fn f() { (";
        assert_eq!(item_body(text).map(|b| b.close), Some(text.len()));
    }

    /// One emptied group, `start..end`.
    fn pruned(start: usize, end: usize) -> Nesting {
        Nesting::Prune(std::iter::once(start..end).collect())
    }

    #[test]
    fn nesting_estimates() {
        assert_eq!(nesting("fn f() { ((x)) }", 8), Nesting::Within);
        // Each group and each token of an operator chain is a level.
        let text = "fn f() { (((x))) }";
        assert_eq!(nesting(text, 8), Nesting::Within);
        assert_eq!(nesting(text, 7), pruned(12, 13));
        assert_eq!(nesting(text, 6), pruned(11, 14));
        assert_eq!(nesting("const X: u8 = 1 + 1 + 1;", 5), Nesting::TooDeep(16));
        // Separators, `}` and `#` end a run; `else` continues it.
        let flat = "fn f() { a + b; c + d, e } fn g() {} #[a] #[b] #[c]";
        assert_eq!(nesting(flat, 7), Nesting::Within);
        assert_eq!(nesting(flat, 6), pruned(8, 25));
        let chain = "fn f() { if a {} else if b {} else if c {} }";
        assert_ne!(nesting(chain, 8), Nesting::Within);
        // Pruning empties the innermost group that goes over, and goes on after it.
        let text = "fn f() { g([[[x]]]); h([[[y]]]) }";
        let Nesting::Prune(groups) = nesting(text, 8) else {
            panic!("too deep");
        };
        let pruned: Vec<&str> = groups.iter().map(|g| &text[g.clone()]).collect();
        assert_eq!(pruned, ["[x]", "[y]"]);
        // The splitter makes the same estimate for each chunk along the way.
        let text = "fn f() { (((x))) }\nstruct S;\nfn g() { if a {} else if b {} else if c {} }";
        let estimates: Vec<usize> = split(text).chunks.iter().map(|c| c.nesting).collect();
        assert_eq!(estimates, [8, 2, 15]);
        check_invariants(text, &split(text));
    }

    #[test]
    fn nightly_keyword_ranges() {
        let text = "pub const trait T: [const] A + ~const B {}\nimpl<X> const T for X {}\n\
                    const impl U {} impl const V for W {} const unsafe trait Z {}";
        let found: Vec<&str> = nightly_keywords(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            found,
            ["const", "[const]", "~const", "const", "const", "const", "const"]
        );
        assert!(nightly_keywords("const X: [u8; 1] = [const { 1 }]; const fn f() {}").is_empty());
    }
}
