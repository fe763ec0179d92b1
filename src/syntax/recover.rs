//! Parses one chunk with syn, and when syn rejects it, keeps as much of it as parses.
//!
//! Recovery edits a copy of the chunk by *blanking*: what cannot be parsed is overwritten with
//! whitespace of the same width, line breaks kept. Every later token keeps its line and column,
//! so the visitor's spans stay true without any remapping. What gets blanked, smallest first:
//!
//! - nightly syntax that syn does not know but that only adds a keyword to stable syntax
//!   (`const trait`, `impl const`, `const impl`, `[const]` and `~const` bounds): the keyword
//!   alone;
//! - groups nested deeper than the depth limit: their insides (see [`crate::syntax::scan::nesting`]);
//! - a broken function body: the body, and the function is kept with its signature (`partial`);
//! - a broken item inside an `impl`, `trait`, `mod` or `extern` block: that item alone;
//! - otherwise all of the item but its keyword and name, which stay as a stub (`partial`; see
//!   [`crate::syntax::stub`]), or the whole item when it has no name to keep (an `impl`).
//!
//! The one edit that is not a blank: a body that the chunk never closes (a half-written item,
//! cut by the splitter at the next item) gets its `}` appended at the chunk's end, where it
//! shifts nothing.
//!
//! Inside a block, an item whose `}` is missing swallows the items after it. A chunk or block
//! that does not lex is therefore cut again where the broken item most plausibly ends
//! ([`resync_points`]); the broken piece gets its `}` over the last blank before the next
//! item, which shifts nothing either, and the other pieces are parsed as items of their own.
//!
//! Valid input takes the fast path: one syn parse, plus a depth scan for chunks long enough
//! to be deep at all.

use crate::syntax::scan::{item_body, nesting, nightly_keywords, resync_points, BodyKind, Nesting};
use crate::syntax::split::split;
use crate::syntax::stub::{attributes_only, stubs};

