//! Step 2 of the pipeline: cut a source file into top-level item chunks.
//!
//! Each chunk is parsed on its own downstream. That buys parallelism inside one big file and
//! error recovery: a broken item costs only itself. The splitter is a lexer plus a delimiter
//! stack, never a parser. It knows just enough of Rust's lexical grammar (comments, every kind
//! of literal, char literals versus lifetimes) to tell which `;`, `{` and `}` are real, and just
//! enough of the item grammar (the leading keyword) to know whether an item ends at the `}` of
//! its body or at its `;`.
//!
//! When the text ends inside an item (an unclosed delimiter, an unterminated string or block
//! comment), the item is cut at the next line that starts at column 0 the way an item does, and
//! splitting starts afresh there, so the items after a broken one survive.

use super::lexer::{is_whitespace, is_word_byte, opener_for, Kind, Lexer, Token};
use super::scan::Depth;

/// A top-level item (with its outer attributes and doc comments) or the file header
/// (inner attributes `#![..]` and inner doc comments `//!` at the top).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Byte offsets into the text: `&text[start..end]` is the chunk. `start` is the first
    /// non-whitespace, non-plain-comment character of the chunk (an attribute, a doc comment or the first keyword).
    pub start: usize,
    pub end: usize,
    /// Position of `start`: line 1-based, column 0-based counted in chars (as proc-macro2 counts them).
    pub line: u32,
    pub column: u32,
    /// What [`nesting`](super::scan::nesting) would estimate for the chunk, found along the split so that parsing
    /// needs no second scan; `usize::MAX` where the splitter could not tell (the header, a
    /// chunk cut by recovery).
    pub nesting: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitError {
    pub offset: usize,
    pub line: u32,
    pub column: u32,
    /// A message a person understands, e.g. "unterminated block comment", "unclosed `{` opened here", "unexpected `}`".
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Split {
    pub chunks: Vec<Chunk>,
    pub errors: Vec<SplitError>,
    /// Every terminated doc comment, by byte range, in order (for [`crate::syntax::docs`]).
    pub docs: Vec<std::ops::Range<usize>>,
}

/// Cuts `text` (a whole file, BOM already stripped) into top-level item chunks, in source order.
///
/// Never panics, and runs in time linear in the length of `text`. Errors (unbalanced
/// delimiters, unterminated literals) come back sorted by offset; the chunks around them are
/// still as useful as they can be.
pub fn split(text: &str) -> Split {
    let mut splitter = Splitter {
        text,
        out: Split::default(),
        stack: Vec::new(),
        open_counts: [0; 3],
    };
    splitter.run();
    splitter.finish()
}

/// Recovery rescans the text from each cut to its end. So that many broken items cannot make
/// that quadratic, rescans may cover this many times the length of the text in all; after that
/// the rest is cut at every item-like line without looking further ahead.
const RESCAN_BUDGET: usize = 4;

struct Splitter<'a> {
    text: &'a str,
    /// Chunks and errors so far; their lines and columns are filled in by `finish`.
    out: Split,
    /// The open delimiters of the current scan: the opening byte and its offset.
    stack: Vec<(u8, usize)>,
    /// How many `(`, `[` and `{` the stack holds, so that a mismatched closer learns in O(1)
    /// whether some open group would take it.
    open_counts: [usize; 3],
}

/// The item being collected by a scan, or whose body [`item_body`](super::scan::item_body)
/// looks for.
pub(super) struct Item {
    start: usize,
    /// End of the item's last token at depth 0 (or of the group that last closed there).
    end: usize,
    shape: Shape,
    /// Depth of generic `<...>` at delimiter depth 0, where `Foo<{ N }>` may hold a `{`.
    angle: usize,
    /// The last token was `<`, `,` or `=`, after which a `{` inside generics is a const argument.
    pub(super) arg_slot: bool,
    /// The group open at depth 0 is the item's body: closing it ends the item.
    in_body: bool,
}

