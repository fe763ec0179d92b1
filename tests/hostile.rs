//! Hostile input: broken, nightly, oddly encoded, huge and deeply nested source. Each case
//! asserts what survives and which diagnostics appear; none may panic.

mod common;

use common::{analyze_with, fixture, source};
use cratemap::model::{FileStatus, Graph, NodeKind};
use cratemap::{analyze, Limits, Options, SourceFile};

fn one(text: &str) -> Graph {
    analyze_with(source(&[("lib.rs", text)]), 2)
}

/// `kind path` of every item node (interned types and externals left out), in id order.
fn items(graph: &Graph) -> Vec<String> {
    graph
        .nodes
        .iter()
        .filter(|n| !matches!(n.kind, NodeKind::Type | NodeKind::External))
        .map(|n| format!("{} {}", n.kind.as_str(), n.path))
        .collect()
}

/// The paths of nodes flagged `partial`.
fn partial(graph: &Graph) -> Vec<&str> {
    let nodes = graph.nodes.iter().filter(|n| n.details.partial);
    nodes.map(|n| n.path.as_str()).collect()
}

/// `file:line:column severity: message` of every diagnostic.
fn diagnostics(graph: &Graph) -> Vec<String> {
    graph
        .diagnostics
        .iter()
        .map(|d| {
            let severity = d.severity.as_str();
            format!(
                "{}:{}:{} {severity}: {}",
                d.file, d.line, d.column, d.message
            )
        })
        .collect()
}

fn status(graph: &Graph, path: &str) -> FileStatus {
    let file = graph.files.iter().find(|f| f.path == path);
    file.expect("the file is listed").status
}

#[test]
fn broken_items_cost_only_themselves() {
    let graph = one("use std::fmt;

fn good() -> u8 { 1 }

fn broken_body(x: u8) -> u8 {
    let y = x +;
    y
}

impl Foo {
    fn a(&self) {}
    fn b(&self) { let = 3; }
}

struct Broken { a: u8, b: }

trait T {
    fn x(&self);
}

mod inner {
    fn ok() {}
    fn bad() -> { }
}
");
    assert_eq!(
        items(&graph),
        [
            "module lib",
            "use lib::std::fmt",
            "function lib::good",
            "function lib::broken_body",
            "impl lib::<impl Foo>",
            "method lib::Foo::a",
            "method lib::Foo::b",
            "struct lib::Broken",
            "trait lib::T",
            "method lib::T::x",
            "module lib::inner",
            "function lib::inner::ok",
            "function lib::inner::bad",
        ]
    );
    assert_eq!(
        partial(&graph),
        [
            "lib::broken_body",
            "lib::<impl Foo>",
            "lib::Foo::b",
            "lib::Broken",
            "lib::inner",
            "lib::inner::bad"
        ]
    );
    let found = diagnostics(&graph);
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].starts_with("lib.rs:6:15 error: expected an expression; the function"));
    assert!(found[1].starts_with("lib.rs:12:22 error: expected one of"));
    assert!(
        found[2].ends_with("; only its name is kept"),
        "{}",
        found[2]
    );
    assert!(found[3].starts_with("lib.rs:23:16 error: expected one of"));
    assert_eq!(status(&graph, "lib.rs"), FileStatus::Partial);
}

