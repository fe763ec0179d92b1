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
    /// What [`nesting`] would estimate for the chunk, found along the split so that parsing
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

/// The item being collected by a scan.
struct Item {
    start: usize,
    /// End of the item's last token at depth 0 (or of the group that last closed there).
    end: usize,
    shape: Shape,
    /// Depth of generic `<...>` at delimiter depth 0, where `Foo<{ N }>` may hold a `{`.
    angle: usize,
    /// The last token was `<`, `,` or `=`, after which a `{` inside generics is a const argument.
    arg_slot: bool,
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
    fn new(start: usize) -> Self {
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
    fn classify(&mut self, kind: Kind, text: &str) {
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
    fn opens_body(&self) -> bool {
        self.shape != Shape::Semi && !(self.angle > 0 && self.arg_slot)
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
            match tok.kind {
                Kind::Open(b) => {
                    it.in_body = b == b'{' && it.opens_body();
                    self.push(b, tok.start);
                }
                Kind::Punct(b'<') if it.shape != Shape::Semi => it.angle += 1,
                Kind::Punct(b'>') => it.angle = it.angle.saturating_sub(1),
                _ => {}
            }
            it.arg_slot = matches!(tok.kind, Kind::Punct(b'<' | b',' | b'='));
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

fn opener_for(closer: u8) -> u8 {
    match closer {
        b')' => b'(',
        b']' => b'[',
        _ => b'{',
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
fn shebang_end(text: &str) -> usize {
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
fn looks_like_item(line: &[u8]) -> bool {
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
/// same leading-keyword rules as [`split`]. The first of `fn`, `impl`, `trait`, `mod` or
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
        match tok.kind {
            Kind::Punct(b'<') if item.shape != Shape::Semi => item.angle += 1,
            Kind::Punct(b'>') => item.angle = item.angle.saturating_sub(1),
            _ => {}
        }
        item.arg_slot = matches!(tok.kind, Kind::Punct(b'<' | b',' | b'='));
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
struct Depth {
    /// For each open group: the depth and run length outside it.
    stack: Vec<(usize, usize)>,
    base: usize,
    run: usize,
    after_brace: Option<usize>,
    max: usize,
}

impl Depth {
    /// Feeds the next token that is not a plain comment; `text` is its source.
    fn feed(&mut self, kind: Kind, text: &str) {
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

/// What a token is, as far as splitting cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A plain (non-doc) comment: never part of a chunk's edges. Whitespace is no token at all.
    Comment,
    /// A doc comment: inner (`//!`, `/*!`) or outer (`///`, `/**`).
    Doc {
        inner: bool,
    },
    /// An identifier, keyword, raw identifier or number.
    Word,
    Lifetime,
    /// A string with escapes: `"..."`, `b"..."` or `c"..."`.
    Str,
    /// A raw string, a char or a byte literal.
    Literal,
    Open(u8),
    Close(u8),
    /// `->` or `=>`, lexed whole because their `>` closes no generics.
    Arrow,
    /// Any other ASCII character, one at a time.
    Punct(u8),
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
    /// Set when the text ended inside the token: what to report.
    unterminated: Option<&'static str>,
}

/// Rust's lexical grammar, as far as splitting needs it. Tokens start and end on char
/// boundaries: the lexer only ever stops at an ASCII byte, after a whole char, or at the end.
#[derive(Clone)]
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    unterminated: Option<&'static str>,
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        // Whitespace is skipped rather than returned: nothing looks at it, and a token per
        // gap between tokens was a third of the splitting time.
        self.whitespace();
        let start = self.pos;
        let first = *self.text.as_bytes().get(start)?;
        let kind = match first {
            b'/' if self.at(start + 1) == b'/' => self.line_comment(),
            b'/' if self.at(start + 1) == b'*' => self.block_comment(),
            b'"' => self.string(start + 1, "unterminated string literal"),
            b'\'' => self.quote(),
            b'(' | b'[' | b'{' => self.single(Kind::Open(first)),
            b')' | b']' | b'}' => self.single(Kind::Close(first)),
            b'-' | b'=' if self.at(start + 1) == b'>' => {
                self.pos += 2;
                Kind::Arrow
            }
            b if b.is_ascii() && !is_word_byte(b) => self.single(Kind::Punct(b)),
            _ => self.word(),
        };
        Some(Token {
            kind,
            start,
            end: self.pos,
            unterminated: self.unterminated.take(),
        })
    }
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        Lexer {
            text,
            pos,
            unterminated: None,
        }
    }

    /// The byte at `i`, or 0 past the end (callers never look for a NUL).
    fn at(&self, i: usize) -> u8 {
        self.text.as_bytes().get(i).copied().unwrap_or(0)
    }

    fn rest(&self) -> &'a [u8] {
        self.text.as_bytes().get(self.pos..).unwrap_or_default()
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..)?.chars().next()
    }

    fn single(&mut self, kind: Kind) -> Kind {
        self.pos += 1;
        kind
    }

    fn whitespace(&mut self) {
        loop {
            let ascii = self
                .rest()
                .iter()
                .take_while(|&&b| is_space_byte(b))
                .count();
            self.pos += ascii;
            // Nearly always ASCII (or the end, 0): no character to decode then.
            if self.at(self.pos).is_ascii() {
                return;
            }
            match self.char_at(self.pos) {
                Some(c) if is_whitespace(c) => self.pos += c.len_utf8(),
                _ => return,
            }
        }
    }

    fn eat_word(&mut self) {
        loop {
            let ascii = self
                .rest()
                .iter()
                .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_')
                .count();
            self.pos += ascii;
            if self.at(self.pos).is_ascii() {
                return;
            }
            match self.char_at(self.pos) {
                Some(c) if !is_whitespace(c) => self.pos += c.len_utf8(),
                _ => return,
            }
        }
    }

    /// A word, unless it is the prefix of a literal: `r"..."`, `b'x'`, `c"..."`, `br#"..."#`...
    fn word(&mut self) -> Kind {
        let start = self.pos;
        self.eat_word();
        let open = self.pos + 1;
        match (&self.text[start..self.pos], self.at(self.pos)) {
            ("r", b'"' | b'#') => self.raw("unterminated raw string literal", true),
            ("br", b'"' | b'#') => self.raw("unterminated raw byte string literal", false),
            ("cr", b'"' | b'#') => self.raw("unterminated raw C string literal", false),
            ("b", b'"') => self.string(open, "unterminated byte string literal"),
            ("c", b'"') => self.string(open, "unterminated C string literal"),
            ("b", b'\'') => {
                self.single_quoted(open);
                Kind::Literal
            }
            _ => Kind::Word,
        }
    }

    /// After a raw prefix, at `#` or `"`: a raw string `r##"..."##`, a raw identifier
    /// `r#type` (if `ident_allowed`), or else just the prefix as a word.
    fn raw(&mut self, message: &'static str, ident_allowed: bool) -> Kind {
        let hashes_start = self.pos;
        while self.at(self.pos) == b'#' {
            self.pos += 1;
        }
        let hashes = self.pos - hashes_start;
        if self.at(self.pos) != b'"' {
            if ident_allowed && hashes == 1 && self.char_at(self.pos).is_some_and(is_ident_start) {
                self.eat_word();
            } else {
                self.pos = hashes_start;
            }
            return Kind::Word;
        }
        let bytes = self.text.as_bytes();
        let mut p = self.pos + 1;
        while let Some(quote) = bytes[p..].iter().position(|&b| b == b'"') {
            p += quote + 1;
            let closes = bytes
                .get(p..p + hashes)
                .is_some_and(|h| h.iter().all(|&b| b == b'#'));
            if closes {
                self.pos = p + hashes;
                return Kind::Literal;
            }
        }
        self.pos = bytes.len();
        self.unterminated = Some(message);
        Kind::Literal
    }

    /// The rest of a string with escapes, from `p` just after its opening `"`.
    fn string(&mut self, mut p: usize, message: &'static str) -> Kind {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(p) {
            match b {
                b'"' => {
                    self.pos = p + 1;
                    return Kind::Str;
                }
                b'\\' => p += 2,
                _ => p += 1,
            }
        }
        self.pos = bytes.len();
        self.unterminated = Some(message);
        Kind::Str
    }

    /// At a `'`: a char literal (`'a'`, `'\n'`, `'\''`) or a lifetime or label (`'a`,
    /// `'static`), told apart the way rustc does: `'x` followed by a word is a lifetime unless
    /// a `'` ends the word.
    fn quote(&mut self) -> Kind {
        let first = self.pos + 1;
        let Some(c) = self.char_at(first) else {
            self.pos = first;
            return Kind::Literal;
        };
        let second = first + c.len_utf8();
        if self.at(second) != b'\'' && (is_ident_start(c) || c.is_ascii_digit()) {
            self.pos = second;
            self.eat_word();
            if self.at(self.pos) == b'\'' {
                self.pos += 1;
                return Kind::Literal;
            }
            return Kind::Lifetime;
        }
        self.single_quoted(first);
        Kind::Literal
    }

    /// The body of a char or byte literal from `first`, just after its `'`. Like rustc, an
    /// unterminated one stops at a newline or `/`, so that a stray quote never swallows the
    /// rest of the file.
    fn single_quoted(&mut self, first: usize) {
        if let Some(c) = self.char_at(first) {
            if c != '\\' && self.at(first + c.len_utf8()) == b'\'' {
                self.pos = first + c.len_utf8() + 1;
                return;
            }
        }
        let bytes = self.text.as_bytes();
        let mut p = first;
        while let Some(&b) = bytes.get(p) {
            match b {
                b'\'' => {
                    self.pos = p + 1;
                    return;
                }
                b'/' => break,
                b'\n' if self.at(p + 1) != b'\'' => break,
                b'\\' => p += 2,
                _ => p += 1,
            }
        }
        self.pos = p.min(bytes.len());
    }

    fn line_comment(&mut self) -> Kind {
        let start = self.pos;
        let kind = match (self.at(start + 2), self.at(start + 3)) {
            (b'!', _) => Kind::Doc { inner: true },
            (b'/', next) if next != b'/' => Kind::Doc { inner: false },
            _ => Kind::Comment,
        };
        self.pos = match self.text[start..].find('\n') {
            // Not the `\r` of a CRLF either: a doc comment ending a chunk with a bare `\r`
            // would not parse.
            Some(newline) if self.at(start + newline - 1) == b'\r' => start + newline - 1,
            Some(newline) => start + newline,
            None => self.text.len(),
        };
        kind
    }

    /// A block comment, nested ones included. `/**/` and `/***` are plain, as in rustc.
    fn block_comment(&mut self) -> Kind {
        let start = self.pos;
        let kind = match (self.at(start + 2), self.at(start + 3)) {
            (b'!', _) => Kind::Doc { inner: true },
            (b'*', next) if next != b'*' && next != b'/' => Kind::Doc { inner: false },
            _ => Kind::Comment,
        };
        let bytes = self.text.as_bytes();
        let mut depth = 1usize;
        let mut p = start + 2;
        while let Some(&b) = bytes.get(p) {
            match (b, self.at(p + 1)) {
                (b'/', b'*') => {
                    depth += 1;
                    p += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    p += 2;
                    if depth == 0 {
                        self.pos = p;
                        return kind;
                    }
                }
                _ => p += 1,
            }
        }
        self.pos = bytes.len();
        self.unterminated = Some(if kind == Kind::Comment {
            "unterminated block comment"
        } else {
            "unterminated doc comment"
        });
        kind
    }
}

/// Rust's whitespace (`Pattern_White_Space`), which is not `char::is_whitespace`.
fn is_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{b}'
            | '\u{c}'
            | '\r'
            | ' '
            | '\u{85}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The ASCII part of [`is_whitespace`], for the fast path.
fn is_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Any non-ASCII character that is not whitespace counts as part of a word: close enough to
/// `XID_Continue` for splitting, where only ASCII punctuation matters.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && !is_whitespace(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use quote::ToTokens;

    fn texts<'a>(text: &'a str, split: &Split) -> Vec<&'a str> {
        split.chunks.iter().map(|c| &text[c.start..c.end]).collect()
    }