/// What the leading keyword says about where an item ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Only attributes, doc comments, visibility and qualifiers so far.
    Undecided,
    /// `const`: a const item, unless a function or trait qualifier (or a block) follows.
    AfterConst,
    /// `extern`: `extern crate` ends at `;`, other `extern` items at the `}` of their body.
    AfterExtern,
    /// Ends at the `}` of its body, or at a `;` if that comes first (`struct S;`, `foo!();`).
    Braced,
    /// Ends at a `;` only: `const X: S = S { a: 1 };` and `use a::{b, c};` hold braces before it.
    Semi,
}

impl Item {
    pub(super) fn new(start: usize) -> Self {
        Item {
            start,
            end: start,
            shape: Shape::Undecided,
            angle: 0,
            arg_slot: false,
            in_body: false,
        }
    }

    /// Feeds one depth-0 token (`text` is its source) to the leading-keyword classifier.
    pub(super) fn classify(&mut self, kind: Kind, text: &str) {
        self.shape = match (self.shape, kind) {
            (Shape::Undecided, Kind::Word) => match text {
                "const" => Shape::AfterConst,
                "extern" => Shape::AfterExtern,
                "static" | "type" | "use" | "let" => Shape::Semi,
                // Qualifiers that may precede `static` or `type` (`pub`, `unsafe static` in
                // `extern` blocks, `default type`) leave the question open.
                "pub" | "unsafe" | "safe" | "default" => Shape::Undecided,
                _ => Shape::Braced,
            },
            // Attributes (`#`, `!`, `[..]`) and the `(..)` of `pub(crate)`.
            (
                Shape::Undecided,
                Kind::Doc { .. } | Kind::Punct(b'#' | b'!') | Kind::Open(b'(' | b'['),
            ) => Shape::Undecided,
            (Shape::AfterConst, Kind::Word)
                if matches!(
                    text,
                    "fn" | "unsafe" | "async" | "extern" | "trait" | "impl" | "safe" | "gen"
                ) =>
            {
                Shape::Braced
            }
            (Shape::AfterConst, Kind::Open(b'{')) => Shape::Braced,
            (Shape::AfterConst, _) => Shape::Semi,
            (Shape::AfterExtern, Kind::Word) if text == "crate" => Shape::Semi,
            (Shape::Undecided | Shape::AfterExtern, _) => Shape::Braced,
            (shape, _) => shape,
        };
    }

    /// Whether a `{` at depth 0 opens the body rather than a const argument such as the one in
    /// `impl Foo<{ N }> for S {}` (a `{` right after `<`, `,` or `=` inside generics).
    pub(super) fn opens_body(&self) -> bool {
        self.shape != Shape::Semi && !(self.angle > 0 && self.arg_slot)
    }

    /// Feeds one depth-0 token to the generics tracking that [`Item::opens_body`] reads.
    pub(super) fn follow_generics(&mut self, kind: Kind) {
        match kind {
            Kind::Punct(b'<') if self.shape != Shape::Semi => self.angle += 1,
            Kind::Punct(b'>') => self.angle = self.angle.saturating_sub(1),
            _ => {}
        }
        self.arg_slot = matches!(kind, Kind::Punct(b'<' | b',' | b'='));
    }
}

/// A token that ran to the end of the region: a string, a raw string or a block comment.
#[derive(Clone, Copy)]
struct Unterminated {
    start: usize,
    message: &'static str,
    /// False for a plain comment between items, which belongs to no chunk.
    in_chunk: bool,
}

/// What a scan left open at the end of its region.
struct Open {
    /// Where the trouble starts: the outermost unclosed delimiter, else the unterminated token.
    origin: usize,
    /// Start of the chunk that never closed; `None` when only a plain comment is unterminated.
    chunk: Option<usize>,
    unterminated: Option<Unterminated>,
}

