//! The crate's own `macro_rules!`, expanded (`src/expand/`): the items and impls they
//! write are in the graph (`tests/fixtures/expansion`), and hostile macros end with a
//! diagnostic.

mod common;

use common::{analyze_with, fixture, render, source};
use cratemap::model::{EdgeKind, Graph, NodeKind, Severity};

fn graph() -> Graph {
    analyze_with(fixture("expansion"), 2)
}

fn node<'g>(graph: &'g Graph, kind: NodeKind, path: &str) -> &'g cratemap::model::Node {
    let found = graph
        .nodes
        .iter()
        .find(|n| n.kind == kind && n.path == path);
    found.unwrap_or_else(|| panic!("no {} {path}", kind.as_str()))
}

fn has_edge(graph: &Graph, source: u32, kind: EdgeKind, target: u32) -> bool {
    graph
        .edges
        .iter()
        .any(|e| e.source == source && e.kind == kind && e.target == target)
}

#[test]
fn expansion_fixture_snapshot() {
    insta::assert_snapshot!(render(&graph()));
}

#[test]
fn expanded_items_carry_the_invocation_and_the_macro() {
    let g = graph();
    let meters = node(&g, NodeKind::Struct, "expansion::Meters");
    assert!(meters.details.flags.iter().any(|f| f == "expanded"));
    assert_eq!(
        meters.details.text(cratemap::model::Text::ExpandedFrom),
        Some("wrap")
    );
    assert_eq!(meters.details.derives.as_slice(), ["Debug"]);
    let span = meters.span.expect("a span");
    assert_eq!(
        (span.start[0], span.end[0]),
        (21, 24),
        "the whole `wrap! {{ .. }}`"
    );
    // Calls into what a macro wrote resolve like any other.
    let get = node(&g, NodeKind::Method, "expansion::Meters::get");
    let read = node(&g, NodeKind::Function, "expansion::read");
    assert!(has_edge(&g, read.id, EdgeKind::Calls, get.id));
    // `macro_call` edges stay.
    let wrap = node(&g, NodeKind::Macro, "expansion::wrap");
    let root = node(&g, NodeKind::Module, "expansion");
    assert!(has_edge(&g, root.id, EdgeKind::MacroCall, wrap.id));
}

#[test]
fn macro_generated_impls_are_implements_relations() {
    let g = graph();
    let shape = node(&g, NodeKind::Trait, "expansion::Shape");
    for ty in [
        "expansion::shapes::Square",
        "expansion::shapes::Tile",
        "expansion::Empty",
    ] {
        let ty = node(&g, NodeKind::Struct, ty);
        let implements = g.nodes.iter().any(|n| {
            n.kind == NodeKind::Impl
                && has_edge(&g, n.id, EdgeKind::ImplFor, ty.id)
                && has_edge(&g, n.id, EdgeKind::Implements, shape.id)
        });
        assert!(implements, "{} implements Shape", ty.path);
    }
    // A trait a macro defines takes hand-written impls.
    let named = node(&g, NodeKind::Trait, "expansion::Named");
    assert!(g
        .nodes
        .iter()
        .any(|n| n.kind == NodeKind::Impl && has_edge(&g, n.id, EdgeKind::Implements, named.id)));
}

#[test]
fn recursion_nested_repetitions_scope_and_fragments() {
    let g = graph();
    // The muncher's three functions, each calling the next through `$crate`.
    let one = node(&g, NodeKind::Function, "expansion::one");
    let two = node(&g, NodeKind::Function, "expansion::two");
    let three = node(&g, NodeKind::Function, "expansion::three");
    assert!(has_edge(&g, one.id, EdgeKind::Calls, two.id));
    assert!(has_edge(&g, two.id, EdgeKind::Calls, three.id));
    node(&g, NodeKind::Field, "expansion::Point::x");
    node(&g, NodeKind::Field, "expansion::Point::y");
    node(&g, NodeKind::Struct, "expansion::Empty");
    node(&g, NodeKind::Struct, "expansion::First");
    node(&g, NodeKind::Struct, "expansion::Second");
    for f in ["from_block", "from_pat", "from_expr"] {
        node(&g, NodeKind::Function, &format!("expansion::{f}"));
    }
    node(&g, NodeKind::Struct, "expansion::FromItem");
    node(
        &g,
        NodeKind::Method,
        "expansion::shapes::Tile::tile_area_twice",
    );
}