/// A chunk as far as it could be parsed.
pub struct Parsed {
    /// The chunk's items; `None` when nothing of it parsed.
    pub file: Option<syn::File>,
    /// What was left out and why, at chunk-relative positions (line 1-based, column 0-based in
    /// chars, as proc-macro2 counts them).
    pub problems: Vec<Problem>,
    /// Where something was left out: the `{` of every emptied body or group, and the start of
    /// every item left out of a container. A node whose span holds one of these is `partial`.
    pub losses: Vec<(usize, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The text did not even lex (an unterminated literal or comment, unbalanced delimiters),
    /// which the splitter has usually reported already.
    pub lexing: bool,
}

/// What proc-macro2 says about text it cannot lex.
const LEX_ERROR: &str = "cannot parse string into token stream";

/// Whether syn gave up before parsing: the text does not even lex.
fn is_lex_error(error: &syn::Error) -> bool {
    error.to_string() == LEX_ERROR
}

/// Parses `source` (one chunk) with syn, recovering as described in the module docs.
/// `max_depth` is the nesting limit in [`crate::syntax::scan::nesting`]'s units.
pub fn parse_chunk(source: &str, max_depth: usize) -> Parsed {
    parse_split_chunk(source, max_depth, usize::MAX)
}

/// [`parse_chunk`] for a chunk whose [`nesting`] estimate the splitter already made
/// ([`crate::syntax::split::Chunk::nesting`]), which spares the fast path its depth scan.
pub fn parse_split_chunk(source: &str, max_depth: usize, estimate: usize) -> Parsed {
    let shallow = source.len() <= max_depth
        || estimate <= max_depth
        || nesting(source, max_depth) == Nesting::Within;
    let nightly = has_nightly_hint(source);
    if shallow && !nightly {
        if let Ok(file) = syn::parse_str::<syn::File>(source) {
            if !has_verbatim(&file.items) {
                return Parsed {
                    file: Some(file),
                    problems: Vec::new(),
                    losses: Vec::new(),
                };
            }
        }
    }
    let line_starts = std::iter::once(0)
        .chain(source.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let mut repair = Repair {
        source,
        unclosed: None,
        text: source.to_owned(),
        line_starts,
        max_depth,
        problems: Vec::new(),
        losses: Vec::new(),
    };
    repair.blank_nightly_keywords();
    // Blanking keywords never deepens the nesting: a chunk found shallow needs no second scan.
    let pruned = if shallow {
        Some(())
    } else {
        repair.prune_nesting()
    };
    let file = pruned.and_then(|()| {
        // This parse is the whole chunk's check (blanking kept every byte where it was):
        // often blanking was all the chunk needed (nightly syntax in std's `core`), and then
        // it gives the tree; otherwise its error is where mending starts.
        match syn::parse_str::<syn::File>(&repair.text) {
            Ok(file) => return Some(file),
            Err(error) => repair.mend(0..source.len(), Context::File, 0, true, error),
        }
        syn::parse_str::<syn::File>(&repair.text).ok()
    });
    // A chunk blanked whole parses as an empty file: nothing of it was kept.
    let file = file.filter(|f| !f.items.is_empty() || !f.attrs.is_empty());
    if file.is_none() && repair.problems.is_empty() {
        repair.problem(0, "this item could not be parsed and is left out".into());
    }
    Parsed {
        file,
        problems: repair.problems,
        losses: repair.losses,
    }
}

/// Text that nightly-only syntax [`nightly_keywords`] handles usually comes with. Chunks
/// holding one skip the fast path: syn would reject them, or worse, accept them as
/// `Verbatim` tokens deep inside a function body where nobody looks. Each hint is split
/// around its `const`: what comes before it, and what comes from it on.
const NIGHTLY_HINTS: [(&str, &str); 6] = [
    ("impl ", "const"),
    ("> ", "const"),
    ("", "const trait"),
    ("", "const unsafe trait"),
    ("[", "const]"),
    ("~", "const"),
];

/// Whether `source` holds one of [`NIGHTLY_HINTS`]. Every hint holds `const`, so one pass
/// finds the places to look, instead of a pass per hint over every chunk; `memmem`'s SIMD
/// search makes that pass several times cheaper than `str::match_indices` (1% of a run on
/// std's sources, where every chunk is searched).
fn has_nightly_hint(source: &str) -> bool {
    static CONST: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("const"));
    let bytes = source.as_bytes();
    CONST.find_iter(bytes).any(|at| {
        let (before, after) = bytes.split_at(at);
        NIGHTLY_HINTS.iter().any(|(prefix, rest)| {
            before.ends_with(prefix.as_bytes()) && after.starts_with(rest.as_bytes())
        })
    })
}

/// Containers nested deeper than this are not searched for their broken items: the broken
/// one's whole body is emptied instead, so recovery's own recursion stays shallow.
const MAX_CONTAINER_DEPTH: usize = 16;

/// Where an item stands, which decides the grammar it must parse with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    /// A file or an inline module's body.
    File,
    Impl,
    Trait,
    ExternBlock,
}

impl Context {
    /// Text that puts an item of this context where syn expects one, on lines of their own so
    /// that error positions shift by whole lines.
    fn wrapper(self) -> (&'static str, &'static str) {
        match self {
            Context::File => ("", ""),
            Context::Impl => ("impl X {\n", "\n}"),
            Context::Trait => ("trait X {\n", "\n}"),
            Context::ExternBlock => ("extern {\n", "\n}"),
        }
    }
}

/// Where recovery put the `}` of a body that never closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Closed {
    /// At the end of the chunk, which the splitter cut where the next item starts.
    AtChunkEnd,
    /// Over the last blank before the next item, found by [`Repair::pieces`].
    BeforeNextItem,
}

struct Repair<'a> {
    /// The chunk as it came.
    source: &'a str,
    /// Where the splitter finds something wrong in `source` (unclosed delimiters among them),
    /// once asked for.
    unclosed: Option<Vec<usize>>,
    /// The chunk, blanked where it could not be parsed.
    text: String,
    /// Byte offset of every line's start.
    line_starts: Vec<usize>,
    max_depth: usize,
    problems: Vec<Problem>,
    losses: Vec<(usize, usize)>,
}

