//! Doc comments, read from the source text instead of through syn.
//!
//! proc-macro2 turns every `/// text` into `#[doc = " text"]`: an escaped copy of the comment
//! as a string literal, which syn then parses as an attribute and the visitor unescapes again.
//! On std's sources, where most lines of many files are docs, that was about a tenth of the
//! pipeline's time, for a summary that only needs the first paragraph.
//!
//! So before syn sees a chunk, each *run* of doc comments (consecutive `///` lines, or `//!`
//! lines, with nothing but whitespace between them; or one block doc comment) is overwritten
//! by one *marker* of the same width: `#[d]` (outer) or `#![d]` (inner) at its start, then
//! spaces, line breaks kept. syn attaches the marker to exactly the item, field, variant or
//! module the docs belong to, and every later token keeps its line, column and byte offset.
//! The summary is then read from the original text of the run the marker stands for. A `d`
//! attribute is a marker only where a run's marker was written; anything else named `d` stays
//! an attribute like any other.
//!
//! Kept as they are, and read through syn as before (so nothing is lost, only not sped up): a
//! block doc comment with non-ASCII text (blanking it byte by byte would move the columns of
//! tokens after it on its last line), and a first line too narrow for its marker (a bare `///`,
//! whose empty literal costs little, or `//!x`; a `/**` alone on its line); a line run then
//! starts on the next line.

use crate::syntax::offsets::ChunkOffsets;
use std::borrow::Cow;
use std::ops::Range;

/// The doc comments of one chunk, grouped into the runs that get one marker each.
pub struct DocComments<'a> {
    /// The chunk's original text, doc comments intact.
    source: &'a str,
    /// Every doc comment, by byte range into `source`, in order.
    comments: Vec<Range<usize>>,
    /// By start (where the marker goes): the comments, as indices into `comments`.
    runs: Vec<(usize, Range<usize>)>,
}

const OUTER_MARKER: &str = "#[d]";
const INNER_MARKER: &str = "#![d]";
const MARKER_NAME: &str = "d";

impl<'a> DocComments<'a> {
    /// `comments`: the doc comments in `source`, in order (as [`crate::syntax::split::Split::docs`]
    /// finds them).
    pub fn new(source: &'a str, comments: Vec<Range<usize>>) -> DocComments<'a> {
        let mut runs = Vec::new();
        let mut next = 0;
        while let Some(first) = comments.get(next).and_then(|r| source.get(r.clone())) {
            let start = next;
            next += 1;
            let style = Style::of(first);
            match style {
                Style::Block { inner } if first.is_ascii() && fits(first, inner) => {}
                Style::Line { inner } if fits(first, inner) => {
                    while let Some(range) = comments.get(next) {
                        let joined = comments
                            .get(next - 1)
                            .and_then(|previous| source.get(previous.end..range.start))
                            .is_some_and(|gap| gap.trim().is_empty());
                        let same = source.get(range.clone()).map(Style::of) == Some(style);
                        if !(joined && same) {
                            break;
                        }
                        next += 1;
                    }
                }
                _ => continue,
            }
            runs.push((comments[start].start, start..next));
        }
        DocComments {
            source,
            comments,
            runs,
        }
    }

    /// The chunk's text with each run replaced by its marker, for syn.
    pub fn rewrite(&self) -> Cow<'a, str> {
        if self.runs.is_empty() {
            return Cow::Borrowed(self.source);
        }
        let mut bytes = self.source.as_bytes().to_vec();
        for (at, members) in &self.runs {
            let Some(first) = self.comments.get(members.start) else {
                continue;
            };
            let inner = self.starts_inner(first.start);
            for range in self.comments.get(members.clone()).unwrap_or_default() {
                for byte in bytes.get_mut(range.clone()).unwrap_or_default() {
                    if *byte != b'\n' {
                        *byte = b' ';
                    }
                }
            }
            let marker = marker(inner).as_bytes();
            if let Some(target) = bytes.get_mut(*at..at + marker.len()) {
                target.copy_from_slice(marker);
            }
        }
        // Whole comments (which start and end on char boundaries) became ASCII: still UTF-8.
        String::from_utf8(bytes).map_or(Cow::Borrowed(self.source), Cow::Owned)
    }