#[test]
fn cfg_in_the_output_makes_twins() {
    let g = graph();
    let twins: Vec<_> = g
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Function && n.path == "expansion::platform")
        .collect();
    assert_eq!(twins.len(), 2);
    let cfgs: Vec<_> = twins.iter().map(|n| n.details.cfgs.to_vec()).collect();
    assert_eq!(
        cfgs,
        [vec!["unix".to_string()], vec!["not(unix)".to_string()]]
    );
    assert_eq!(
        twins
            .iter()
            .filter(|n| n.details.flags.iter().any(|f| f == "cfg_off"))
            .count(),
        1,
        "one twin is off in a default build"
    );
}

#[test]
fn cfg_on_the_invocation_reaches_its_items() {
    let g = graph();
    let mut cfgs: Vec<_> = g
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Const && n.path == "expansion::LIMIT")
        .map(|n| {
            (
                n.details.cfgs.to_vec(),
                n.details.flags.iter().any(|f| f == "cfg_off"),
            )
        })
        .collect();
    cfgs.sort();
    assert_eq!(
        cfgs,
        [
            (vec!["not(windows)".to_string()], false),
            (vec!["windows".to_string()], true),
        ]
    );
}

/// Runs `text` as a crate's `lib.rs`; the diagnostics' messages.
fn warnings(text: &str) -> (Graph, Vec<String>) {
    let g = analyze_with(source(&[("src/lib.rs", text)]), 2);
    let messages = g
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.message.clone())
        .collect();
    (g, messages)
}

#[test]
fn endless_recursion_ends_with_a_diagnostic() {
    let (_, messages) = warnings("macro_rules! again { () => { again!{} }; }\nagain!{}\n");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("nested expansions"), "{messages:?}");
}

#[test]
fn exponential_growth_ends_with_a_diagnostic() {
    let text = format!(
        "macro_rules! twice {{ (x $($t:tt)*) => {{ twice!($($t)*); twice!($($t)*); }}; () => {{ struct S; }}; }}\ntwice!({});\n",
        "x ".repeat(60)
    );
    let (g, messages) = warnings(&text);
    assert!(!messages.is_empty());
    assert!(g.nodes.len() < 50_000, "{} nodes", g.nodes.len());
}

#[test]
fn a_huge_expansion_ends_with_a_diagnostic() {
    // Each level writes its input eight times: 8^12 tokens unchecked.
    let text = "macro_rules! big {\n\
        ((x $($t:tt)*) $($body:tt)*) => { big!(($($t)*) $($body)* $($body)* $($body)* $($body)* $($body)* $($body)* $($body)* $($body)*); };\n\
        (() $($body:tt)*) => { const N: usize = 0; };\n\
        }\nbig!((x x x x x x x x x x x x) a b c d e f g h);\n";
    let (_, messages) = warnings(text);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("output tokens") || m.contains("steps")),
        "{messages:?}"
    );
}

#[test]
fn std_macros_are_never_expanded() {
    let (g, _) = warnings(
        "macro_rules! vec { ($($t:tt)*) => { pub struct NotAVec; }; }\n\
         pub fn f() -> usize { 1 }\n\
         vec![f()];\n",
    );
    assert!(!g.nodes.iter().any(|n| n.name == "NotAVec"));
}