impl Repair<'_> {
    /// Makes the item in `range` parse in `context`, blanking as little as possible. With
    /// `resync`, an item that does not lex may first be cut in pieces (see [`Repair::pieces`]).
    fn item(
        &mut self,
        range: std::ops::Range<usize>,
        context: Context,
        containers: usize,
        resync: bool,
    ) {
        if let Err(error) = self.check(range.clone(), context) {
            self.mend(range, context, containers, resync, error);
        }
    }

    /// [`Repair::item`] once its check has failed with `error`.
    fn mend(
        &mut self,
        mut range: std::ops::Range<usize>,
        context: Context,
        containers: usize,
        resync: bool,
        error: syn::Error,
    ) {
        let lexing = is_lex_error(&error);
        if resync && lexing {
            let pieces = self.pieces(range.clone());
            if pieces.len() > 1 {
                for piece in pieces {
                    self.item(piece, context, containers, false);
                }
                return;
            }
        }
        let body = item_body(&self.text[range.clone()]).filter(|b| b.close > b.open);
        if let Some(mut body) = body {
            let open = range.start + body.open;
            let inner = match body.kind {
                BodyKind::Impl => Some(Context::Impl),
                BodyKind::Trait => Some(Context::Trait),
                BodyKind::ExternBlock => Some(Context::ExternBlock),
                BodyKind::Module => Some(Context::File),
                BodyKind::Function | BodyKind::Other => None,
            };
            let mut closed = None;
            if range.start + body.close == range.end {
                // A body never closed: the half-written item the splitter cut at the next
                // item, or one cut in pieces above. Its `}` goes where it shifts nothing: at
                // the chunk's end, or over the last blank before the next item.
                if range.end == self.text.len() {
                    self.text.push('}');
                    range.end += 1;
                    closed = Some(Closed::AtChunkEnd);
                } else if let Some(blank) = trailing_blank(&self.text[open..range.end]) {
                    let blank = open + blank;
                    self.text.replace_range(blank..blank + 1, "}");
                    body.close = blank - range.start;
                    closed = Some(Closed::BeforeNextItem);
                }
                // A container's items are looked at one by one below: one of them may have
                // swallowed the others.
                if closed.is_some() && inner.is_none() && self.check(range.clone(), context).is_ok()
                {
                    self.report_closed(closed, range.start, open, context, &error);
                    return;
                }
            }
            let inside = open + 1..range.start + body.close;
            if let Some(inner) = inner.filter(|_| containers < MAX_CONTAINER_DEPTH) {
                let items = split(&self.text[inside.clone()]);
                // Delimiters that do not balance here (or a body that never closed) may have
                // made one item swallow the next ones: those are cut apart again.
                for chunk in items.chunks {
                    let chunk = inside.start + chunk.start..inside.start + chunk.end;
                    let pieces = if lexing {
                        self.pieces(chunk)
                    } else {
                        vec![chunk]
                    };
                    for piece in pieces {
                        self.item(piece, inner, containers + 1, false);
                    }
                }
                if self.check(range.clone(), context).is_ok() {
                    self.report_closed(closed, range.start, open, context, &error);
                    return;
                }
            }
            if body.kind != BodyKind::Other {
                let saved = self.text[inside.clone()].to_owned();
                blank(&mut self.text, inside.clone());
                if self.check(range.clone(), context).is_ok() {
                    let what = match body.kind {
                        BodyKind::Function => "the function is kept without its body",
                        _ => "the items in its body that could not be parsed are left out",
                    };
                    self.report(range.start, context, &error, what);
                    self.losses.push(self.position(open));
                    return;
                }
                self.text.replace_range(inside, &saved);
            }
        }
        if self.stub(range.clone(), context, &error) {
            return;
        }
        self.report(range.start, context, &error, "this item is left out");
        self.losses.push(self.position(range.start));
        blank(&mut self.text, range);
    }

    /// Reduces the item in `range` to a stub of its keyword and name ([`stubs`]), if one
    /// parses in `context`.
    fn stub(
        &mut self,
        range: std::ops::Range<usize>,
        context: Context,
        error: &syn::Error,
    ) -> bool {
        let at_end = range.end == self.text.len();
        let saved = self.text[range.clone()].to_owned();
        for stub in stubs(&saved, context == Context::ExternBlock, at_end) {
            let end = range.start + stub.text.len();
            self.text.replace_range(range.clone(), &stub.text);
            if self.check(range.start..end, context).is_ok() {
                self.report(range.start, context, error, "only its name is kept");
                self.losses.push(self.position(range.start + stub.name));
                return true;
            }
            self.text.replace_range(range.start..end, &saved);
        }
        false
    }

    /// Reports that the body opened at `open` never closed and was closed by recovery.
    fn report_closed(
        &mut self,
        closed: Option<Closed>,
        start: usize,
        open: usize,
        context: Context,
        error: &syn::Error,
    ) {
        let what = "it is closed where the next item starts";
        match closed {
            None => return,
            // The splitter has reported the unclosed `{` already.
            Some(Closed::AtChunkEnd) => self.report(start, context, error, what),
            Some(Closed::BeforeNextItem) => {
                self.problem(open, format!("unclosed `{{`; {what}"));
                // Where the splitter reports this `{` too, the splitter's word is enough.
                let source = self.source;
                let unclosed = self
                    .unclosed
                    .get_or_insert_with(|| split(source).errors.iter().map(|e| e.offset).collect());
                if let Some(problem) = self.problems.last_mut() {
                    problem.lexing = unclosed.contains(&open);
                }
            }
        }
        self.losses.push(self.position(open));
    }

    /// `range` cut where a broken item most plausibly ends and the next one starts
    /// ([`resync_points`]: a line indented no deeper than the item, or an item keyword where a
    /// `(` was left open). Closers left over at a piece's end belong to no piece (the `}` that
    /// closed a block when an item in it did not) and are blanked.
    fn pieces(&mut self, range: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
        let line_start = self.text[..range.start].rfind('\n').map_or(0, |at| at + 1);
        let indent = range.start - line_start;
        let points = resync_points(&self.text[range.clone()], indent);
        if points.is_empty() {
            return vec![range];
        }
        let starts = std::iter::once(range.start).chain(points.iter().map(|p| range.start + p));
        let ends = points.iter().map(|p| range.start + p).chain([range.end]);
        let mut pieces: Vec<std::ops::Range<usize>> = Vec::new();
        for piece in starts.zip(ends).map(|(start, end)| start..end) {
            // An item's attributes stay with it (its stub keeps them).
            match pieces.last_mut() {
                Some(last) if attributes_only(&self.text[last.clone()]) => last.end = piece.end,
                _ => pieces.push(piece),
            }
        }
        for piece in &pieces {
            let text = &self.text[piece.clone()];
            let tail = text
                .trim_end_matches(|c: char| c.is_whitespace() || "}])".contains(c))
                .len();
            // What the splitter finds wrong among nothing but closers: closers that close nothing.
            let strays: Vec<usize> = split(text).errors.iter().map(|e| e.offset).collect();
            for stray in strays.into_iter().filter(|&at| at >= tail) {
                let at = piece.start + stray;
                blank(&mut self.text, at..at + 1);
            }
        }
        pieces
    }
    /// Line (1-based) and column (0-based, in chars) of a byte offset, as proc-macro2 counts.
    /// Blanking keeps every line break, so the line index holds; the column is counted from
    /// the line's start, which keeps a chunk with many losses from costing its length each.
    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |t| t.chars().count());
        (line, column)
    }

    /// Parses the item in `range` alone, in `context`.
    fn check(&self, range: std::ops::Range<usize>, context: Context) -> Result<(), syn::Error> {
        let (before, after) = context.wrapper();
        let item = &self.text[range];
        match context {
            Context::File => syn::parse_str::<syn::File>(item).map(drop),
            _ => syn::parse_str::<syn::File>(&format!("{before}{item}{after}")).map(drop),
        }
    }

    /// Records `error`, found while parsing the item at `start` wrapped for `context`.
    fn report(&mut self, start: usize, context: Context, error: &syn::Error, what: &str) {
        let at = error.span().start();
        let wrapped_lines = usize::from(context != Context::File);
        let (line, column) = self.position(start);
        let (line, column) = match at.line.checked_sub(wrapped_lines) {
            // Before the item (the wrapper) or nowhere (a call-site span): the item's start.
            None | Some(0) => (line, column),
            Some(1) => (line, column + at.column),
            Some(n) => (line + n - 1, at.column),
        };
        let lexing = is_lex_error(error);
        let message = if lexing {
            format!(
                "this is not valid Rust at the token level (such as an unterminated literal or \
                 comment, unbalanced delimiters or an invalid escape); {what}"
            )
        } else {
            format!("{error}; {what}")
        };
        self.problems.push(Problem {
            line,
            column,
            message,
            lexing,
        });
    }

    fn problem(&mut self, offset: usize, message: String) {
        let (line, column) = self.position(offset);
        self.problems.push(Problem {
            line,
            column,
            message,
            lexing: false,
        });
    }

    /// Empties the groups nested deeper than the limit; `None` when the chunk is too deep
    /// outside any group, and then it is all left out.
    fn prune_nesting(&mut self) -> Option<()> {
        match nesting(&self.text, self.max_depth) {
            Nesting::Within => Some(()),
            Nesting::TooDeep(offset) => {
                let message = format!(
                    "expression or type nested deeper than {} levels; this item is left out",
                    self.max_depth
                );
                self.problem(offset, message);
                None
            }
            Nesting::Prune(groups) => {
                for group in groups {
                    let message = format!(
                        "code nested deeper than {} levels; the inside of this group is left out",
                        self.max_depth
                    );
                    // The group's opener, just before its inside.
                    self.problem(group.start.saturating_sub(1), message);
                    let opener = self.position(group.start.saturating_sub(1));
                    self.losses.push(opener);
                    blank(&mut self.text, group);
                }
                Some(())
            }
        }
    }

    /// Blanks the keywords that nightly-only syntax adds to syntax syn knows.
    fn blank_nightly_keywords(&mut self) {
        for range in nightly_keywords(&self.text) {
            blank(&mut self.text, range);
        }
    }
}