    /// The doc comments a marker attribute stands for, if `attr` is one.
    fn marked(&self, attr: &syn::Attribute, offsets: &ChunkOffsets) -> Option<&[Range<usize>]> {
        if !attr.path().is_ident(MARKER_NAME) || !matches!(attr.meta, syn::Meta::Path(_)) {
            return None;
        }
        // Found by the `d`'s own position, not the `#`'s: docs passed through a macro
        // (`$(#[$meta:meta])*`) keep their `d` where it was written, while the `#` and the
        // brackets are the macro's.
        let name = attr.path().get_ident()?;
        let at = offsets.range(name.span()).start;
        let run = [false, true]
            .into_iter()
            .filter_map(|inner| {
                // The marker's `]` follows its name.
                let start = at.checked_sub(marker(inner).len() - MARKER_NAME.len() - 1)?;
                let index = self.runs.binary_search_by_key(&start, |run| run.0).ok()?;
                (self.starts_inner(start) == inner).then_some(index)
            })
            .next()?;
        self.comments.get(self.runs.get(run)?.1.clone())
    }

    /// Whether the doc comment at `start` is an inner one (`//!`, `/*!`).
    fn starts_inner(&self, start: usize) -> bool {
        self.source.as_bytes().get(start + 2) == Some(&b'!')
    }

    /// Whether `attr` is a marker: docs, not an attribute of the item's own.
    pub fn is_marker(&self, attr: &syn::Attribute, offsets: &ChunkOffsets) -> bool {
        self.marked(attr, offsets).is_some()
    }

    /// The first paragraph of an item's docs (`attrs` in order: markers and `#[doc = ".."]`
    /// alike), joined into one line. The docs after it are not even unescaped: std's run to
    /// pages.
    pub fn summary(&self, attrs: &[syn::Attribute], offsets: &ChunkOffsets) -> Option<String> {
        let mut summary = String::new();
        // Takes one line of docs; false once the first paragraph is over. `split`, not
        // `lines`, feeds it: an empty `///` is a paragraph break.
        let mut take = |line: &str| {
            let line = line.trim();
            if line.is_empty() {
                return summary.is_empty();
            }
            if !summary.is_empty() {
                summary.push(' ');
            }
            summary.push_str(line);
            true
        };
        for attr in attrs {
            let more = match self.marked(attr, offsets) {
                Some(run) => run
                    .iter()
                    .filter_map(|range| self.source.get(range.clone()))
                    .flat_map(|comment| comment_text(comment).split('\n'))
                    .all(&mut take),
                None => match doc_value(attr) {
                    Some(value) => value.split('\n').all(&mut take),
                    None => continue,
                },
            };
            if !more {
                break;
            }
        }
        (!summary.is_empty()).then_some(summary)
    }
}

/// What makes doc comments one run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Line { inner: bool },
    Block { inner: bool },
}

impl Style {
    fn of(comment: &str) -> Style {
        let inner = comment.as_bytes().get(2) == Some(&b'!');
        if comment.starts_with("/*") {
            Style::Block { inner }
        } else {
            Style::Line { inner }
        }
    }
}

/// Whether a comment's first line has room for its marker: written over a line break
/// (`/**` alone on its line), a marker would move every later line up.
fn fits(comment: &str, inner: bool) -> bool {
    let first_line = comment.split('\n').next().unwrap_or_default();
    first_line.trim_end_matches('\r').len() >= marker(inner).len()
}

fn marker(inner: bool) -> &'static str {
    if inner {
        INNER_MARKER
    } else {
        OUTER_MARKER
    }
}

/// What proc-macro2 would have put in the `#[doc = ".."]` literal: the text after `///` or
/// `//!`, or between `/**` (`/*!`) and `*/`.
fn comment_text(comment: &str) -> &str {
    match comment.strip_suffix("*/") {
        Some(block) if comment.starts_with("/*") => block.get(3..).unwrap_or(""),
        _ => comment.get(3..).unwrap_or(""),
    }
}

