//! What the syntax tests share: the splitter's output checked against what holds for any
//! input, and the ways a test states the chunks it expects. The lexer is tested through the
//! splitter too: which delimiters it hides shows in where the chunks end.

use super::lexer::{Kind, Lexer};
use super::scan::{nesting, Nesting};
use super::split::{shebang_end, split, Split};
use quote::ToTokens;

pub(super) fn texts<'a>(text: &'a str, split: &Split) -> Vec<&'a str> {
    split.chunks.iter().map(|c| &text[c.start..c.end]).collect()
}

/// The chunk texts of an input that must split without errors.
pub(super) fn chunks(text: &str) -> Vec<&str> {
    let out = split(text);
    assert_eq!(out.errors, [], "errors for {text:?}");
    check_invariants(text, &out);
    texts(text, &out)
}

/// Checks the chunk texts and the errors, written "line:column message".
pub(super) fn assert_broken(text: &str, chunks: &[&str], errors: &[&str]) {
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

/// Items joined by line breaks must come back one chunk each, and parse as the whole file does.
pub(super) fn assert_items_are_chunks(items: &[&str]) {
    let text = items.join("\n");
    assert_eq!(chunks(&text), items);
    assert_round_trip(&text);
}

/// Parsing the chunks one by one must give what parsing the whole file gives.
pub(super) fn assert_round_trip(text: &str) {
    let mut whole = syn::parse_file(text).expect("the fixture is valid Rust");
    whole.shebang = None;
    let mut parts = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: Vec::new(),
    };
    for chunk in chunks(text) {
        let part: syn::File =
            syn::parse_str(chunk).unwrap_or_else(|e| panic!("chunk {chunk:?} does not parse: {e}"));
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
pub(super) fn check_invariants(text: &str, split: &Split) {
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
