//! Byte offsets of a chunk's spans, found without proc-macro2's own lookup.
//!
//! `Span::byte_range` turns a span's char positions into bytes through a per-file cache: a
//! `BTreeMap` it fills by counting chars from the nearest position it knows. For the few
//! spans the visit needs as bytes (each attribute, each macro input, each doc marker) that
//! was about 1% of a run on std's sources. In a chunk that is all ASCII (nearly all of them)
//! a char is a byte, so a span's line and column give its offset straight from the chunk's
//! line starts; other chunks ask proc-macro2.

use proc_macro2::{LineColumn, Span};
use std::ops::Range;

/// Where each line of an ASCII chunk starts; for any other chunk, nothing.
pub struct ChunkOffsets {
    line_starts: Option<Vec<usize>>,
}

impl ChunkOffsets {
    /// `text`: the chunk as syn parsed it, or any text with the same bytes where they differ
    /// only inside doc comments (see [`crate::syntax::docs`]): if it is ASCII, so is what syn saw.
    pub fn new(text: &str) -> ChunkOffsets {
        let line_starts = text.is_ascii().then(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1))
                .collect()
        });
        ChunkOffsets { line_starts }
    }

    /// What `span.byte_range()` gives, in a chunk parsed on its own.
    pub fn range(&self, span: Span) -> Range<usize> {
        let direct = self
            .line_starts
            .as_deref()
            .and_then(|lines| Some(offset(lines, span.start())?..offset(lines, span.end())?));
        // Line 0 is a span made up by a macro (`Span::call_site`): proc-macro2 says 0..0.
        direct.unwrap_or_else(|| span.byte_range())
    }
}

fn offset(line_starts: &[usize], at: LineColumn) -> Option<usize> {
    Some(line_starts.get(at.line.checked_sub(1)?)? + at.column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_match_proc_macro2s() {
        for text in [
            "fn f() {\n    g(1, 2);\n}\n#[inline] struct S;",
            "/// Café.\nfn f() { \"é\" }",
            "",
        ] {
            let offsets = ChunkOffsets::new(text);
            let tokens: proc_macro2::TokenStream = text.parse().unwrap();
            let mut stack = vec![tokens];
            while let Some(stream) = stack.pop() {
                for tree in stream {
                    let span = tree.span();
                    assert_eq!(offsets.range(span), span.byte_range(), "{text:?}: {tree}");
                    if let proc_macro2::TokenTree::Group(group) = tree {
                        let join = group.delim_span().join();
                        assert_eq!(offsets.range(join), join.byte_range());
                        stack.push(group.stream());
                    }
                }
            }
        }
        assert_eq!(ChunkOffsets::new("x").range(Span::call_site()), 0..0);
    }
}