/// Overwrites `range` of `text` with whitespace of the same byte length, keeping line breaks,
/// and one char per char where it can so that columns after it on the same line stay true.
pub(super) fn blank(text: &mut String, range: std::ops::Range<usize>) {
    let mut blanked = String::with_capacity(range.len());
    for c in text[range.clone()].chars() {
        match c {
            '\n' | '\r' => blanked.push(c),
            // Rust whitespace of the same width in bytes, one char each.
            c if c.len_utf8() == 2 => blanked.push('\u{85}'),
            c if c.len_utf8() == 3 => blanked.push('\u{200e}'),
            c if c.len_utf8() == 4 => blanked.push_str(" \u{200e}"),
            _ => blanked.push(' '),
        }
    }
    text.replace_range(range, &blanked);
}

/// The last space or tab of the whitespace that `text` ends with, where a missing `}` can go
/// without shifting anything.
fn trailing_blank(text: &str) -> Option<usize> {
    let code = text.trim_end().len();
    text[code..].rfind([' ', '\t']).map(|at| code + at)
}

/// Whether syn gave up on some item and kept it only as tokens (`Item::Verbatim`), as it does
/// for nightly syntax it recognizes but cannot represent.
fn has_verbatim(items: &[syn::Item]) -> bool {
    items.iter().any(|item| match item {
        syn::Item::Verbatim(_) => true,
        syn::Item::Mod(m) => m
            .content
            .as_ref()
            .is_some_and(|(_, items)| has_verbatim(items)),
        syn::Item::Impl(i) => i
            .items
            .iter()
            .any(|i| matches!(i, syn::ImplItem::Verbatim(_))),
        syn::Item::Trait(t) => t
            .items
            .iter()
            .any(|i| matches!(i, syn::TraitItem::Verbatim(_))),
        syn::Item::ForeignMod(f) => f
            .items
            .iter()
            .any(|i| matches!(i, syn::ForeignItem::Verbatim(_))),
        _ => false,
    })
}

