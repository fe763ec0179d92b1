use super::*;
use crate::syntax::testing::{
    assert_broken, assert_items_are_chunks, assert_round_trip, chunks, texts,
};
use proptest::prelude::*;

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
    assert_items_are_chunks(&items);
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
    assert_items_are_chunks(&items);
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
    assert_items_are_chunks(&items);
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
    let text = "fn a() {}\r\n\r\n  struct B;\r\n/// é\r\n\tconst C: u8 = 1;\r\n/* é */ enum D {}";
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