    /// The chunk texts of an input that must split without errors.
    fn chunks(text: &str) -> Vec<&str> {
        let out = split(text);
        assert_eq!(out.errors, [], "errors for {text:?}");
        check_invariants(text, &out);
        texts(text, &out)
    }

    /// Checks the chunk texts and the errors, written "line:column message".
    fn assert_broken(text: &str, chunks: &[&str], errors: &[&str]) {
        let out = split(text);
        check_invariants(text, &out);
        let found = out.errors.iter();
        let found: Vec<_> = found
            .map(|e| format!("{}:{} {}", e.line, e.column, e.message))
            .collect();
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(
            (texts(text, &out).as_slice(), found.as_slice()),
            (chunks, errors)
        );
    }

    /// Parsing the chunks one by one must give what parsing the whole file gives.
    fn assert_round_trip(text: &str) {
        let mut whole = syn::parse_file(text).expect("the fixture is valid Rust");
        whole.shebang = None;
        let mut parts = syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: Vec::new(),
        };
        for chunk in chunks(text) {
            let part: syn::File = syn::parse_str(chunk)
                .unwrap_or_else(|e| panic!("chunk {chunk:?} does not parse: {e}"));
            parts.attrs.extend(part.attrs);
            parts.items.extend(part.items);
        }
        assert_eq!(
            parts.to_token_stream().to_string(),
            whole.to_token_stream().to_string()
        );
    }

    fn position(text: &str, offset: usize) -> (u32, u32) {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        (line as u32, column as u32)
    }

    /// What holds for any input: chunks in order, in bounds, on char boundaries, starting at a
    /// token that is not a plain comment; errors sorted; positions right; and nothing but
    /// whitespace, plain comments and reported closers left out.
    fn check_invariants(text: &str, split: &Split) {
        let mut gap = shebang_end(text);
        for chunk in &split.chunks {
            assert!(gap <= chunk.start && chunk.start < chunk.end && chunk.end <= text.len());
            assert!(text.is_char_boundary(chunk.start) && text.is_char_boundary(chunk.end));
            assert_eq!((chunk.line, chunk.column), position(text, chunk.start));
            let first = Lexer::new(&text[..chunk.end], chunk.start).next();
            assert!(first.is_some_and(|t| t.start == chunk.start && t.kind != Kind::Comment));
            assert_left_out_is_reported(text, gap, chunk.start, split);
            if chunk.nesting != usize::MAX {
                // The splitter's estimate is exactly the one a scan of the chunk makes.
                let own = &text[chunk.start..chunk.end];
                assert_eq!(nesting(own, chunk.nesting), Nesting::Within, "{own:?}");
                if let Some(below) = chunk.nesting.checked_sub(1) {
                    assert_ne!(nesting(own, below), Nesting::Within, "{own:?}");
                }
            }
            gap = chunk.end;
        }
        assert_left_out_is_reported(text, gap, text.len(), split);
        for pair in split.errors.windows(2) {
            assert!(pair[0].offset <= pair[1].offset);
        }
        for error in &split.errors {
            assert!(text.is_char_boundary(error.offset));
            assert_eq!((error.line, error.column), position(text, error.offset));
        }
    }

    fn assert_left_out_is_reported(text: &str, start: usize, end: usize, split: &Split) {
        for tok in Lexer::new(&text[..end], start) {
            let reported = split.errors.iter().any(|e| e.offset == tok.start);
            assert!(
                tok.kind == Kind::Comment || matches!(tok.kind, Kind::Close(_)) && reported,
                "{:?} left out of every chunk in {text:?}",
                &text[tok.start..tok.end]
            );
        }
    }

    #[test]
    fn comments_hide_delimiters() {
        let text = "fn a() { // }\n}\n/* } /* nested } */ still } */\nfn b() {}\n// {\n";
        assert_eq!(chunks(text), ["fn a() { // }\n}", "fn b() {}"]);
        assert_round_trip(text);
    }

    #[test]
    fn doc_comments_start_chunks_and_plain_ones_do_not() {
        let text = "/// outer\nfn a() {}\n/** block */\nfn b() {}\n/**/ fn c() {}\n\
                    /*** plain */ fn d() {}\n//// plain\nfn e() {}\n#[cfg(x)] // note\nfn f() {}";
        assert_eq!(
            chunks(text),
            [
                "/// outer\nfn a() {}",
                "/** block */\nfn b() {}",
                "fn c() {}",
                "fn d() {}",
                "fn e() {}",
                "#[cfg(x)] // note\nfn f() {}",
            ]
        );
        assert_round_trip(text);
    }

    #[test]
    fn strings_hide_delimiters() {
        let items = [
            r#"fn a() { let _ = "}\"}"; }"#,
            r#"fn b() { let _ = "\\"; }"#,
            r##"fn c() { let _ = r#"}"}"#; }"##,
            r###"fn d() { let _ = r##"}"#}"##; }"###,
            r#"fn e() { let _ = r"}\"; }"#,
            r#"fn f() { let _ = b"}\"}"; }"#,
            r##"fn g() { let _ = br#"}"}"#; }"##,
            r#"fn h() { let _ = c"}\"}"; }"#,
            r##"fn i() { let _ = cr#"}"}"#; }"##,
            "fn j() { let _ = \"multi\n}\nline\"; }",
        ];
        let text = items.join("\n");
        assert_eq!(chunks(&text), items);
        assert_round_trip(&text);
    }

    #[test]
    fn char_literals_versus_lifetimes() {
        let items = [
            "fn a<'a>(x: &'a str) -> char { '}' }",
            r"fn b() { let _ = ['\'', '\\', '\n', '\u{1F600}', '\u{7d}', '{', '}', '(']; }",
            r"fn c() { let _ = [b'}', b'\'', b'\\', b'{']; }",
            "fn d() -> &'static str { 'outer: loop { break 'outer \"}\"; } }",
            "fn e(_: &'_ u8) { let _ = 'x'; }",
            "fn f() { let _ = ['😀', 'é', '\"']; }",
            "fn g<'a, 'b: 'a>() where 'a: 'b {}",
        ];
        let text = items.join("\n");
        assert_eq!(chunks(&text), items);
        assert_round_trip(&text);
    }

    #[test]
    fn raw_identifiers_are_not_keywords() {
        // `r#static` is a macro name here, not the `static` that would wait for a `;`.
        assert_eq!(
            chunks("r#static! {}\nstruct S;"),
            ["r#static! {}", "struct S;"]
        );
        let text = "fn r#match(r#type: u8) { let r#struct = '}'; }\nstruct r#enum;";
        assert_eq!(
            chunks(text),
            [
                "fn r#match(r#type: u8) { let r#struct = '}'; }",
                "struct r#enum;"
            ]
        );
        assert_round_trip(text);
    }

    #[test]
    fn semicolon_items_keep_braces_before_their_semicolon() {
        let items = [
            "const X: S = S { a: 1 };",
            "static T: [u8; 2] = [1, 2];",
            "const _: () = { assert!(true); };",
            "use a::{b, c::{d, e}};",
            "pub(crate) use f::{g};",
            "pub static mut M: Option<S> = Some(S { a: 2 });",
            "pub(in crate::m) const N: usize = { 1 } + { 2 };",
            "type F = Foo<{ 3 }>;",
            "extern crate alloc;",
            "#[cfg(x)]\npub extern crate core as c;",
            "static C: fn() -> S = || S {};",
        ];
        let text = items.join("\n");
        assert_eq!(chunks(&text), items);
        assert_round_trip(&text);
        // Top-level `let` is not Rust, but pasted snippets have it.
        assert_eq!(
            chunks("let x = { 1 };\nlet y = 2;"),
            ["let x = { 1 };", "let y = 2;"]
        );
    }

    #[test]
    fn const_functions_end_at_their_body() {
        let items = [
            "const fn a() {}",
            "struct A;",
            "const unsafe fn b() {}",
            "pub const extern \"C\" fn c() {}",
            "const async unsafe fn d() {}",
            "extern \"C\" { fn e(); }",
            "unsafe extern \"C\" {}",
        ];
        let text = items.join("\n");
        assert_eq!(chunks(&text), items);
    }

    #[test]
    fn generics_do_not_decide_where_items_end() {
        let items = [
            "struct S<T = u8> { t: T }",
            "struct U<const N: usize = { 1 }>;",
            "impl<const N: usize> A<{ N }> for B<N> where C<{ N + 1 }>: D {}",
            "fn f<F: Fn(u8) -> u8>(f: F) -> impl Fn() -> u8 { move || f(1) }",
            "impl<T> X for T where T: Iterator<Item = u8>, {}",
            "trait Tr: Fn() -> u8 {}",
            "struct V(Vec<Vec<u8>>);",
        ];
        let text = items.join("\n");
        assert_eq!(chunks(&text), items);
        assert_round_trip(&text);
    }

    #[test]
    fn macro_items() {
        let items = [
            "macro_rules! m { ($x:expr) => { $x }; }",
            "macro_rules! n ( () => {} );",
            "foo! { struct S; }",
            "bar!(y; z);",
            "baz![{ z }];",
            "m! {}",
            "std::thread_local! { static K: u8 = 0; }",
        ];
        let text = items.join("\n");
        assert_eq!(chunks(&text), items);
        assert_round_trip(&text);
    }

    #[test]
    fn items_of_every_kind() {
        let text = r#"
mod a;
mod b {
    fn inner() {}
}
pub enum E<'a> { A(&'a str), B { c: u8 } }
union U { a: u8 }
pub(crate) trait T { const C: u8 = 1; fn f(&self) -> u8 { 0 } }
impl<'a> T for E<'a> where Self: Sized { fn f(&self) -> u8 { b'}' } }
unsafe impl Send for U {}
#[doc = "]"]
#[cfg_attr(x, path = "a}")]
pub struct P(u8);
pub async fn g() {}
extern "C" { static V: u8; }
"#;
        assert_eq!(chunks(text).len(), 10);
        assert_round_trip(text);
    }

    #[test]
    fn header_chunk() {
        let header = "//! Crate docs.\n// a plain comment\n#![allow(dead_code)]\n/*! more */\n\
                      #![cfg_attr(x, doc = \"]\")]";
        let text = format!("{header}\n\n/// Item docs.\n#[derive(Debug)]\nstruct S;\n");
        assert_eq!(
            chunks(&text),
            [header, "/// Item docs.\n#[derive(Debug)]\nstruct S;"]
        );
        assert_round_trip(&text);
        // Spelled apart, and alone.
        assert_eq!(
            chunks("# ! [a] #[b] fn c() {}"),
            ["# ! [a]", "#[b] fn c() {}"]
        );
        assert_eq!(chunks("//! Only docs."), ["//! Only docs."]);
        // Only at the top: further down, inner attributes are stray tokens for the parser.
        assert_eq!(chunks("fn a() {}\n#![b]"), ["fn a() {}", "#![b]"]);
    }

    #[test]
    fn shebang_is_skipped() {
        let text = "#!/usr/bin/env run-cargo-script\nfn main() {}";
        let out = split(text);
        assert_eq!(texts(text, &out), ["fn main() {}"]);
        assert_eq!((out.chunks[0].line, out.chunks[0].column), (2, 0));
        assert_round_trip(text);
        // `#!` then `[` is an inner attribute, even across whitespace and comments.
        assert_eq!(
            chunks("#![allow(x)]\nfn main() {}"),
            ["#![allow(x)]", "fn main() {}"]
        );
        assert_eq!(chunks("#! /* c */\n[allow(x)] fn main() {}").len(), 2);
        assert_eq!(chunks("#!"), [] as [&str; 0]);
    }

    #[test]
    fn crlf_lines_and_char_columns() {
        let text =
            "fn a() {}\r\n\r\n  struct B;\r\n/// é\r\n\tconst C: u8 = 1;\r\n/* é */ enum D {}";
        let out = split(text);
        let positions: Vec<_> = out.chunks.iter().map(|c| (c.line, c.column)).collect();
        assert_eq!(positions, [(1, 0), (3, 2), (4, 0), (6, 8)]);
        assert_eq!(texts(text, &out)[2], "/// é\r\n\tconst C: u8 = 1;");
        assert_round_trip(text);
        // A doc comment ending a chunk leaves out the `\r` of its line end.
        let text = "//! Crate.\r\n/// Dangling.\r\n";
        assert_eq!(chunks(text), ["//! Crate.", "/// Dangling."]);
        assert!(syn::parse_str::<syn::File>("//! Crate.").is_ok());
    }

    #[test]
    fn stray_tokens_become_chunks() {
        assert_eq!(
            chunks("fn a() {}\n42;\n= x;\nfn b() {}\nfoo"),
            ["fn a() {}", "42;", "= x;", "fn b() {}", "foo"]
        );
        assert_eq!(
            chunks("fn a() {}\n/// dangling"),
            ["fn a() {}", "/// dangling"]
        );
        assert_eq!(chunks("{ x } ;"), ["{ x }", ";"]);
    }

    #[test]
    fn unterminated_block_comment() {
        let text = "fn a() {}\n/* never closed /* */\nfn b() {}\n";
        assert_broken(
            text,
            &["fn a() {}", "fn b() {}"],
            &["2:0 unterminated block comment"],
        );
        // Inside an item, the item is cut too.
        let text = "fn a() {\n    /** never closed\n}\nstruct B;";
        assert_broken(
            text,
            &["fn a() {\n    /** never closed\n}", "struct B;"],
            &["2:4 unterminated doc comment"],
        );
    }

    #[test]
    fn unclosed_brace_costs_only_its_item() {
        let text = "fn a() {\n    if x {\n        y();\n}\n\n#[test]\nfn b() {}\nstruct C;\n";
        assert_broken(
            text,
            &[
                "fn a() {\n    if x {\n        y();\n}",
                "#[test]\nfn b() {}",
                "struct C;",
            ],
            &["1:7 unclosed `{` opened here"],
        );
        // Every delimiter left open before the cut is reported.
        let text = "fn a() {\n    let v = vec![1, (2,\n\nfn b() {}";
        assert_broken(
            text,
            &["fn a() {\n    let v = vec![1, (2,", "fn b() {}"],
            &[
                "1:7 unclosed `{` opened here",
                "2:16 unclosed `[` opened here",
                "2:20 unclosed `(` opened here",
            ],
        );
        // Without any item-like line after it, the broken item runs to the end.
        assert_broken(
            "struct S {\n    a: u8,\n",
            &["struct S {\n    a: u8,"],
            &["1:9 unclosed `{` opened here"],
        );
    }

    #[test]
    fn unterminated_strings_cost_only_their_item() {
        let text = "fn a() {\n    let s = \"oops;\n}\nfn b() {}\n";
        assert_broken(
            text,
            &["fn a() {\n    let s = \"oops;\n}", "fn b() {}"],
            &["2:12 unterminated string literal"],
        );
        let text = "const S: &str = br##\"x\"#;\nimpl X {}";
        assert_broken(
            text,
            &["const S: &str = br##\"x\"#;", "impl X {}"],
            &["1:16 unterminated raw byte string literal"],
        );
        // A stray quote stops at the end of its line, as in rustc, so the next line's `}`
        // still closes the function.
        let text = "fn a() { let c = '; }\n}\nfn b() {}";
        assert_eq!(chunks(text), ["fn a() { let c = '; }\n}", "fn b() {}"]);
    }

    #[test]
    fn unexpected_closers_are_dropped() {
        assert_broken(
            "fn a() {}\n}\nfn b() {}",
            &["fn a() {}", "fn b() {}"],
            &["2:0 unexpected `}`"],
        );
        // The item in progress ends before the stray closer.
        assert_broken(
            "impl X )\nfn b() {}",
            &["impl X", "fn b() {}"],
            &["1:7 unexpected `)`"],
        );
    }

    #[test]
    fn mismatched_closers() {
        // `]` closes nothing and is ignored; `}` then closes its `{`, reporting the `(`.
        assert_broken(
            "fn a() { foo(x]; }\nfn b() {}",
            &["fn a() { foo(x]; }", "fn b() {}"],
            &[
                "1:12 unclosed `(` opened here",
                "1:14 mismatched closing delimiter `]`, expected `)`",
            ],
        );
        assert_broken(
            "#[derive(Debug]\nstruct S;",
            &["#[derive(Debug]\nstruct S;"],
            &["1:8 unclosed `(` opened here"],
        );
    }

    #[test]
    fn unclosed_attribute_in_header() {
        assert_broken(
            "#![allow(x)\nfn a() {}",
            &["#![allow(x)", "fn a() {}"],
            &["1:2 unclosed `[` opened here"],
        );
    }

    #[test]
    fn cuts_skip_lines_inside_literals() {
        // The column-0 `fn` inside the raw string is not where the broken item ends.
        let text = "fn a() {\n    let s = r#\"\nfn not_an_item() {}\n\"#;\n\nfn b() {}";
        assert_broken(
            text,
            &[
                "fn a() {\n    let s = r#\"\nfn not_an_item() {}\n\"#;",
                "fn b() {}",
            ],
            &["1:7 unclosed `{` opened here"],
        );
        // And the items after the cut are split afresh, raw strings and all.
        let item = "fn b() -> &'static str {\n    r#\"\nfn c() {}\n\"#\n}";
        let text = format!("fn a() {{\n\n{item}\nstruct D;");
        assert_broken(
            &text,
            &["fn a() {", item, "struct D;"],
            &["1:7 unclosed `{` opened here"],
        );
    }

    #[test]
    fn half_typed_string_costs_only_its_item() {
        // The stray `"` pairs with the next real one and turns the strings after it inside
        // out. What lexes as a string then is code, so its item-like lines are cuts.
        let text = "fn a() {\n    let s = \"oops;\n}\n\nfn b() { let t = \"x\"; }\n\nfn c() {}\n";
        assert_broken(
            text,
            &[
                "fn a() {\n    let s = \"oops;\n}",
                "fn b() { let t = \"x\"; }",
                "fn c() {}",
            ],
            &["1:7 unclosed `{` opened here"],
        );
    }

    #[test]
    fn item_like_lines() {
        for line in [
            "#[test]",
            "/// Doc",
            "pub(crate) fn",
            "impl<T>",
            "macro_rules! m",
            "a::b!(x)",
        ] {
            assert!(looks_like_item(line.as_bytes()), "{line}");
        }
        for line in [
            "//// x", "fnord()", "x != y", "9a!", "#![a]", "let x", "", "r#fn",
        ] {
            assert!(!looks_like_item(line.as_bytes()), "{line}");
        }
        assert_broken(
            "fn a() {\n\nthread_local! { static X: u8 = 0; }",
            &["fn a() {", "thread_local! { static X: u8 = 0; }"],
            &["1:7 unclosed `{` opened here"],
        );
    }

    #[test]
    fn many_broken_items_stay_linear() {
        // Each line is an item that never closes: rescanning the rest of the text from each
        // one would be quadratic.
        let text = "fn a() {\n".repeat(50_000);
        let out = split(&text);
        assert_eq!(out.chunks.len(), 50_000);
        assert_eq!(out.errors.len(), 50_000);
        assert!(out
            .chunks
            .iter()
            .all(|c| &text[c.start..c.end] == "fn a() {"));
        // Same with raw strings that never end.
        let text = "fn a() {} r#\"\n".repeat(50_000);
        let out = split(&text);
        assert_eq!(out.chunks.len(), 100_000);
        assert_eq!(out.errors.len(), 50_000);
        assert!(out
            .errors
            .iter()
            .all(|e| e.message == "unterminated raw string literal"));
    }

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

    #[test]
    fn large_inputs() {
        let deep = "{".repeat(100_000);
        let out = split(&deep);
        assert_eq!(texts(&deep, &out), [deep.as_str()]);
        assert_eq!(out.errors.len(), 100_000);
        assert_eq!(
            (out.errors[99_999].line, out.errors[99_999].column),
            (1, 99_999)
        );

        let line = "fn a() {} ".repeat(1_000_000);
        let out = split(&line);
        assert_eq!(out.chunks.len(), 1_000_000);
        assert_eq!(out.chunks[999_999].column, 9_999_990);

        let items = "/// Doc.\npub struct S { a: u8 }\n".repeat(100_000);
        let out = split(&items);
        assert_eq!(out.chunks.len(), 100_000);
        assert_eq!(out.chunks[99_999].line, 199_999);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for text in [
            "",
            "'",
            "''",
            "'''",
            "'\\",
            "r",
            "r#",
            "r##",
            "r#\"",
            "b",
            "b'",
            "br",
            "br#",
            "c",
            "cr#",
            "c\"",
            "\"",
            "\"\\",
            "/",
            "/*",
            "/**",
            "/*!",
            "//",
            "#",
            "#!",
            "#![",
            "}",
            ")",
            "]",
            "{",
            "(",
            "[",
            "é'",
            "'é",
            "'\u{2028}'",
            "\u{2028}\u{85}",
            "\0",
            "-",
            "=",
            "'0",
            "r#é",
            "'r#a",
            "b'\\",
            "\r",
            "#!\n",
            "x\u{85}y",
        ] {
            check_invariants(text, &split(text));
        }
    }

    /// Tokens to build Rust-like text from, chosen to hit every corner of the lexer.
    const PIECES: &[&str] = &[
        "fn",
        "struct",
        "const",
        "static",
        "use",
        "let",
        "extern",
        "crate",
        "pub",
        "impl",
        "macro_rules!",
        "m!",
        "r#type",
        "x",
        "_",
        "0",
        " ",
        "\n",
        "\r\n",
        "\t",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "<",
        ">",
        "->",
        "=",
        ",",
        ";",
        "#",
        "!",
        "#![",
        "#[",
        "'",
        "'a",
        "'a'",
        "'\\''",
        "b'",
        "\"",
        "\\",
        "\"\\\"",
        "r\"",
        "r#\"",
        "\"#",
        "br#\"",
        "b\"",
        "c\"",
        "cr#\"",
        "r#",
        "/*",
        "*/",
        "/**",
        "/*!",
        "//",
        "///",
        "//!",
        "\nfn",
        "é",
        "😀",
        "\u{2028}",
        "\u{85}",
    ];

    /// Valid items, tricky ones included: joined by whitespace and comments, each must come
    /// back as one chunk.
    const ITEMS: &[&str] = &[
        "fn a() { '}' }",
        "const X: S = S { a: \"}\" };",
        "use a::{b, c};",
        "static T: [u8; 2] = [1, 2];",
        "const fn f<'a>(x: &'a u8) -> &'a u8 { x }",
        "struct S<T = u8> { t: T }",
        "struct U(u8);",
        "mod m;",
        "macro_rules! m { () => { '{' }; }",
        "foo!(\"(\");",
        "foo! { r#\"}\"# }",
        "/// Doc {\n#[attr = \"]\"]\nimpl<const N: usize> A<{ N }> for B {}",
        "extern crate alloc;",
        "type T = [u8; { 1 }];",
        "fn b() { /* } /* } */ */ }",
        "const _: () = { 'l: loop { break 'l; } };",
    ];

    const SEPARATORS: &[&str] = &["\n", " ", "\r\n\r\n", "\n// }\n", " /* { /* } */ */ ", "\t"];

    proptest! {
        #[test]
        fn arbitrary_text(text in any::<String>()) {
            check_invariants(&text, &split(&text));
        }

        #[test]
        fn rust_like_text(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..80)) {
            let text = pieces.concat();
            check_invariants(&text, &split(&text));
        }

        #[test]
        fn valid_items_come_back_whole(
            items in prop::collection::vec(
                (prop::sample::select(ITEMS), prop::sample::select(SEPARATORS)),
                0..20,
            ),
        ) {
            let text: String = items.iter().flat_map(|&(item, sep)| [item, sep]).collect();
            let expected: Vec<&str> = items.iter().map(|&(item, _)| item).collect();
            prop_assert_eq!(chunks(&text), expected);
        }
    }
}
