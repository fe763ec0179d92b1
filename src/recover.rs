//! Parses one chunk with syn, and when syn rejects it, keeps as much of it as parses.
//!
//! Recovery edits a copy of the chunk by *blanking*: what cannot be parsed is overwritten with
//! whitespace of the same width, line breaks kept. Every later token keeps its line and column,
//! so the visitor's spans stay true without any remapping. What gets blanked, smallest first:
//!
//! - nightly syntax that syn does not know but that only adds a keyword to stable syntax
//!   (`const trait`, `impl const`, `const impl`, `[const]` and `~const` bounds): the keyword
//!   alone;
//! - groups nested deeper than the depth limit: their insides (see [`crate::split::nesting`]);
//! - a broken function body: the body, and the function is kept with its signature (`partial`);
//! - a broken item inside an `impl`, `trait`, `mod` or `extern` block: that item alone;
//! - otherwise the whole item.
//!
//! The one edit that is not a blank: a body that the chunk never closes (a half-written item,
//! cut by the splitter at the next item) gets its `}` appended at the chunk's end, where it
//! shifts nothing.
//!
//! Valid input takes the fast path: one syn parse, plus a depth scan for chunks long enough
//! to be deep at all.

use crate::split::{item_body, nesting, nightly_keywords, split, BodyKind, Nesting};

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

/// Parses `source` (one chunk) with syn, recovering as described in the module docs.
/// `max_depth` is the nesting limit in [`crate::split::nesting`]'s units.
pub fn parse_chunk(source: &str, max_depth: usize) -> Parsed {
    parse_split_chunk(source, max_depth, usize::MAX)
}

/// [`parse_chunk`] for a chunk whose [`nesting`] estimate the splitter already made
/// ([`crate::split::Chunk::nesting`]), which spares the fast path its depth scan.
pub fn parse_split_chunk(source: &str, max_depth: usize, estimate: usize) -> Parsed {
    let shallow = source.len() <= max_depth
        || estimate <= max_depth
        || nesting(source, max_depth) == Nesting::Within;
    let nightly = NIGHTLY_HINTS.iter().any(|hint| source.contains(hint));
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
        text: source.to_owned(),
        line_starts,
        max_depth,
        problems: Vec::new(),
        losses: Vec::new(),
    };
    repair.blank_nightly_keywords();
    let file = repair.prune_nesting().and_then(|()| {
        repair.item(0..source.len(), Context::File, 0);
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
/// `Verbatim` tokens deep inside a function body where nobody looks.
const NIGHTLY_HINTS: [&str; 6] = [
    "impl const",
    "> const",
    "const trait",
    "const unsafe trait",
    "[const]",
    "~const",
];

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

struct Repair {
    /// The chunk, blanked where it could not be parsed.
    text: String,
    /// Byte offset of every line's start.
    line_starts: Vec<usize>,
    max_depth: usize,
    problems: Vec<Problem>,
    losses: Vec<(usize, usize)>,
}

impl Repair {
    /// Makes the item in `range` parse in `context`, blanking as little as possible.
    fn item(&mut self, mut range: std::ops::Range<usize>, context: Context, containers: usize) {
        let Err(error) = self.check(range.clone(), context) else {
            return;
        };
        let body = item_body(&self.text[range.clone()]).filter(|b| b.close > b.open);
        if let Some(body) = body {
            // A body never closed (the half-written item the splitter cut at the next item)
            // is closed at the end of the chunk: nothing comes after it to shift.
            if range.start + body.close == self.text.len() && range.end == self.text.len() {
                self.text.push('}');
                range.end += 1;
            }
            let open = range.start + body.open;
            let inside = open + 1..range.start + body.close;
            let inner = match body.kind {
                BodyKind::Impl => Some(Context::Impl),
                BodyKind::Trait => Some(Context::Trait),
                BodyKind::ExternBlock => Some(Context::ExternBlock),
                BodyKind::Module => Some(Context::File),
                BodyKind::Function | BodyKind::Other => None,
            };
            if let Some(inner) = inner.filter(|_| containers < MAX_CONTAINER_DEPTH) {
                let items = split(&self.text[inside.clone()]);
                for chunk in items.chunks {
                    let at = inside.start;
                    self.item(at + chunk.start..at + chunk.end, inner, containers + 1);
                }
                if self.check(range.clone(), context).is_ok() {
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
        self.report(range.start, context, &error, "this item is left out");
        self.losses.push(self.position(range.start));
        blank(&mut self.text, range);
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
        let lexing = error.to_string() == LEX_ERROR;
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
fn blank(text: &mut String, range: std::ops::Range<usize>) {
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
    fn unclosed_body_keeps_the_signature() {
        let parsed = parse_chunk("fn a(x: u8) {\n    if x {\n        y();\n}", DEPTH);
        assert_eq!(printed(&parsed), "fn a (x : u8) { }");
        assert_eq!(parsed.losses, [(1, 12)]);
        assert!(parsed.problems.iter().all(|p| p.lexing));
        let parsed = parse_chunk("impl X {\n    fn a() {}\n    fn b() {", DEPTH);
        // Only the chunk's own end can take the missing `}`: the unclosed item inside is lost.
        assert_eq!(printed(&parsed), "impl X { fn a () { } }");
    }

    #[test]
    fn broken_header_loses_the_item() {
        let parsed = parse_chunk("fn a( -> u8 { 1 }", DEPTH);
        assert!(parsed.file.is_none());
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.problems[0]
            .message
            .ends_with("; this item is left out"));
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
            "mod m { trait T { fn x (& self) ; } extern \"C\" { fn z () ; } }"
        );
        assert_eq!(parsed.problems.len(), 2);
        assert_eq!(parsed.losses, [(4, 8), (6, 25)]);
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