/// A declarative macro 2.0 definition (`pub macro m($x:expr) { .. }`), which syn keeps only
/// as tokens.
pub struct MacroDef {
    pub attrs: Vec<syn::Attribute>,
    pub vis: syn::Visibility,
    pub macro_token: proc_macro2::Span,
    pub ident: syn::Ident,
    /// The last token of the definition.
    pub end: proc_macro2::Span,
}

/// Reads an `Item::Verbatim` as a macro 2.0 definition, if it is one.
pub fn macro_def(tokens: proc_macro2::TokenStream) -> Option<MacroDef> {
    use syn::parse::Parser;
    let parser = |input: syn::parse::ParseStream<'_>| {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let vis: syn::Visibility = input.parse()?;
        let macro_token: syn::Token![macro] = input.parse()?;
        let ident: syn::Ident = input.parse()?;
        let rest: proc_macro2::TokenStream = input.parse()?;
        let end = rest.into_iter().last().map_or(ident.span(), |t| t.span());
        Ok(MacroDef {
            attrs,
            vis,
            macro_token: macro_token.span,
            ident,
            end,
        })
    };
    parser.parse2(tokens).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    const DEPTH: usize = crate::pipeline::MAX_DEPTH;

    fn messages(parsed: &Parsed) -> Vec<String> {
        let found = parsed.problems.iter();
        found
            .map(|p| format!("{}:{} {}", p.line, p.column, p.message))
            .collect()
    }

    /// The parsed items, printed back.
    fn printed(parsed: &Parsed) -> String {
        let file = parsed.file.as_ref().expect("something parsed");
        file.to_token_stream().to_string()
    }

    #[test]
    fn nightly_hints_are_found_around_each_const() {
        for (before, from) in NIGHTLY_HINTS {
            assert!(from.starts_with("const"), "{from}");
            assert!(has_nightly_hint(&format!("x {before}{from} y")), "{from}");
            if !before.is_empty() {
                assert!(!has_nightly_hint(&format!("x; {from} y")), "{from}");
            }
        }
        assert!(!has_nightly_hint("const fn f() -> [u8; 2] { [0; 2] }"));
        assert!(has_nightly_hint("é[const] Tr"));
    }

    #[test]
    fn valid_chunks_take_the_fast_path() {
        let parsed = parse_chunk("fn a() -> u8 { 1 }", DEPTH);
        assert!(parsed.problems.is_empty() && parsed.losses.is_empty());
        assert_eq!(printed(&parsed), "fn a () -> u8 { 1 }");
    }

    #[test]
    fn broken_body_keeps_the_signature() {
        let parsed = parse_chunk("fn a(x: u8) -> u8 {\n    let y = x +;\n    y\n}", DEPTH);
        assert_eq!(printed(&parsed), "fn a (x : u8) -> u8 { }");
        assert_eq!(
            messages(&parsed),
            ["2:15 expected an expression; the function is kept without its body"]
        );
        assert_eq!(parsed.losses, [(1, 18)]);
    }

    #[test]
    fn unclosed_body_is_closed_at_the_chunk_end() {
        // One `}` missing: the body is kept.
        let parsed = parse_chunk("fn a(x: u8) {\n    if x {\n        y();\n}", DEPTH);
        assert_eq!(printed(&parsed), "fn a (x : u8) { if x { y () ; } }");
        assert_eq!(parsed.losses, [(1, 12)]);
        assert!(parsed.problems.iter().all(|p| p.lexing));
        // Two: the signature is.
        let parsed = parse_chunk("fn a(x: u8) {\n    if x {\n        y();\n", DEPTH);
        assert_eq!(printed(&parsed), "fn a (x : u8) { }");
        let parsed = parse_chunk("impl X {\n    fn a() {}\n    fn b() {", DEPTH);
        // No blank after `fn b() {` to take its `}`: the unclosed item inside keeps its name.
        assert_eq!(printed(&parsed), "impl X { fn a () { } fn b () { } }");
    }

    #[test]
    fn unclosed_item_in_a_block_costs_only_itself() {
        // The method's `}` is missing, so it swallows the next ones and the impl's `}`: it is
        // closed before the next line at its own indentation.
        let text = "impl S {\n    fn a(&self) {\n        let x = 1;\n    fn b(&self) {}\n    \
                    fn c(&self) { if x { } }\n}\n";
        let parsed = parse_chunk(text, DEPTH);
        assert_eq!(
            printed(&parsed),
            "impl S { fn a (& self) { let x = 1 ; } fn b (& self) { } fn c (& self) { if x { } } }"
        );
        let found = messages(&parsed);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0],
            "2:16 unclosed `{`; it is closed where the next item starts"
        );
        // The impl's own `{`, never closed either: the splitter has said so already.
        assert!(found[1].starts_with("1:7 this is not valid Rust at the token level"));
        assert!(parsed.problems[1].lexing);
        assert_eq!(parsed.losses, [(2, 16), (1, 7)]);
        // On one line: an item keyword after `}` inside a `(` left open ends the broken item.
        let parsed = parse_chunk("mod a { fn ok() {} fn broken( { } fn later() {} }", DEPTH);
        assert_eq!(
            printed(&parsed),
            "mod a { fn ok () { } fn broken () { } fn later () { } }"
        );
        assert_eq!(parsed.losses, [(1, 22)]);
        // Where the splitter reports the unclosed `{` itself, recovery's word is only a
        // duplicate (`lexing`, which the visitor then drops).
        let parsed = parse_chunk("mod m {\n    fn a() {\n    fn b() {\n}", DEPTH);
        assert_eq!(printed(&parsed), "mod m { fn a () { } fn b () { } }");
        assert!(parsed.problems.iter().all(|p| p.lexing));
        // Items nested deeper in the broken one stay where they are.
        let parsed = parse_chunk("fn f() { let x = (1; fn g() {} }", DEPTH);
        assert_eq!(printed(&parsed), "fn f () { }");
    }

    #[test]
    fn broken_header_keeps_a_stub() {
        let parsed = parse_chunk("/// Docs.\n#[inline]\npub async fn a( -> u8 { 1 }", DEPTH);
        assert_eq!(
            printed(&parsed),
            "# [doc = \" Docs.\"] # [inline] pub async fn a () { }"
        );
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.problems[0]
            .message
            .ends_with("; only its name is kept"));
        // At the name, which every node standing for the item spans.
        assert_eq!(parsed.losses, [(3, 13)]);
        for (text, stub) in [
            ("struct S { a: u8, b: }", "struct S { }"),
            ("pub(crate) enum E { A = , }", "pub (crate) enum E { }"),
            ("pub trait T<: { fn f(&self); }", "pub trait T { }"),
            ("unsafe fn f<T(x: T) {}", "unsafe fn f () { }"),
            // No room after the name, but nothing after the item either.
            ("fn f(", "fn f () { }"),
            // A broken attribute is left out with the rest.
            ("#[a(]\nfn f( {}", "fn f () { }"),
            (
                "mod m { fn ok() {} fn g(x: ; }",
                "mod m { fn ok () { } fn g () { } }",
            ),
            ("extern \"C\" { fn g(x: ; }", "extern \"C\" { fn g () ; }"),
        ] {
            assert_eq!(printed(&parse_chunk(text, DEPTH)), stub, "{text}");
        }
        // An impl is named by its header: nothing is left to stand for it.
        for text in [
            "impl<T Foo for Bar { fn a() {} }",
            "fn 1() {}",
            "const X: u8 = ;",
        ] {
            let parsed = parse_chunk(text, DEPTH);
            assert!(parsed.file.is_none(), "{text}");
            assert!(parsed.problems[0]
                .message
                .ends_with("; this item is left out"));
        }
    }

    #[test]
    fn containers_keep_their_good_items() {
        let text = "impl Foo {\n    fn a(&self) {}\n    fn b(&self) { let = 3; }\n    \
                    const C: u8 = ;\n    fn c(&self) -> Self { Self }\n}";
        let parsed = parse_chunk(text, DEPTH);
        assert_eq!(
            printed(&parsed),
            "impl Foo { fn a (& self) { } fn b (& self) { } fn c (& self) -> Self { Self } }"
        );
        let found = messages(&parsed);
        assert_eq!(found.len(), 2);
        assert!(found[0].starts_with("3:22 expected") && found[0].ends_with("its body"));
        assert!(found[1].starts_with("4:18 expected an expression; this item is left out"));
        // Nested containers: the broken item deep inside costs only itself.
        let text =
            "mod m {\n    trait T {\n        fn x(&self);\n        fn y(&self) -> ;\n    }\n    \
                    extern \"C\" { fn z(); static S: ; }\n}";
        let parsed = parse_chunk(text, DEPTH);
        assert_eq!(
            printed(&parsed),
            "mod m { trait T { fn x (& self) ; fn y () { } } extern \"C\" { fn z () ; } }"
        );
        assert_eq!(parsed.problems.len(), 2);
        assert_eq!(parsed.losses, [(4, 11), (6, 25)]);
    }

    #[test]
    fn nightly_keywords_are_dropped() {
        let text = "pub const trait T: [const] A { fn f(&self); }\n\
                    pub const unsafe trait U {}\n\
                    impl const T for S { fn f(&self) {} }\n\
                    impl<X: ~const Clone> const T for W<X> {}\n\
                    const impl<X> U for X {}\n\
                    fn g<X: [const] T + ~const Clone>() -> impl [const] T { S }\n\
                    fn h() { struct Z; impl const Drop for Z { fn drop(&mut self) {} } }";
        let parsed = parse_chunk(text, DEPTH);
        assert_eq!(messages(&parsed), [] as [&str; 0]);
        assert_eq!(parsed.file.as_ref().map(|f| f.items.len()), Some(7));
        assert!(!has_verbatim(&parsed.file.expect("parsed").items));
        // `const` and `[`..`]` elsewhere stay.
        assert_eq!(nightly_keywords("const X: [u8; 1] = [const { 1 }];"), []);
    }

    /// Runs `test` on a thread with the stack the pipeline gives its workers: a debug build's
    /// frames are far larger than a release build's, and the test harness's 2 MiB is not it.
    fn on_worker_stack(test: impl FnOnce() + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(crate::pipeline::WORKER_STACK_BYTES)
            .spawn(test)
            .expect("a thread")
            .join()
            .expect("the test passes");
    }

    #[test]
    fn deep_groups_are_emptied() {
        on_worker_stack(deep_groups_are_emptied_test);
    }

    fn deep_groups_are_emptied_test() {
        let depth = 5_000;
        let text = format!("fn f() {{ {}1{} }}", "(".repeat(depth), ")".repeat(depth));
        let parsed = parse_chunk(&text, DEPTH);
        let items = parsed.file.as_ref().map(|f| f.items.len());
        assert_eq!(items, Some(1));
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.problems[0].message.contains("nested deeper than"));
        // Nested modules: the outer ones are kept.
        let text = format!("{}{}", "mod a { ".repeat(depth), "}".repeat(depth));
        let parsed = parse_chunk(&text, DEPTH);
        assert_eq!(parsed.problems.len(), 1);
        let mut module = parsed.file.as_ref().and_then(|f| f.items.first());
        let mut kept = 0;
        while let Some(syn::Item::Mod(m)) = module {
            kept += 1;
            module = m.content.as_ref().and_then(|(_, items)| items.first());
        }
        assert!((DEPTH / 4..DEPTH).contains(&kept), "{kept}");
    }

    #[test]
    fn too_deep_outside_any_group_is_left_out() {
        let text = format!("const X: u32 = 1{};", " + 1".repeat(10_000));
        let parsed = parse_chunk(&text, DEPTH);
        assert!(parsed.file.is_none());
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.problems[0].message.contains("nested deeper than"));
    }

    #[test]
    fn blanking_keeps_bytes_lines_and_columns() {
        let mut text = String::from("fn a() { 'é'; '😀'; '\u{2028}'\r\n x }");
        let before = text.len();
        let end = text.len() - 1;
        blank(&mut text, 8..end);
        assert_eq!(text.len(), before);
        assert_eq!(text.matches('\n').count(), 1);
        assert!(syn::parse_str::<syn::ItemFn>(&text).is_ok());
    }

    #[test]
    fn lex_errors_are_reported() {
        let parsed = parse_chunk("fn a() { let c = 'ab; }", DEPTH);
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.file.is_some());
    }

    #[test]
    fn macro_definitions_two_point_zero() {
        let parsed = syn::parse_str::<syn::File>("pub macro m($x:expr) { $x }").expect("parses");
        let syn::Item::Verbatim(tokens) = &parsed.items[0] else {
            panic!("syn represents macro 2.0 now: drop this workaround");
        };
        let def = macro_def(tokens.clone()).expect("a macro definition");
        assert_eq!(def.ident, "m");
        assert!(matches!(def.vis, syn::Visibility::Public(_)));
    }
}