impl Splitter<'_> {
    /// Scans the whole text, then recovers from whatever stays open by cutting it at the next
    /// item-like line and scanning again from there.
    fn run(&mut self) {
        let len = self.text.len();
        let mut pos = shebang_end(self.text);
        let mut end = len;
        let mut at_top = true;
        let mut budget = RESCAN_BUDGET.saturating_mul(len);
        loop {
            let mark = self.out.errors.len();
            let cut = match self.scan(pos, end, at_top) {
                Some(open) => self.recover(open, end, mark),
                None => None,
            };
            at_top = false;
            pos = match cut {
                Some(cut) => cut,
                None if end < len => end,
                None => break,
            };
            if end == len && budget >= len - pos {
                budget -= len - pos;
            } else {
                // Out of budget: scan only up to the next item-like line, so each byte is
                // scanned once more at most.
                end = next_item_line(self.text, pos).unwrap_or(len);
            }
        }
    }

    /// Splits `text[from..end]` into chunks, as if the text ended at `end`, and reports what is
    /// left open there. The header (inner attributes and doc comments) is only looked for
    /// `at_top` of the file.
    fn scan(&mut self, from: usize, end: usize, at_top: bool) -> Option<Open> {
        self.stack.clear();
        self.open_counts = [0; 3];
        let text = &self.text[..end];
        let mut lexer = Lexer::new(text, from);
        let mut header_allowed = at_top;
        let mut header: Option<(usize, usize)> = None;
        let mut item: Option<Item> = None;
        let mut unterminated = None;
        // The current item's nesting, as `nesting` counts it.
        let mut depth = Depth::default();
        while let Some(tok) = lexer.next() {
            if let Some(message) = tok.unterminated {
                // Such a token ran to the end of the region, so it is the last one.
                unterminated = Some(Unterminated {
                    start: tok.start,
                    message,
                    in_chunk: tok.kind != Kind::Comment || !self.stack.is_empty(),
                });
            }
            if tok.kind == Kind::Comment {
                continue;
            }
            if matches!(tok.kind, Kind::Doc { .. }) && tok.unterminated.is_none() {
                self.out.docs.push(tok.start..tok.end);
            }
            if !self.stack.is_empty() {
                depth.feed(tok.kind, &text[tok.start..tok.end]);
                match tok.kind {
                    Kind::Open(b) => self.push(b, tok.start),
                    Kind::Close(b) => {
                        self.close(b, tok.start);
                        if self.stack.is_empty() {
                            if let Some(it) = &mut item {
                                it.end = tok.end;
                                it.arg_slot = false;
                                if it.in_body {
                                    self.push_chunk(it.start, tok.end, depth.max);
                                    item = None;
                                }
                            } else if let Some(h) = &mut header {
                                h.1 = tok.end;
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if item.is_none() && header_allowed {
                if tok.kind == (Kind::Doc { inner: true }) {
                    header = Some((header.map_or(tok.start, |h| h.0), tok.end));
                    continue;
                }
                if tok.kind == Kind::Punct(b'#') {
                    if let Some((after, bracket)) = inner_attribute(&lexer) {
                        lexer = after;
                        self.push(b'[', bracket.start);
                        header.get_or_insert((tok.start, bracket.end));
                        continue;
                    }
                }
                header_allowed = false;
                if let Some((start, end)) = header.take() {
                    self.push_chunk(start, end, usize::MAX);
                }
            }
            if let Kind::Close(b) = tok.kind {
                self.error(tok.start, format!("unexpected `{}`", b as char));
                // Resync: the item in progress ends before the stray closer, which is dropped.
                if let Some(it) = item.take() {
                    self.push_chunk(it.start, it.end, depth.max);
                }
                continue;
            }
            let it = item.get_or_insert_with(|| {
                depth = Depth::default();
                Item::new(tok.start)
            });
            depth.feed(tok.kind, &text[tok.start..tok.end]);
            if tok.kind == Kind::Punct(b';') {
                self.push_chunk(it.start, tok.end, depth.max);
                item = None;
                continue;
            }
            it.classify(tok.kind, &text[tok.start..tok.end]);
            if let Kind::Open(b) = tok.kind {
                it.in_body = b == b'{' && it.opens_body();
                self.push(b, tok.start);
            }
            it.follow_generics(tok.kind);
            it.end = tok.end;
        }

        let chunk_open = !self.stack.is_empty() || unterminated.is_some_and(|u| u.in_chunk);
        let start = item.as_ref().map(|it| it.start).or(header.map(|h| h.0));
        if !chunk_open {
            if let Some(it) = item {
                self.push_chunk(it.start, it.end, depth.max);
            } else if let Some((start, end)) = header {
                self.push_chunk(start, end, usize::MAX);
            }
        }
        let origin = self
            .stack
            .first()
            .map(|&(_, at)| at)
            .or(unterminated.map(|u| u.start))?;
        Some(Open {
            origin,
            chunk: start.filter(|_| chunk_open),
            unterminated,
        })
    }

    /// Reports what a scan of `..end` left open, keeps the broken chunk up to the cut, and
    /// returns the cut, where splitting starts again.
    fn recover(&mut self, open: Open, end: usize, mark: usize) -> Option<usize> {
        let cut = find_cut(&self.text[..end], open.origin);
        let limit = cut.unwrap_or(end);
        // Past the cut, the rescan finds again whatever this scan found.
        let found = self.out.errors.split_off(mark);
        self.out
            .errors
            .extend(found.into_iter().filter(|e| e.offset < limit));
        match open.unterminated {
            // The literal swallowed the closers, so it is the one error worth reporting.
            Some(u) if u.start < limit => self.error(u.start, u.message.to_owned()),
            _ => self.out.errors.extend(
                self.stack
                    .iter()
                    .take_while(|&&(_, at)| at < limit)
                    .map(|&(opener, at)| unclosed(opener, at)),
            ),
        }
        if let Some(start) = open.chunk {
            let kept = self.text[start..limit].trim_end_matches(is_whitespace);
            self.push_chunk(start, start + kept.len(), usize::MAX);
        }
        cut
    }

    fn push(&mut self, opener: u8, at: usize) {
        self.stack.push((opener, at));
        self.open_counts[slot(opener)] += 1;
    }

    /// Pops the group that `closer` ends. A mismatched closer either ends an outer group that
    /// it matches (the groups inside are reported unclosed) or, when none does, is reported and
    /// ignored: `foo(x; }` loses the `(`, `foo(x]` the `]`.
    fn close(&mut self, closer: u8, at: usize) {
        let opener = opener_for(closer);
        if self.open_counts[slot(opener)] == 0 {
            let expected = self.stack.last().map_or('?', |&(o, _)| closer_for(o));
            self.error(
                at,
                format!(
                    "mismatched closing delimiter `{}`, expected `{expected}`",
                    closer as char
                ),
            );
            return;
        }
        while let Some((top, top_at)) = self.stack.pop() {
            self.open_counts[slot(top)] -= 1;
            if top == opener {
                break;
            }
            self.out.errors.push(unclosed(top, top_at));
        }
    }

    fn push_chunk(&mut self, start: usize, end: usize, nesting: usize) {
        self.out.chunks.push(Chunk {
            start,
            end,
            line: 0,
            column: 0,
            nesting,
        });
    }

    fn error(&mut self, offset: usize, message: String) {
        self.out.errors.push(SplitError {
            offset,
            line: 0,
            column: 0,
            message,
        });
    }

    /// Sorts the errors and fills in every line and column in one forward sweep.
    fn finish(self) -> Split {
        let mut out = self.out;
        out.errors.sort_by_key(|e| e.offset);
        // Recovery may scan a stretch twice.
        out.docs.sort_by_key(|d| d.start);
        out.docs.dedup();
        let mut cursor = Cursor {
            text: self.text,
            offset: 0,
            line: 1,
            column: 0,
        };
        let mut errors = out.errors.iter_mut().peekable();
        for chunk in &mut out.chunks {
            while let Some(error) = errors.next_if(|e| e.offset < chunk.start) {
                (error.line, error.column) = cursor.seek(error.offset);
            }
            (chunk.line, chunk.column) = cursor.seek(chunk.start);
        }
        for error in errors {
            (error.line, error.column) = cursor.seek(error.offset);
        }
        out
    }
}

fn slot(opener: u8) -> usize {
    match opener {
        b'(' => 0,
        b'[' => 1,
        _ => 2,
    }
}

fn closer_for(opener: u8) -> char {
    match opener {
        b'(' => ')',
        b'[' => ']',
        _ => '}',
    }
}

fn unclosed(opener: u8, at: usize) -> SplitError {
    SplitError {
        offset: at,
        line: 0,
        column: 0,
        message: format!("unclosed `{}` opened here", opener as char),
    }
}

/// Turns increasing byte offsets into lines and columns.
struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl Cursor<'_> {
    /// Moves to `target` (a char boundary at or after the current offset).
    fn seek(&mut self, target: usize) -> (u32, u32) {
        let passed = &self.text[self.offset..target];
        match passed.rfind('\n') {
            Some(last) => {
                self.line += passed.bytes().filter(|&b| b == b'\n').count();
                self.column = passed[last + 1..].chars().count();
            }
            None => self.column += passed.chars().count(),
        }
        self.offset = target;
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        (clamp(self.line), clamp(self.column))
    }
}

/// Where the code starts after a shebang line (`#!/usr/bin/env ...`), which belongs to no
/// chunk. As in rustc, `#!` followed (after whitespace and comments) by `[` is an inner
/// attribute instead.
pub(super) fn shebang_end(text: &str) -> usize {
    if !text.starts_with("#!") {
        return 0;
    }
    let next = Lexer::new(text, 2).find(|t| t.kind != Kind::Comment);
    if next.is_some_and(|t| t.kind == Kind::Open(b'[')) {
        return 0;
    }
    text.find('\n').unwrap_or(text.len())
}

/// After a `#` at the top of a file: if `!` and `[` follow, the lexer just past the `[`, and
/// the `[` itself.
fn inner_attribute<'a>(lexer: &Lexer<'a>) -> Option<(Lexer<'a>, Token)> {
    let mut ahead = lexer.clone();
    let mut significant = || ahead.by_ref().find(|t| t.kind != Kind::Comment);
    let bang = significant()?;
    let bracket = significant()?;
    let is_inner = bang.kind == Kind::Punct(b'!') && bracket.kind == Kind::Open(b'[');
    is_inner.then_some((ahead, bracket))
}

/// Where to cut an item that never closed: the first item-like line after `origin` (its
/// outermost unclosed delimiter or its unterminated literal). Lines inside raw strings and
/// block comments that do end are skipped: test fixtures and commented-out code keep whole
/// items at column 0 there. Lines inside strings with escapes are not, because a half-typed
/// string turns every later `"` inside out, and what then lexes as a string is mostly code.
fn find_cut(text: &str, origin: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    for tok in Lexer::new(text, origin) {
        if tok.start > origin
            && bytes[tok.start - 1] == b'\n'
            && looks_like_item(&bytes[tok.start..])
        {
            return Some(tok.start);
        }
        if tok.kind == Kind::Str || tok.unterminated.is_some() {
            if let Some(line) = next_item_line(&text[..tok.end], tok.start) {
                return Some(line);
            }
        }
    }
    None
}

/// The start of the first line after `from` that looks like the start of an item.
fn next_item_line(text: &str, from: usize) -> Option<usize> {
    let mut line = from;
    while let Some(newline) = text[line..].find('\n') {
        line += newline + 1;
        if looks_like_item(&text.as_bytes()[line..]) {
            return Some(line);
        }
    }
    None
}

/// Whether a line starting with `line` plausibly starts a top-level item: an attribute, an
/// outer doc comment, an item keyword or a macro invocation (`macro_rules!` among them). Only
/// used to recover from an item that never closed, where code at column 0 is a strong hint.
pub(super) fn looks_like_item(line: &[u8]) -> bool {
    const KEYWORDS: [&str; 15] = [
        "pub", "fn", "struct", "enum", "union", "trait", "impl", "mod", "use", "const", "static",
        "type", "extern", "unsafe", "async",
    ];
    line.starts_with(b"#[")
        || (line.starts_with(b"///") && line.get(3) != Some(&b'/'))
        || KEYWORDS.iter().any(|keyword| {
            line.starts_with(keyword.as_bytes())
                && !line.get(keyword.len()).is_some_and(|&b| is_word_byte(b))
        })
        || is_macro_call(line)
}

/// Whether `line` starts with `name!` or `path::to::name!` (but not `name != ...`).
fn is_macro_call(line: &[u8]) -> bool {
    let mut at = 0;
    loop {
        let rest = &line[at..];
        if !rest
            .first()
            .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_')
        {
            return false;
        }
        let ident = rest
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_')
            .count();
        at += ident;
        if line[at..].starts_with(b"::") {
            at += 2;
            continue;
        }
        return line.get(at) == Some(&b'!') && line.get(at + 1) != Some(&b'=');
    }
}

#[cfg(test)]
mod tests;