/// #17 item 7: an item whose header does not parse stays in the graph as a stub of its keyword
/// and name, spanning the item, `partial`, with the diagnostic kept. An impl, named by its
/// header, is the exception.
#[test]
fn broken_headers_keep_a_stub() {
    let graph = one("/// Adds.
pub fn add(a: u8, b: ) -> u8 {
    a + b
}

pub struct Pair<T { a: T }

enum Shape { Circle = , }

trait Draw<: { fn draw(&self); }

impl<T Draw for Pair<T> { fn draw(&self) {} }

impl Shape {
    fn area(&self -> f64 { 0.0 }
}

fn caller() { add(1, 2); }
");
    assert_eq!(
        items(&graph),
        [
            "module lib",
            "function lib::add",
            "struct lib::Pair",
            "enum lib::Shape",
            "trait lib::Draw",
            "impl lib::<impl Shape>",
            "method lib::Shape::area",
            "function lib::caller",
        ]
    );
    let node = |path: &str| graph.nodes.iter().find(|n| n.path == path).expect(path);
    let add = node("lib::add");
    assert_eq!(add.visibility.as_string(), "pub");
    assert_eq!(add.details.doc(), Some("Adds."));
    let span = add.span.expect("a span");
    assert_eq!((span.start, span.end), ([1, 0], [4, 1]));
    assert_eq!(
        partial(&graph),
        [
            "lib::add",
            "lib::Pair",
            "lib::Shape",
            "lib::Draw",
            "lib::<impl Shape>",
            "lib::Shape::area"
        ]
    );
    // Calls still find the stub.
    let calls = graph.edges.iter().filter(|e| e.kind.as_str() == "calls");
    let targets: Vec<&str> = calls
        .map(|e| graph.nodes[e.target as usize].path.as_str())
        .collect();
    assert_eq!(targets, ["lib::add"]);
    let found = diagnostics(&graph);
    assert_eq!(found.len(), 6, "{found:#?}");
    let kept = found
        .iter()
        .filter(|d| d.ends_with("; only its name is kept"));
    // The method's unclosed `(` is the splitter's word, which says enough.
    assert_eq!(kept.count(), 4, "{found:#?}");
    assert!(found[0].starts_with("lib.rs:2:21 error: "), "{}", found[0]);
    assert!(
        found[4].ends_with("; this item is left out"),
        "{}",
        found[4]
    );
}

#[test]
fn unterminated_strings_and_comments() {
    // The string swallows `b`'s closing brace: `b` keeps its signature.
    let graph = one("fn a() {}\nfn b() { let s = \"oops; }\n\nfn c() {}\n");
    assert_eq!(
        items(&graph),
        [
            "module lib",
            "function lib::a",
            "function lib::b",
            "function lib::c"
        ]
    );
    assert_eq!(partial(&graph), ["lib::b"]);
    let found = diagnostics(&graph);
    assert_eq!(found[0], "lib.rs:2:17 error: unterminated string literal");
    assert_eq!(status(&graph, "lib.rs"), FileStatus::Partial);

    let graph = one("fn a() {}\n/* never /* closed */\nfn b() {}\n");
    assert_eq!(
        items(&graph),
        ["module lib", "function lib::a", "function lib::b"]
    );
    assert_eq!(
        diagnostics(&graph),
        ["lib.rs:2:0 error: unterminated block comment"]
    );

    // Only an unterminated literal: nothing survives, and the file has failed.
    let graph = one("/// Docs\nconst S: &str = \"never closed;\n");
    assert_eq!(items(&graph), ["module lib"]);
    assert_eq!(status(&graph, "lib.rs"), FileStatus::Failed);
}

#[test]
fn unclosed_delimiters_resync_at_the_next_item() {
    let graph = one("fn half(x: u8) -> u8 {
    if x > 1 {
        x

#[test]
fn next() {}

impl S {
    fn m(&self) -> u8 { (1 + 2 }
    fn n(&self) {}
}
struct After;
");
    assert_eq!(
        items(&graph),
        [
            "module lib",
            "function lib::half",
            "function lib::next",
            "impl lib::<impl S>",
            "method lib::S::m",
            "method lib::S::n",
            "struct lib::After",
        ]
    );
    assert_eq!(partial(&graph), ["lib::half", "lib::<impl S>", "lib::S::m"]);
    let found = diagnostics(&graph);
    assert_eq!(
        found,
        [
            "lib.rs:1:21 error: unclosed `{` opened here",
            "lib.rs:2:13 error: unclosed `{` opened here",
            "lib.rs:9:24 error: unclosed `(` opened here",
        ]
    );
}

#[test]
fn unclosed_items_inside_blocks_cost_only_themselves() {
    let graph = one("mod a { fn ok() {} fn broken( { } fn later() {} }

impl S {
    fn m(&self) {
        let x = 1;
    fn n(&self) {}
    fn o(&self) { if x { } }
}

mod b {
    fn p() {
        if x {
    }
    struct K;
}
fn after() {}
");
    assert_eq!(
        items(&graph),
        [
            "module lib",
            "module lib::a",
            "function lib::a::ok",
            "function lib::a::broken",
            "function lib::a::later",
            "impl lib::<impl S>",
            "method lib::S::m",
            "method lib::S::n",
            "method lib::S::o",
            "module lib::b",
            "function lib::b::p",
            "struct lib::b::K",
            "function lib::after",
        ]
    );
    assert_eq!(
        partial(&graph),
        [
            "lib::a",
            "lib::a::broken",
            "lib::<impl S>",
            "lib::S::m",
            "lib::b",
            "lib::b::p"
        ]
    );
    assert_eq!(
        diagnostics(&graph),
        [
            "lib.rs:1:28 error: unclosed `(` opened here",
            "lib.rs:3:7 error: unclosed `{` opened here",
            "lib.rs:4:16 error: unclosed `{`; it is closed where the next item starts",
            "lib.rs:10:6 error: unclosed `{` opened here",
            "lib.rs:11:11 error: unclosed `{`; it is closed where the next item starts",
        ]
    );
    assert_eq!(status(&graph, "lib.rs"), FileStatus::Partial);
}

#[test]
fn raw_strings_with_many_hashes() {
    let graph = one(
        r#####"const S: &str = r####"a "### } fn fake() {} "###"####;
fn after() {}
const T: &[u8] = br###"}"##"###;
"#####,
    );
    assert_eq!(
        items(&graph),
        [
            "module lib",
            "const lib::S",
            "function lib::after",
            "const lib::T"
        ]
    );
    assert_eq!(diagnostics(&graph), [] as [&str; 0]);

    // rustc allows at most 255 `#`: more is an error that only the item pays for.
    let hashes = "#".repeat(300);
    let graph = one(&format!(
        "fn a() {{}}\nconst S: &str = r{hashes}\"x\"{hashes};\nfn b() {{}}\n"
    ));
    assert_eq!(
        items(&graph),
        ["module lib", "function lib::a", "function lib::b"]
    );
    let found = diagnostics(&graph);
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("lib.rs:2:16 error: this is not valid Rust at the token level"));

    let graph = one("fn a() {}\nconst S: &str = r###\"never\"##;\nfn b() {}\n");
    assert_eq!(
        items(&graph),
        ["module lib", "function lib::a", "function lib::b"]
    );
    assert_eq!(
        diagnostics(&graph),
        ["lib.rs:2:16 error: unterminated raw string literal"]
    );
}

#[test]
fn char_literals_versus_lifetimes() {
    let graph = one(
        r#"fn f<'a>(x: &'a str) -> char { let c = 'a'; 'b: loop { break 'b; } c }
fn g() -> [char; 4] { ['\'', '{', '}', '\u{7d}'] }
impl<'a> S<'a> { fn h(&'a self) -> u8 { b'}' } }
fn i<'a, 'b: 'a>(_: &'a u8, _: &'b u8) -> char { '"' }
"#,
    );
    assert_eq!(
        items(&graph),
        [
            "module lib",
            "function lib::f",
            "function lib::g",
            "impl lib::<impl S<'a>>",
            "method lib::S::h",
            "function lib::i",
        ]
    );
    assert_eq!(diagnostics(&graph), [] as [&str; 0]);
    // A stray quote ends at its line and costs only its item.
    let graph = one("fn a() { let c = 'ab; }\nfn b() {}\n");
    assert_eq!(
        items(&graph),
        ["module lib", "function lib::a", "function lib::b"]
    );
    assert_eq!(partial(&graph), ["lib::a"]);
}

#[test]
fn path_cycles_terminate() {
    let graph = analyze_with(
        source(&[
            ("src/lib.rs", "#[path = \"other.rs\"]\nmod a;\n"),
            (
                "src/other.rs",
                "#[path = \"lib.rs\"]\nmod b;\nfn in_other() {}\n",
            ),
        ]),
        2,
    );
    let found = diagnostics(&graph);
    assert!(
        found.iter().any(|d| d
            .starts_with("src/other.rs:1:0 warning: module `b` would load `src/lib.rs`")
            && d.contains("cycle")),
        "{found:#?}"
    );
    assert!(items(&graph).contains(&"function lib::a::in_other".to_string()));
}

#[test]
fn missing_and_twice_declared_modules() {
    let graph = analyze_with(
        source(&[
            (
                "src/lib.rs",
                "mod missing;\nmod twice;\nmod twice;\nfn kept() {}\n",
            ),
            ("src/twice.rs", "fn inside() {}\n"),
        ]),
        2,
    );
    let found = diagnostics(&graph);
    assert!(found.contains(
        &"src/lib.rs:1:0 error: file not found for module `missing`: looked for \
          `src/missing.rs` or `src/missing/mod.rs`"
            .to_string()
    ));
    assert!(found.contains(&"src/lib.rs:3:0 warning: module `twice` is declared twice".to_string()));
    let items = items(&graph);
    assert!(items.contains(&"function lib::kept".to_string()));
    assert!(items.contains(&"function lib::twice::inside".to_string()));
}

#[test]
fn macro_generated_items_are_macro_calls() {
    let graph = one("macro_rules! make {
    ($name:ident) => { pub struct $name; };
}
make!(Generated);
wrapper! { pub struct Wrapped; }
fn after() {}
");
    assert_eq!(
        items(&graph),
        [
            "module lib",
            "macro lib::make",
            // The crate's own macro is expanded; an unknown one's input is parsed.
            "struct lib::Generated",
            "struct lib::Wrapped",
            "function lib::after",
        ]
    );
    let wrapped = graph.nodes.iter().find(|n| n.name == "Wrapped");
    assert!(wrapped.is_some_and(|n| n.details.flags.iter().any(|f| f == "in_macro")));
    let macro_calls = graph
        .edges
        .iter()
        .filter(|e| e.kind == cratemap::model::EdgeKind::MacroCall)
        .count();
    assert!(macro_calls >= 1);
    assert_eq!(diagnostics(&graph), [] as [&str; 0]);
}

#[test]
fn doc_comments_in_odd_places() {
    // Doc comments become `#[d]` markers before syn sees them (`docs.rs`): wherever they
    // stand, the graph must be what syn makes of the real comments, and nothing is lost.
    let graph = one("//! Crate docs.
#[d]
/// Doc after a real `d` attribute.
#[cfg_attr(all(), doc = \"made /// by an attribute\")]
pub fn first() {}
/** Block café. */ pub struct NonAscii;
mod m {
    //!x
    //! Second line.
    fn inner() {
        /// A doc comment on a statement.
        let x = 1;
        wrap! { /// In a macro.
            fn in_macro() {}
        }
    }
    /// Dangling at the end of a block.
}
/// Last.
\r
pub fn after() {}
");
    let doc = |name: &str| {
        let node = graph.nodes.iter().find(|n| n.name == name);
        node.and_then(|n| n.details.doc().map(str::to_owned))
    };
    assert_eq!(doc("lib").as_deref(), Some("Crate docs."));
    assert_eq!(
        doc("first").as_deref(),
        Some("Doc after a real `d` attribute.")
    );
    let first = graph.nodes.iter().find(|n| n.name == "first");
    let attrs = first.map(|n| {
        n.details
            .attrs
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
    });
    assert_eq!(
        attrs,
        Some(vec![
            "d".to_string(),
            "cfg_attr(all(), doc = \"made /// by an attribute\")".to_string()
        ])
    );
    assert_eq!(doc("NonAscii").as_deref(), Some("Block café."));
    assert_eq!(doc("m").as_deref(), Some("x Second line."));
    assert!(doc("in_macro").is_some_and(|d| d == "In a macro."));
    assert_eq!(doc("after").as_deref(), Some("Last."));
    // The dangling comment is syn's error, reported where it stands; the rest is kept.
    assert!(items(&graph).contains(&"function lib::after".to_string()));
    assert!(items(&graph).contains(&"function lib::m::inner".to_string()));
}

/// Whether syn kept some item only as tokens, anywhere in the file.
fn has_verbatim(file: &syn::File) -> bool {
    use syn::visit::Visit;
    struct Finder(bool);
    impl Visit<'_> for Finder {
        fn visit_item(&mut self, item: &syn::Item) {
            self.0 |= matches!(item, syn::Item::Verbatim(_));
            syn::visit::visit_item(self, item);
        }
        fn visit_impl_item(&mut self, item: &syn::ImplItem) {
            self.0 |= matches!(item, syn::ImplItem::Verbatim(_));
            syn::visit::visit_impl_item(self, item);
        }
        fn visit_trait_item(&mut self, item: &syn::TraitItem) {
            self.0 |= matches!(item, syn::TraitItem::Verbatim(_));
            syn::visit::visit_trait_item(self, item);
        }
    }
    let mut finder = Finder(false);
    finder.visit_file(file);
    finder.0
}

/// Each nightly-syntax class found in std's sources (one committed fixture each): plain syn
/// rejects the file (or keeps items only as tokens), cratemap keeps every item.
#[test]
fn nightly_syntax_of_std() {
    let expected: &[(&str, &[&str])] = &[
        (
            "const_bounds.rs",
            &["clone_from", "old_style", "returns_const_impl"],
        ),
        (
            "const_closures.rs",
            &["const_closures", "impl_const_in_a_body", "Z", "drop"],
        ),
        (
            "const_trait.rs",
            &["Add", "Output", "add", "TrivialClone", "BytewiseEq"],
        ),
        ("decl_macro.rs", &["Copy", "is_empty", "after_the_macros"]),
        (
            "impl_const.rs",
            &[
                "Infallible",
                "Global",
                "Cycle",
                "from",
                "allocate",
                "clone",
                "new",
            ],
        ),
        (
            "intrinsics.rs",
            &["volatile_load", "transmute", "with_a_body"],
        ),
    ];
    let files = fixture("hostile_nightly");
    assert_eq!(files.len(), expected.len());
    for file in &files {
        let text = std::str::from_utf8(&file.bytes).expect("UTF-8");
        let plain = syn::parse_file(text);
        assert!(
            plain.map_or(true, |f| has_verbatim(&f)),
            "{} is no test of recovery: plain syn reads it",
            file.path
        );
    }
    let graph = analyze_with(files, 2);
    assert_eq!(diagnostics(&graph), [] as [&str; 0]);
    for (path, names) in expected {
        assert_eq!(status(&graph, path), FileStatus::Ok);
        let found: Vec<&str> = graph
            .nodes
            .iter()
            .filter(|n| n.file.as_deref() == Some(*path) && n.kind != NodeKind::Module)
            .filter(|n| !matches!(n.kind, NodeKind::Field | NodeKind::Impl))
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(found, *names, "{path}");
    }
}

#[test]
fn encodings() {
    let mut bom_crlf = b"\xEF\xBB\xBF#!/usr/bin/env run-cargo-script\r\n".to_vec();
    bom_crlf.extend_from_slice(
        b"//! Docs.\r\n\r\nfn main() {\r\n    x(\"\r\n\");\r\n}\r\nfn b() {}\r\n",
    );
    let graph = analyze_with(
        vec![
            SourceFile::new("a.rs", bom_crlf),
            SourceFile::new("bad_utf8.rs", b"fn a() {}\nfn \xff() {}\n".to_vec()),
            SourceFile::new("nul.rs", b"fn a() {}\0".to_vec()),
            SourceFile::new("good.rs", b"fn good() {}".to_vec()),
        ],
        2,
    );
    assert_eq!(status(&graph, "a.rs"), FileStatus::Ok);
    let b = graph
        .nodes
        .iter()
        .find(|n| n.path == "a::b")
        .expect("b kept");
    assert_eq!(b.span.map(|s| s.start), Some([8, 0]));
    assert_eq!(status(&graph, "bad_utf8.rs"), FileStatus::Failed);
    assert_eq!(status(&graph, "nul.rs"), FileStatus::Failed);
    assert_eq!(status(&graph, "good.rs"), FileStatus::Ok);
    let found = diagnostics(&graph);
    assert!(found.contains(
        &"bad_utf8.rs:2:3 error: file is not valid UTF-8 (invalid byte 0xff)".to_string()
    ));
    assert!(found
        .iter()
        .any(|d| d.starts_with("nul.rs:1:9 error: file contains a NUL byte")));
}

#[test]
fn input_limits() {
    let files: Vec<SourceFile> = (0..5)
        .map(|i| SourceFile::new(format!("f{i}.rs"), format!("fn f{i}() {{}}")))
        .collect();
    let limited = |limits: Limits| {
        analyze(
            files.clone(),
            &Options {
                threads: Some(2),
                limits,
                timings: false,
            },
        )
    };
    let graph = limited(Limits {
        max_files: 3,
        ..Limits::default()
    });
    let failed: Vec<&str> = graph
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Failed)
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(failed, ["f3.rs", "f4.rs"]);
    assert!(diagnostics(&graph).contains(
        &"f3.rs:1:0 error: skipped: the input has more than 3 files (the file limit)".to_string()
    ));
    let graph = limited(Limits {
        max_total_bytes: 15,
        ..Limits::default()
    });
    assert_eq!(status(&graph, "f0.rs"), FileStatus::Ok);
    assert_eq!(status(&graph, "f1.rs"), FileStatus::Failed);
    assert!(diagnostics(&graph).iter().any(|d| d.starts_with(
        "f1.rs:1:0 error: skipped: the input passed the total size limit of 15 bytes"
    )));
}

#[test]
fn pathological_sizes() {
    // A 1,000-character identifier.
    let name = "x".repeat(1_000);
    let graph = one(&format!("pub struct {name} {{ {name}: {name} }}"));
    let named = graph.nodes.iter().filter(|n| n.name == name);
    let kinds: Vec<NodeKind> = named.map(|n| n.kind).collect();
    assert_eq!(kinds, [NodeKind::Struct, NodeKind::Field, NodeKind::Type]);

    // 100,000 items in one file.
    let text: String = (0..100_000).map(|i| format!("fn f{i}() {{}}\n")).collect();
    let graph = one(&text);
    let functions = graph.nodes.iter().filter(|n| n.kind == NodeKind::Function);
    assert_eq!(functions.count(), 100_000);

    // Many broken items inside one impl: each costs only itself (and recovery stays linear).
    let methods: String = (0..20_000)
        .map(|i| format!("    fn m{i}(&self) {{ let = ; }}\n"))
        .collect();
    let graph = one(&format!("impl X {{\n{methods}}}\nfn after() {{}}"));
    let kept = graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Method && n.details.partial);
    assert_eq!(kept.count(), 20_000);
    assert_eq!(graph.diagnostics.len(), 20_000);

    // A single line of 10 MB.
    let text = format!(
        "const S: &str = \"{}\"; fn after() {{}}",
        "x".repeat(10 << 20)
    );
    let graph = one(&text);
    assert_eq!(
        items(&graph),
        ["module lib", "const lib::S", "function lib::after"]
    );
    assert_eq!(status(&graph, "lib.rs"), FileStatus::Ok);
}

#[test]
fn deep_nesting_is_cut_not_crashed() {
    let depth = 100_000;
    for (text, kept) in [
        (
            format!(
                "fn parens() {{ {}1{} }}\nfn after() {{}}",
                "(".repeat(depth),
                ")".repeat(depth)
            ),
            ["module lib", "function lib::parens", "function lib::after"].as_slice(),
        ),
        (
            format!("fn unary() {{ {}1 }}\nfn after() {{}}", "-".repeat(depth)),
            ["module lib", "function lib::unary", "function lib::after"].as_slice(),
        ),
        (
            format!("const SUM: u8 = 1{};\nfn after() {{}}", "+1".repeat(depth)),
            ["module lib", "function lib::after"].as_slice(),
        ),
        (
            format!(
                "fn types(_: {}u8{}) {{}}\nfn after() {{}}",
                "Vec<".repeat(depth),
                ">".repeat(depth)
            ),
            ["module lib", "function lib::types", "function lib::after"].as_slice(),
        ),
    ] {
        let graph = one(&text);
        assert_eq!(items(&graph), kept);
        let found = diagnostics(&graph);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("nested deeper than"), "{}", found[0]);
        assert_eq!(status(&graph, "lib.rs"), FileStatus::Partial);
    }
}

#[test]
fn five_thousand_nested_modules() {
    // Inline: the outer modules are kept, the ones past the depth limit are cut.
    let text = format!("{}{}", "mod a { ".repeat(5_000), "} ".repeat(5_000));
    let graph = one(&text);
    let modules = graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Module)
        .count();
    let limit = Limits::default().max_depth;
    assert!((limit / 4..limit).contains(&modules), "{modules}");
    assert_eq!(graph.diagnostics.len(), 1);
    // In files: all of them.
    let files: Vec<SourceFile> = (0..5_000)
        .map(|depth| {
            let dir = "a/".repeat(depth);
            let path = if depth == 0 {
                "src/lib.rs".to_string()
            } else {
                format!("src/{dir}mod.rs")
            };
            SourceFile::new(path, "pub mod a;\n")
        })
        .collect();
    let graph = analyze_with(files, 2);
    let modules = graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Module)
        .count();
    // The root, and 5,000 declarations (the last one's file is missing).
    assert_eq!(modules, 5_001);
    let found = diagnostics(&graph);
    assert_eq!(found.len(), 1, "{:?}", &found[..found.len().min(3)]);
    assert!(found[0].contains("file not found for module `a`"));
}
