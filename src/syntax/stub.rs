//! Stubs of items whose header does not parse: recovery's last resort before an item is left
//! out. A function whose signature syn rejects, or a struct, enum, union, trait or module whose
//! header (or all-or-nothing body) it rejects, still has a keyword and a name, and those are
//! what a reader of the graph looks for. The stub keeps them (and the attributes, visibility
//! and qualifiers before them) where they were, blanks the rest, and writes the least syntax
//! that makes the item parse over the blanks: `()` and `{` after the name, `}` where the item
//! ended. Like every other blank, it moves no token.
//!
//! An `impl` has no name of its own (it is named by its header, which is what does not parse),
//! so a broken impl header still costs the whole block.

use super::lexer::{Kind, Lexer};
use std::ops::Range;

/// An item reduced to its name, ready to replace the item's text.
pub(super) struct Stub {
    /// The item's text with everything but its kept tokens blanked and the stub's syntax
    /// written over blanks; longer than the item only when the item ends the chunk and had no
    /// room for that syntax (appending there shifts nothing).
    pub text: String,
    /// Where the name starts.
    pub name: usize,
}

/// The stubs to try for the item `text`, best first: with its attributes, then without (an
/// attribute may be what is broken). `bodiless` is for items of an `extern` block, where a
/// function has no body. `at_end` says that the item ends the chunk.
pub(super) fn stubs(text: &str, bodiless: bool, at_end: bool) -> Vec<Stub> {
    let Some(header) = header(text) else {
        return Vec::new();
    };
    let (open, close) = match header.keyword {
        "fn" if bodiless => ("();", ""),
        "fn" => ("(){", "}"),
        _ => ("{", "}"),
    };
    let end = text.trim_end().len();
    let mut stubs = Vec::new();
    for with_attrs in [true, false] {
        if !with_attrs && header.attrs.is_empty() {
            break;
        }
        let kept = header
            .kept
            .iter()
            .chain(header.attrs.iter().filter(|_| with_attrs));
        let mut blanked = blank_except(text, kept);
        if write_stub(&mut blanked, header.name.end..end, (open, close), at_end) {
            stubs.push(Stub {
                text: blanked,
                name: header.name.start,
            });
        }
    }
    stubs
}