/// The text of a `#[doc = "..."]` attribute.
fn doc_value(attr: &syn::Attribute) -> Option<String> {
    if !attr.path().is_ident("doc") {
        return None;
    }
    match &attr.meta {
        syn::Meta::NameValue(syn::MetaNameValue {
            value:
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments(source: &str) -> DocComments<'_> {
        DocComments::new(source, crate::syntax::split::split(source).docs)
    }

    /// Parses the rewritten text, as the visitor does, and reads the docs back.
    fn summary_of(comments: &DocComments<'_>) -> Option<String> {
        let text = comments.rewrite();
        let item: syn::ItemFn = syn::parse_str(&text).unwrap();
        comments.summary(&item.attrs, &ChunkOffsets::new(&text))
    }

    fn summary(source: &str) -> Option<String> {
        summary_of(&comments(source))
    }

    /// With no comment rewritten, every doc goes through syn's `#[doc = ".."]`.
    fn summary_through_syn(source: &str) -> Option<String> {
        summary_of(&DocComments::new(source, Vec::new()))
    }

    #[test]
    fn a_run_becomes_one_marker_and_every_position_stays() {
        let source = "/// Doc é.\n  ///\n/// More.\n/** Block. */ fn f() {}";
        let text = comments(source).rewrite();
        assert_eq!(text.matches("#[d]").count(), 2);
        assert!(text.starts_with("#[d] "));
        assert!(text.ends_with(" fn f() {}"));
        let lines = |t: &str| t.split('\n').map(str::len).collect::<Vec<_>>();
        assert_eq!(lines(&text), lines(source));
        assert_eq!(
            text.split('\n').nth(3).map(|l| l.starts_with("#[d]")),
            Some(true)
        );
    }

    #[test]
    fn markers_and_syn_read_the_same_docs() {
        for (source, expected) in [
            (
                "/// One\n/// two.\n///\n/// Rest.\nfn f() {}",
                Some("One two."),
            ),
            (
                "///\n#[doc = \"One\\n   two\"]\n/// three\n#[doc = \"\"]\n/// Rest.\nfn f() {}",
                Some("One two three"),
            ),
            ("///\n///\nfn f() {}", None),
            ("/**\n * Star.\n */\n/// x\nfn f() {}", Some("* Star.")),
            ("/// a\n#[inline]\n///\n/// b\nfn f() {}", Some("a")),
            (
                "/// a\n\n   /// b\n// plain\n/// c\nfn f() {}",
                Some("a b c"),
            ),
            ("#[inline]\nfn f() {}", None),
        ] {
            assert_eq!(summary(source).as_deref(), expected, "{source}");
            assert_eq!(summary_through_syn(source).as_deref(), expected, "{source}");
        }
    }

    #[test]
    fn what_cannot_hold_a_marker_is_read_through_syn() {
        // A non-ASCII block comment stays as it is.
        let source = "/** Café. */ fn f() {}";
        assert_eq!(comments(source).rewrite(), source);
        assert_eq!(summary(source).as_deref(), Some("Café."));
        // So does a first line too narrow for its marker; the run starts after it.
        let source = "mod m {\n//!x\n//! y\n}";
        assert_eq!(comments(source).rewrite(), "mod m {\n//!x\n#![d]\n}");
        // A block comment whose first line is only its opener: the marker would cover
        // the line break.
        let source = "/**\nBlock.\n*/\nfn f() {}";
        assert_eq!(comments(source).rewrite(), source);
        assert_eq!(summary(source).as_deref(), Some("Block."));
    }

    #[test]
    fn an_attribute_named_d_is_no_marker() {
        let source = "#[d]\n/// Doc.\nfn f() {}";
        let comments = comments(source);
        let text = comments.rewrite();
        let item: syn::ItemFn = syn::parse_str(&text).unwrap();
        let offsets = ChunkOffsets::new(&text);
        assert!(!comments.is_marker(&item.attrs[0], &offsets));
        assert!(comments.is_marker(&item.attrs[1], &offsets));
        assert_eq!(
            comments.summary(&item.attrs, &offsets).as_deref(),
            Some("Doc.")
        );
    }
}