#[test]
fn calls_in_statement_and_expression_expansions_are_the_functions() {
    let (g, messages) = warnings(
        "pub fn target() -> u8 { 1 }\n\
         pub fn other(x: u8) -> u8 { x }\n\
         macro_rules! call { ($f:ident) => { $f() }; }\n\
         macro_rules! both { ($a:expr) => { let v = other($a); v + call!(target) }; }\n\
         macro_rules! again { () => { again!() }; }\n\
         pub fn caller() -> u8 { both!(2) }\n\
         pub fn runaway() { again!(); }\n",
    );
    let caller = node(&g, NodeKind::Function, "lib::caller");
    for callee in ["lib::target", "lib::other"] {
        let callee = node(&g, NodeKind::Function, callee);
        assert!(
            has_edge(&g, caller.id, EdgeKind::Calls, callee.id),
            "{}",
            callee.path
        );
    }
    assert_eq!(messages.len(), 1, "{messages:?}");
}

#[test]
fn docs_passed_through_a_macro_are_the_item_s_docs() {
    let (g, _) = warnings(
        "macro_rules! wrap {\n\
         ($(#[$m:meta])* $v:vis struct $name:ident;) => { $(#[$m])* $v struct $name; };\n\
         ($(#![$m:meta])* mod $name:ident) => { pub mod $name { $(#![$m])* } };\n\
         }\n\
         wrap! {\n\
         /// Outer docs.\n\
         #[derive(Debug)]\n\
         pub struct Wrapped;\n\
         }\n\
         wrap! {\n\
         //! Inner docs.\n\
         mod m\n\
         }\n",
    );
    let doc = |kind, path| {
        node(&g, kind, path)
            .details
            .text(cratemap::model::Text::Doc)
            .map(str::to_owned)
    };
    assert_eq!(
        doc(NodeKind::Struct, "lib::Wrapped").as_deref(),
        Some("Outer docs.")
    );
    assert_eq!(
        doc(NodeKind::Module, "lib::m").as_deref(),
        Some("Inner docs.")
    );
    let wrapped = node(&g, NodeKind::Struct, "lib::Wrapped");
    assert!(
        !wrapped.details.attrs.iter().any(|a| a.contains("[d]")),
        "{:?}",
        wrapped.details.attrs
    );
}

#[test]
fn of_macros_under_opposite_cfgs_the_default_build_s_expands() {
    let manifest = "[package]\nname = \"twins\"\nversion = \"0.1.0\"\n\n\
                    [features]\ndefault = [\"std\"]\nstd = []\nlog = []\n";
    let lib = "#[macro_use]\nmod macros;\nmod user;\n\
               pub fn logged() {}\npub fn quiet() {}\n\
               pub fn here() { note!(); }\n";
    let macros = "#[cfg(feature = \"log\")]\nmacro_rules! note { () => { crate::logged() }; }\n\
                  #[cfg(not(feature = \"log\"))]\nmacro_rules! note { () => { crate::quiet() }; }\n\
                  #[cfg(feature = \"std\")]\nmacro_rules! kind { () => { pub struct WithStd; }; }\n\
                  #[cfg(not(feature = \"std\"))]\nmacro_rules! kind { () => { pub struct NoStd; }; }\n";
    let user = "pub fn there() { note!(); }\nkind!();\n";
    let g = analyze_with(
        source(&[
            ("Cargo.toml", manifest),
            ("src/lib.rs", lib),
            ("src/macros.rs", macros),
            ("src/user.rs", user),
        ]),
        2,
    );
    let quiet = node(&g, NodeKind::Function, "twins::quiet").id;
    let logged = node(&g, NodeKind::Function, "twins::logged").id;
    for caller in ["twins::here", "twins::user::there"] {
        let caller = node(&g, NodeKind::Function, caller).id;
        assert!(has_edge(&g, caller, EdgeKind::Calls, quiet));
        assert!(!has_edge(&g, caller, EdgeKind::Calls, logged));
    }
    assert!(g.nodes.iter().any(|n| n.path == "twins::user::WithStd"));
    assert!(!g.nodes.iter().any(|n| n.name == "NoStd"));
}