/// Whether `text` holds nothing but outer attributes, doc comments and comments: the start of
/// an item, which must not be cut from the rest of it.
pub(super) fn attributes_only(text: &str) -> bool {
    let mut lexer = Lexer::new(text, 0);
    while let Some(tok) = lexer.next() {
        match tok.kind {
            Kind::Comment | Kind::Doc { inner: false } => {}
            Kind::Punct(b'#') => {
                let group = lexer.next().filter(|t| t.kind == Kind::Open(b'['));
                if group.and_then(|g| close_of(&mut lexer, g.kind)).is_none() {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

/// What a stub keeps of an item.
struct Header {
    /// `fn`, `struct`, `enum`, `union`, `trait` or `mod`.
    keyword: &'static str,
    /// Outer attributes and doc markers.
    attrs: Vec<Range<usize>>,
    /// Visibility, qualifiers, the keyword and the name.
    kept: Vec<Range<usize>>,
    name: Range<usize>,
}

/// Words that may come between an item's attributes and its keyword.
const QUALIFIERS: [&str; 8] = [
    "pub", "async", "unsafe", "const", "extern", "default", "auto", "safe",
];

/// Reads the attributes, visibility, qualifiers, keyword and name at the start of `text`;
/// `None` when it does not start like an item a stub can stand for.
fn header(text: &str) -> Option<Header> {
    let mut attrs = Vec::new();
    let mut kept = Vec::new();
    let mut lexer = Lexer::new(text, 0);
    let mut previous = "";
    while let Some(tok) = lexer.next() {
        let word = &text[tok.start..tok.end];
        match tok.kind {
            Kind::Comment => {}
            Kind::Doc { inner: false } => attrs.push(tok.start..tok.end),
            Kind::Punct(b'#') => {
                let open = lexer.next().filter(|t| t.kind == Kind::Open(b'['))?;
                let close = close_of(&mut lexer, open.kind)?;
                attrs.push(tok.start..close + 1);
            }
            // `pub(crate)`, `pub(in path)`.
            Kind::Open(b'(') if previous == "pub" => {
                let close = close_of(&mut lexer, tok.kind)?;
                kept.push(tok.start..close + 1);
            }
            // `extern "C"`.
            Kind::Str if previous == "extern" => kept.push(tok.start..tok.end),
            Kind::Word if QUALIFIERS.contains(&word) => {
                kept.push(tok.start..tok.end);
                previous = word;
                continue;
            }
            Kind::Word => {
                let keyword = ["fn", "struct", "enum", "union", "trait", "mod"]
                    .into_iter()
                    .find(|&k| k == word)?;
                let name = lexer.next().filter(|t| t.kind == Kind::Word)?;
                let name_text = &text[name.start..name.end];
                let keyword_like = QUALIFIERS.contains(&name_text)
                    || matches!(
                        name_text,
                        "fn" | "struct" | "enum" | "trait" | "mod" | "impl"
                    );
                if keyword_like || name_text.starts_with(|c: char| c.is_ascii_digit()) {
                    return None;
                }
                kept.push(tok.start..tok.end);
                kept.push(name.start..name.end);
                return Some(Header {
                    keyword,
                    attrs,
                    kept,
                    name: name.start..name.end,
                });
            }
            _ => return None,
        }
        previous = "";
    }
    None
}

/// Skips past the group that the token of kind `open` just opened; the offset of its closer.
fn close_of(lexer: &mut Lexer<'_>, open: Kind) -> Option<usize> {
    let Kind::Open(opener) = open else {
        return None;
    };
    let mut depth = 0usize;
    for tok in lexer.by_ref() {
        match tok.kind {
            Kind::Open(b) if b == opener => depth += 1,
            Kind::Close(b) if super::lexer::opener_for(b) == opener => {
                if depth == 0 {
                    return Some(tok.start);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// `text` with everything outside `kept` blanked.
fn blank_except<'r>(text: &str, kept: impl Iterator<Item = &'r Range<usize>>) -> String {
    let mut kept: Vec<&Range<usize>> = kept.collect();
    kept.sort_by_key(|r| r.start);
    let mut out = text.to_owned();
    let mut at = 0;
    for range in kept.into_iter().chain([&(text.len()..text.len())]) {
        super::recover::blank(&mut out, at..range.start);
        at = range.end;
    }
    out
}

/// Writes `open` over the first blanks after the name and `close` over the last blank before
/// the item's code ends (so that the stub spans the item), both within `room`, or appends them
/// when the item ends the chunk without room for them. Only ASCII spaces are written over:
/// line breaks stay.
fn write_stub(
    text: &mut String,
    room: Range<usize>,
    (open, close): (&str, &str),
    at_end: bool,
) -> bool {
    let (name_end, end) = (room.start, room.end);
    let spaces = |at: usize, len: usize| {
        text.as_bytes()
            .get(at..at + len)
            .is_some_and(|b| b.iter().all(|&b| b == b' '))
    };
    let opener = (name_end..end).find(|&at| spaces(at, open.len()));
    let closer = opener.and_then(|opener| {
        let from = opener + open.len();
        (from..end).rev().find(|&at| spaces(at, close.len()))
    });
    match (opener, closer) {
        (Some(opener), Some(closer)) => {
            text.replace_range(opener..opener + open.len(), open);
            text.replace_range(closer..closer + close.len(), close);
            true
        }
        (Some(opener), None) if close.is_empty() => {
            text.replace_range(opener..opener + open.len(), open);
            true
        }
        _ if at_end => {
            text.push_str(open);
            text.push_str(close);
            true
        }
        _ => false,
    }
}
